"""Run the selected checks over documents: read, check, deduplicate, sort. No output formatting here."""

from __future__ import annotations

import glob
import os
import signal
import sys
import threading
from contextlib import contextmanager
from dataclasses import replace
from typing import Callable, Iterable

from .context import Context
from .errors import AuditorError, ReadError, display_path, short_detail
from .config import Config, Selection
from .findings import FileResult, Finding, Run, Severity
from .model import Document
from .readers import DISCOVERABLE, kind_of, read_document
from .registry import REGISTRY, CheckSpec


# A repository of reports keeps its own notes beside them; a directory walk does not take those for
# reports (name such a file explicitly to check it).
_REPOSITORY_DOCS = ("readme", "changelog", "license", "contributing", "known-defects")


def discover(paths: Iterable[str]) -> list[str]:
    """Files named on the command line as given; directories walked for report files, sorted."""
    found: list[str] = []
    expanded: list[str] = []
    for path in paths:
        # a quoted glob ("reports/**/*.docx") is expanded here, as a shell would
        if not os.path.exists(path) and any(c in path for c in "*?["):
            expanded.extend(sorted(glob.glob(path, recursive=True)) or [path])
        else:
            expanded.append(path)
    for path in expanded:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(("~$", ".")):  # Office lock files and hidden files
                        continue
                    if name.lower().startswith(_REPOSITORY_DOCS) and name.lower().endswith((".md", ".txt")):
                        continue
                    if os.path.splitext(name)[1].lower() in DISCOVERABLE:
                        found.append(os.path.join(root, name))
        else:
            found.append(path)
    seen: set[str] = set()
    unique = []
    for path in found:
        key = os.path.normpath(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def check_document(doc: Document, checks: list[CheckSpec], lang: str = "zh",
                   config: Config | None = None) -> list[Finding]:
    config = config or Config()
    overrides = dict(config.severity)
    options = {code: dict(opts) for code, opts in config.options}
    findings: list[Finding] = []
    seen: set[tuple] = set()
    shared: dict = {}
    for spec in checks:
        merged = {**spec.options, "tolerance": config.tolerance, **options.get(spec.code, {})}
        if config.grade_bands and "bands" in spec.options:
            merged["bands"] = [list(band) for band in config.grade_bands]
        ctx = Context(doc=doc, spec=spec, lang=lang, options=merged, shared=shared)
        spec.func(ctx)
        for f in ctx.findings:
            if f.code in overrides:
                f = replace(f, severity=Severity(overrides[f.code]))
            key = (f.code, f.message, tuple((loc.start, loc.end) for loc in f.locations))
            if key not in seen:
                seen.add(key)
                findings.append(f)
    findings.sort(key=lambda f: f.sort_key)
    return findings


def selected_checks(config: Config, path: str | None = None) -> list[CheckSpec]:
    selection = Selection(config)
    return [spec for spec in REGISTRY.all() if selection.enabled(spec.code, path)]


DEFAULT_TIMEOUT = 60  # seconds per file


class _Timeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: float | None):
    """Interrupt a file that takes longer than ``seconds`` (SIGALRM; main thread of a process only)."""
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def audit_file(path: str, *, checks: list[CheckSpec] | None = None, lang: str = "zh",
               config: Config | None = None, timeout: float | None = DEFAULT_TIMEOUT) -> FileResult:
    """Read and check one file; never raises for a bad file (the error is in the result)."""
    config = config or Config()
    checks = selected_checks(config, path) if checks is None else checks
    result = FileResult(path=path, kind=kind_of(path))
    try:
        with _time_limit(timeout):
            doc = read_document(path)
            result.kind = doc.kind
            result.document = doc
            result.findings = check_document(doc, checks, lang, config)
    except _Timeout:
        result.error = ReadError("timeout", path, seconds=timeout)
        result.document, result.findings = None, []
    except AuditorError as exc:
        result.error = exc
    except Exception as exc:  # a bug must not hide the other files' results nor show a traceback
        result.error = ReadError("internal", path, detail=f"{type(exc).__name__}: {short_detail(exc)}")
    result.fail_on = config.fail_on
    result.source = str(path)
    result.path = display_path(path)  # reports are text: a name that is not UTF-8 must still print
    return result


def audit_bytes(data: bytes, kind: str, *, name: str | None = None, config: Config | None = None,
                lang: str = "zh") -> FileResult:
    """Check a report held in memory; ``kind`` is its format (txt, md, docx, pdf)."""
    from .readers import read_bytes

    path = name or f"<bytes>.{kind}"
    if not path.lower().endswith(f".{kind}"):
        path = f"{path}.{kind}"
    config = config or Config()
    result = FileResult(path=path, kind=kind)
    try:
        doc = read_bytes(data, path)
        result.document = doc
        result.findings = check_document(doc, selected_checks(config, path), lang, config)
    except AuditorError as exc:
        result.error = exc
    except Exception as exc:
        result.error = ReadError("internal", path, detail=f"{type(exc).__name__}: {short_detail(exc)}")
    result.fail_on = config.fail_on
    return result


def audit_text(text: str, *, checks: list[CheckSpec] | None = None, lang: str = "zh",
               path: str = "<text>", kind: str = "txt", config: Config | None = None) -> FileResult:
    """Check a report given as text (tests, rule docs, the library API)."""
    from .readers.text import read_text

    config = config or Config()
    checks = selected_checks(config) if checks is None else checks
    doc = read_text(path, text.encode("utf-8"), kind)
    return FileResult(path=path, kind=kind, findings=check_document(doc, checks, lang, config), document=doc)


def _audit_job(job: tuple[str, Config | None, str, bool, float | None]) -> FileResult:
    path, config, lang, keep_document, timeout = job
    result = audit_file(path, lang=lang, config=config, timeout=timeout)
    if not keep_document:
        result.document = None  # nothing to ship back to the parent process
    return result


_WARM_UP_REPORT = """一、部门基本情况
2023年年初预算数为100.00万元，调整后预算数为120.00万元，执行数为108.00万元，预算执行率为90.00%。
其中：基本支出60.00万元，项目支出48.00万元。
指标1：慰问困难群众，年度指标值≥500户，实际完成值520户，完成率104%，得分10分。
"""


def warm_up(files: list[str] = ()) -> None:
    """Load, once, what checking any file needs (the checks, the vocabularies and their compiled
    patterns, the caches the checks keep) and the libraries of the readers ``files`` will use: worker
    processes forked afterwards share them instead of each loading them again."""
    from .readers import READERS, warm_up_reader

    try:
        for ext in sorted({os.path.splitext(p)[1].lower() for p in files} & set(READERS)):
            warm_up_reader(ext)
        audit_text(_WARM_UP_REPORT)
    except Exception:  # noqa: BLE001 - only a head start: a plugin that fails will fail per file, reported
        pass


def _cached_result(cache, key: str, path: str, config: Config | None, keep_document: bool) -> FileResult | None:
    """The result of an unchanged file from the cache; its document read again when a reporter shows
    the text (reading is a small part of checking)."""
    entry = cache.load(key)
    if entry is None:
        return None
    kind, findings = entry
    result = FileResult(path=display_path(path), kind=kind, findings=findings, source=str(path),
                        fail_on=(config or Config()).fail_on)
    if keep_document:
        try:
            result.document = read_document(path)
        except Exception:  # noqa: BLE001 - it read a moment ago; now it does not: check it afresh
            return None
    return result


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def audit_paths(paths: Iterable[str], *, checks: list[CheckSpec] | None = None, lang: str = "zh",
                config_for: Callable[[str], Config] | None = None, jobs: int = 1,
                progress: Callable[[FileResult], None] | None = None, keep_documents: bool = True,
                timeout: float | None = DEFAULT_TIMEOUT, cache=None) -> Run:
    """Check every file; with ``jobs`` > 1 in worker processes. Results keep the input order, so the
    output is the same whatever the number of jobs.

    ``cache`` (an ``auditor.cache.ResultCache``) gives unchanged files their stored findings without
    loading the checks, and stores the findings of the files checked; only with the registry's checks
    (``checks`` None), since a list given here is not part of the key."""
    files = discover(paths)
    configs = [config_for(p) if config_for else None for p in files]
    results: list[FileResult | None] = [None] * len(files)
    keys: list[str | None] = [None] * len(files)
    if cache is not None and checks is None:
        for i, (path, config) in enumerate(zip(files, configs)):
            keys[i] = cache.key(path, config, lang)
            if keys[i] is not None:
                results[i] = _cached_result(cache, keys[i], path, config, keep_documents)
                if results[i] is not None and progress:
                    progress(results[i])
    todo = [i for i, r in enumerate(results) if r is None]

    def done(i: int, result: FileResult) -> None:
        results[i] = result
        if keys[i] is not None and result.error is None:
            cache.store(keys[i], result.kind, result.findings)
        if progress:
            progress(result)

    if jobs > 1 and len(todo) > 1 and checks is None:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        import gc

        context = None
        if sys.platform.startswith("linux"):
            import multiprocessing

            # Forked workers share what the warm-up loaded instead of each loading it again; frozen
            # (moved out of the collector's sight) it is not walked, and so not copied page by page, by
            # each worker's collections. The workers are forked at the first submit.
            context = multiprocessing.get_context("fork")
            warm_up([files[i] for i in todo])
            gc.freeze()
        try:
            with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=context) as pool:
                # the largest files first, so that no worker is left with a long one at the end while the
                # other waits; results still go back to their places in the input order
                futures = {pool.submit(_audit_job, (files[i], configs[i], lang, keep_documents, timeout)): i
                           for i in sorted(todo, key=lambda i: -_size(files[i]))}
                for future in as_completed(futures):
                    done(futures[future], future.result())
        finally:
            gc.unfreeze()  # a library caller's process is left as it was
    else:
        for i in todo:
            done(i, audit_file(files[i], checks=checks, lang=lang, config=configs[i], timeout=timeout))
    return Run(files=results, lang=lang)
