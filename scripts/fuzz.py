#!/usr/bin/env python
"""A longer fuzz run over the targets of ``tests/robustness/test_fuzz.py``.

    python scripts/fuzz.py --minutes 30                   # every target, round robin
    python scripts/fuzz.py --minutes 5 --target audit     # one target (repeatable)
    python scripts/fuzz.py --rounds 1 --examples 50       # one round of 50 examples per target

Each round gives every target a fresh batch of random examples (no shrinking database is reused
between rounds, so rounds explore new inputs). When a target fails, the shrunk failing input is written
to ``tests/robustness/regressions/<target>--<digest>.<ext>`` (the test suite replays every file there)
and the run goes on with the other targets. Exit status: 0 when nothing failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _load_targets():
    # the targets import the package and the tests' own helpers (tests/sample_files.py), as pytest does
    sys.path[:0] = [str(REPO), str(REPO / "tests")]
    spec = importlib.util.spec_from_file_location("robustness_fuzz", REPO / "tests" / "robustness" / "test_fuzz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run_target(module, name: str, examples: int, seed: int | None) -> tuple[object, BaseException] | None:
    """One batch of ``examples`` for target ``name``; the (shrunk) failing input and its error, if any."""
    from hypothesis import HealthCheck, Verbosity, given, seed as hypothesis_seed, settings

    strategy, check, _ = module.TARGETS[name]
    failure: dict = {}

    def recording(value):
        try:
            check(value)
        except BaseException as exc:  # noqa: BLE001 - the fuzzer records whatever escapes
            if isinstance(exc, KeyboardInterrupt):
                raise
            failure["value"], failure["error"] = value, exc  # the last failure is the shrunk one
            raise

    test = settings(max_examples=examples, deadline=None, database=None, derandomize=False,
                    suppress_health_check=list(HealthCheck), print_blob=False,
                    verbosity=Verbosity.quiet)(given(strategy)(recording))
    if seed is not None:
        test = hypothesis_seed(seed)(test)
    try:
        test()
    except KeyboardInterrupt:
        raise
    except BaseException:  # noqa: BLE001
        if "value" in failure:
            return failure["value"], failure["error"]
        raise
    return None


def _signature(error: BaseException) -> str:
    """What tells two failures apart: the error type and message without temporary paths or numbers."""
    text = str(error).splitlines()[0] if str(error) else ""
    text = re.sub(r"\S*auditor-fuzz-\S*", "<path>", text)
    text = re.sub(r"\d+", "N", text)
    return f"{type(error).__name__}: {text[:160]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=None,
                        help="how long to run (default 10, or no limit with --rounds)")
    parser.add_argument("--rounds", type=int, default=None, help="stop after this many rounds")
    parser.add_argument("--target", action="append", help="a target to run (default: all); repeatable")
    parser.add_argument("--examples", type=int, default=None,
                        help="examples per target per round (default: 500, 25 for the reader targets)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the first round (then seed+1, …)")
    parser.add_argument("--stop-on-failure", action="store_true", help="stop at the first failing input")
    args = parser.parse_args(argv)

    module = _load_targets()
    names = args.target or list(module.TARGETS)
    unknown = [n for n in names if n not in module.TARGETS]
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; known: {', '.join(module.TARGETS)}")
    minutes = args.minutes if args.minutes is not None else (None if args.rounds else 10.0)
    deadline = time.monotonic() + minutes * 60 if minutes is not None else float("inf")
    counts = {n: 0 for n in names}
    failures: list[tuple[str, Path, BaseException]] = []
    signatures: set[str] = set()  # one saved input per distinct failure
    round_number = 0
    while time.monotonic() < deadline and (args.rounds is None or round_number < args.rounds):
        for name in names:
            if time.monotonic() >= deadline:
                break
            examples = args.examples or (25 if name.startswith("audit") else 500)
            seed = None if args.seed is None else args.seed + round_number
            found = _run_target(module, name, examples, seed)
            counts[name] += examples
            if found is not None:
                value, error = found
                signature = _signature(error)
                if signature in signatures:
                    print(f"[{name}] failed again: {signature}", flush=True)
                    continue
                signatures.add(signature)
                path = module.save_regression(name, value)
                failures.append((name, path, error))
                print(f"[{name}] FAILED -> {path.relative_to(REPO)}", flush=True)
                print("".join(traceback.format_exception_only(type(error), error)).rstrip(), flush=True)
                if args.stop_on_failure:
                    deadline = 0
                    break
        round_number += 1
        done = ", ".join(f"{n} {c}" for n, c in counts.items())
        print(f"round {round_number}: {done} examples so far; {len(failures)} failure(s)", flush=True)
    for name, path, error in failures:
        print(f"FAILED {name}: {path.relative_to(REPO)}: {type(error).__name__}: {str(error)[:200]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
