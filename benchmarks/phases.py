#!/usr/bin/env python3
"""Where one ``auditor check`` spends its time, by phase, timed without a profiler.

    python benchmarks/phases.py FILE [FILE ...] [--repeats 3]

For each file, in one fresh process per file (so start-up is what a real run pays):

* start-up: ``import auditor.cli`` and loading the checks (``selected_checks``);
* lexicons: the YAML lexicons and the place names the extractors load on first use;
* read: ``read_document`` (median of the repeats; the first read also pays lazy imports, shown apart);
* extract: ``auditor.extract.extract`` on a freshly read document, the caches keyed by text emptied first (median);
* checks: ``check_document`` (extraction included) less the extraction: the checks themselves;
* for .pdf, how many pages have enough ruling segments to go to pdfplumber's table finder.

cProfile inflates pure-Python code (PyYAML, python-docx, the extractors) much more than C code; these
timings do not, so use them for shares and the profile for the call paths.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

CHILD = r'''
import json, statistics, sys, time
path, repeats = sys.argv[1], int(sys.argv[2])
out = {}
t = time.perf_counter()
import auditor.cli  # noqa: F401
from auditor.config import Config
from auditor.engine import check_document, selected_checks
from auditor.readers import read_document
out["import auditor.cli"] = time.perf_counter() - t
t = time.perf_counter()
checks = selected_checks(Config(), path)
out["load checks"] = time.perf_counter() - t
t = time.perf_counter()
from auditor.extract.lexicon import lexicon
from auditor.extract.quantities import quantity_lexicon
lexicon(); quantity_lexicon()
try:  # the place-name index (cpca's table of divisions), where this version of the code has one
    from auditor.extract import places
    places.find_places("北京市")
except Exception:
    pass
out["lexicons (YAML, places)"] = time.perf_counter() - t

def timed(fn, n):
    runs = []
    value = None
    for _ in range(n):
        t = time.perf_counter()
        value = fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), value, runs[0]

read_med, doc, read_first = timed(lambda: read_document(path), repeats)
out["read (first, with lazy imports)"] = read_first
out["read"] = read_med
from auditor.extract import extract
import importlib

def forget():
    """Empty the caches keyed by text (a paragraph's quantities, places, cues, labels), so that a repeat
    on the same document costs what the first check of a new document costs, not a lookup."""
    for module, name in (("auditor.extract.quantities", "_parse_quantities"), ("auditor.extract.places", "find_places"),
                         ("auditor.extract.indicators", "_find_cues"), ("auditor.extract.lexicon", "normalized_label")):
        func = getattr(importlib.import_module(module), name, None)
        if hasattr(func, "cache_clear"):
            func.cache_clear()

d = read_document(path)
t = time.perf_counter(); extract(d); ext_first = time.perf_counter() - t
ext_runs = []
for _ in range(repeats):
    d = read_document(path)
    forget()
    t = time.perf_counter(); extract(d); ext_runs.append(time.perf_counter() - t)
out["  extraction, first run in the process"] = ext_first
out["  extraction (`extract`)"] = statistics.median(ext_runs)
chk_runs = []
for _ in range(repeats):
    d = read_document(path)
    forget()
    t = time.perf_counter(); check_document(d, checks); chk_runs.append(time.perf_counter() - t)
out["check_document (extraction included)"] = statistics.median(chk_runs)
out["  the checks themselves (check_document less extraction)"] = (
    out["check_document (extraction included)"] - out["  extraction (`extract`)"])
if path.endswith(".pdf"):
    import pypdfium2 as pdfium, pypdfium2.raw as raw
    import auditor.readers.pdf as pdfreader
    pdf = pdfium.PdfDocument(path)
    n = 0
    for i in range(len(pdf)):
        page = pdf[i]
        frame = pdfreader._Frame(page.get_mediabox(), page.get_rotation())
        n += bool(pdfreader._ruling_edges(page, raw, frame))
        page.close()
    out["pages with a possible table grid"] = n
    out["pages"] = len(pdf)
    pdf.close()
print(json.dumps(out))
'''


def phases(path: str, repeats: int = 3) -> dict:
    result = subprocess.run([sys.executable, "-c", CHILD, path, str(repeats)], capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        raise RuntimeError(f"phases of {path} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def markdown(path: str, out: dict, repeats: int = 3) -> str:
    whole = (out["import auditor.cli"] + out["load checks"] + out["lexicons (YAML, places)"]
             + out["read (first, with lazy imports)"] + out["check_document (extraction included)"])
    rows = [f"`{path}` — phases timed without a profiler, in one process (medians of {repeats} in-process "
            f"repeats; start-up + first read + check_document ≈ {whole:.2f} s)", "", "| phase | s | share of the sum |", "|---|---|---|"]
    order = ["import auditor.cli", "load checks", "lexicons (YAML, places)", "read (first, with lazy imports)", "read",
             "check_document (extraction included)", "  extraction, first run in the process",
             "  extraction (`extract`)", "  the checks themselves (check_document less extraction)"]
    keys = [k for k in order if k in out] + [k for k in out if k not in order]
    for key in keys:
        value = out[key]
        if key in ("pages with a possible table grid", "pages"):
            continue
        share = f"{100 * value / whole:.0f}%" if not key.startswith(("what-if", "read (first", "  extraction, first")) else ""
        label = key.replace("  ", "&nbsp;&nbsp;↳ ", 1) if key.startswith("  ") else key
        rows.append(f"| {label} | {value:.3f} | {share} |")
    if "pages" in out:
        rows.append(f"| pages with ≥ 8 path segments (handed to pdfplumber) | {out['pages with a possible table grid']}"
                    f" of {out['pages']} | |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    for f in args.files:
        print(markdown(str(Path(f)), phases(f, args.repeats)))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
