"""Check a large batch of reports on a Dask cluster — here the local distributed scheduler.

    pip install "report-auditor[dask]"
    python examples/dask_batch.py reports/ -o results.json

Each report is checked by ``auditor.audit_file`` in a worker; the picklable results come back in input
order and are written with the same JSON reporter the CLI uses, so the output is byte-identical to
``auditor check --format json reports/``. For a real cluster, pass its scheduler address instead of
starting a LocalCluster.
"""

from __future__ import annotations

import argparse
import sys

from auditor import audit_file
from auditor.engine import discover
from auditor.findings import Run
from auditor.reporters.json import JsonReporter


def check_with_dask(paths: list[str], *, workers: int = 2, address: str | None = None, lang: str = "zh") -> Run:
    from dask.distributed import Client, LocalCluster

    cluster = None if address else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                dashboard_address=None)
    with Client(address or cluster) as client:
        futures = client.map(audit_file, paths, lang=lang, pure=False)
        results = client.gather(futures)
    if cluster is not None:
        cluster.close()
    for result in results:
        result.document = None  # the reporter needs only the findings
    return Run(files=list(results), lang=lang)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("-o", "--output")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scheduler", help="address of an existing Dask scheduler")
    args = parser.parse_args(argv)
    run = check_with_dask(discover(args.paths), workers=args.workers, address=args.scheduler)
    text = JsonReporter(lang=run.lang).render(run)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
