"""Command line: ``auditor check``, ``dump``, ``extract``. Exit 0 clean, 1 findings, 2 unreadable input or bad usage."""

from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager

import click

from . import __version__, patterncache

patterncache.install()  # before the modules below compile their patterns: most are built from the file

from .atomic import replacing
from .config import Config, ConfigError
from .config import discover as discover_config
from .config import read_file as read_config_file
from .engine import audit_paths, discover
from .errors import AuditorError, ReadError, display_path, short_detail, visible
from .messages import LANGS, message
from .readers import read_document
from .reporters import available, get_reporter

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
PROGRESS_MIN_FILES = 4


def _default_lang() -> str:
    env = os.environ.get("AUDITOR_LANG", "")
    return env if env in LANGS else "zh"


def _use_color(flag: bool | None, stream) -> bool:
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="auditor")
def cli() -> None:
    """auditor: consistency checks for budget-performance self-evaluation reports (预算绩效自评报告)."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(sorted(available()), case_sensitive=False), help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--lang", type=click.Choice(LANGS), default=None, help="Language of messages (zh, en; default zh).")
@click.option("--color/--no-color", default=None, help="Colour the terminal output (default: on a TTY, unless NO_COLOR).")
@click.option("--select", help="Comma-separated codes or prefixes to check (default: all, or the config's).")
@click.option("--extend-select", help="Codes or prefixes to check in addition to the selected ones.")
@click.option("--ignore", help="Comma-separated codes or prefixes not to check.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]),
              help="The least severe finding that makes the exit code 1 (default: warning).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="Use this configuration file instead of looking for one next to each file.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are reported.")
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only, without the summary line.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per check instead of the findings.")
@click.option("--annotate", "annotate_dir", type=click.Path(file_okay=False),
              help="Write a copy of each .docx with one Word comment per finding into DIR.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for a batch (default: the number of cores).")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, exists=True),
              help="Report only findings that are not in this baseline.")
@click.option("--write-baseline", "write_baseline_file", type=click.Path(dir_okay=False),
              help="Record the current findings as the baseline in FILE.")
@click.option("--timeout", type=click.FloatRange(min=0), default=60, show_default=True,
              help="Give up on a file after this many seconds (0: no limit); the batch goes on.")
@click.option("--no-cache", is_flag=True,
              help="Check every file afresh and store nothing (also: AUDITOR_NO_CACHE=1).")
@click.option("--cache-dir", type=click.Path(file_okay=False),
              help="Keep the result cache in DIR (default: $AUDITOR_CACHE_DIR or the user cache directory).")
def check(paths, fmt, output, lang, color, exit_zero, quiet, statistics, annotate_dir, select, extend_select,
          ignore, fail_on, config_file, jobs, baseline_file, write_baseline_file, timeout, no_cache, cache_dir):
    """Check report files (.docx, .pdf, .txt, .md) and directories of them.

    Unchanged files are not checked again: their findings come from a cache keyed by the file's
    content, its configuration, the language and the version of auditor and its checks."""
    cache = _cache(no_cache, cache_dir)
    try:
        config_for, lang = _configuration(paths, config_file, lang, select=select, extend_select=extend_select,
                                          ignore=ignore, fail_on=fail_on, cache=cache)
    except ConfigError as exc:
        click.echo(f"auditor: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    files = discover(paths)
    if not files:  # still a valid (empty) report, so that a machine reader gets its JSON
        click.echo(message("cli.no-files", lang, path=" ".join(paths)), err=True)
    jobs = jobs or os.cpu_count() or 1
    try:
        with _progress(len(files)) as advance:
            run = audit_paths(files, lang=lang, config_for=config_for, jobs=jobs, progress=advance,
                              keep_documents=fmt == "html" or bool(annotate_dir), timeout=timeout or None,
                              cache=cache)
    except ConfigError as exc:
        click.echo(f"auditor: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    if cache is not None and cache.misses:
        cache.prune()
    if write_baseline_file:
        from .baseline import write

        count = write(run, write_baseline_file)
        click.echo(f"auditor: {count} finding(s) recorded in {write_baseline_file}", err=True)
    if baseline_file:
        from .baseline import BaselineError, apply, load

        try:
            apply(run, load(baseline_file))
        except BaselineError as exc:
            click.echo(f"auditor: {exc}", err=True)
            sys.exit(EXIT_ERROR)
    for result in run.files:
        if result.error is not None:
            click.echo(result.error.message(lang), err=True)
    stream = sys.stdout
    colored = _use_color(color, stream) and output is None
    reporter = get_reporter(fmt)(lang=lang, color=colored, quiet=quiet, statistics=statistics)
    rendered = reporter.render(run)
    _emit(rendered, output, lang, colored)
    if annotate_dir:
        _annotate(run, annotate_dir, lang)
    summary = run.summary()
    if summary["unreadable"]:
        sys.exit(EXIT_ERROR)
    if not exit_zero and any(r.fails() for r in run.files):
        sys.exit(EXIT_FINDINGS)


@contextmanager
def _progress(total: int):
    """A progress bar on stderr for a batch of more than a few files, when stderr is a terminal."""
    if total <= PROGRESS_MIN_FILES or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label="auditor", file=sys.stderr) as bar:
        yield lambda _result: bar.update(1)


def _codes(value: str | None) -> tuple[str, ...] | None:
    return tuple(c.strip() for c in value.split(",") if c.strip()) if value else None


def _cache(no_cache: bool, directory: str | None):
    from .cache import ResultCache, disabled_by_environment

    if no_cache or disabled_by_environment():
        return None
    return ResultCache(directory)


def _known_codes(cache) -> set[str]:
    """The codes of every check, built-in and plugin; remembered in the cache per version of the code,
    so that a run whose files are all unchanged does not import the checks at all."""

    def load() -> list[str]:
        from .registry import REGISTRY

        return sorted(spec.code for spec in REGISTRY.all())

    return set(cache.remembered("codes", load) if cache is not None else load())


def _configuration(paths, config_file, lang, cache=None, **flags):
    """A function giving each file its configuration (explicit file, or discovered), with the
    command line's flags on top; and the language of the run."""
    from .config import clear_cache

    clear_cache()
    known = _known_codes(cache)
    overrides = {
        "select": _codes(flags["select"]), "extend_select": _codes(flags["extend_select"]),
        "ignore": _codes(flags["ignore"]), "fail_on": flags["fail_on"],
    }
    for key in ("select", "extend_select", "ignore"):
        if overrides[key]:
            from .config import _validate_codes

            _validate_codes(overrides[key], known, f"--{key.replace('_', '-')}")
    explicit = read_config_file(config_file, known) if config_file else None
    if config_file and explicit is None:
        explicit = Config(source=config_file)

    def config_for(path: str) -> Config:
        base = explicit if explicit is not None else discover_config(path, known)
        return base.override(**overrides)

    if lang is None:
        first = config_for(paths[0]) if paths else Config()
        lang = first.lang or _default_lang()
    return config_for, lang


def _annotate(run, outdir: str, lang: str) -> None:
    """Word copies with the findings as comments; the originals are never touched."""
    from .reporters.docx_comments import annotate

    for result in run.files:
        if result.kind != "docx" or result.error is not None or result.document is None:
            continue
        try:
            annotate(result, outdir, lang=lang)
        except OSError as exc:
            click.echo(f"{outdir}: {short_detail(exc)}", err=True)
            sys.exit(EXIT_ERROR)


def _emit(rendered: str | bytes, output: str | None, lang: str, colored: bool = False) -> None:
    if output is None:
        if isinstance(rendered, bytes):
            sys.stdout.buffer.write(rendered)
        else:
            # click strips colour codes from piped output unless told the colour was asked for
            click.echo(rendered, nl=False, color=colored or None)
        return
    data = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
    try:
        with replacing(output) as fh:
            fh.write(data)
    except OSError as exc:
        click.echo(f"{output}: {short_detail(exc)}", err=True)
        sys.exit(EXIT_ERROR)


@cli.command()
@click.argument("path", type=click.Path())
@click.option("--format", "fmt", default="text", show_default=True, type=click.Choice(["text", "json"]))
@click.option("--normalized", is_flag=True, help="Print the normalised view the extractors read.")
@click.option("--lang", type=click.Choice(LANGS), default=_default_lang, show_default="zh")
def dump(path, fmt, normalized, lang):
    """Print the document model of one file: blocks, locations, section paths."""
    try:
        doc = read_document(path)
    except AuditorError as exc:
        click.echo(exc.message(lang), err=True)
        sys.exit(EXIT_ERROR)
    if normalized:
        rows = []
        for seg in doc.normalized.segments:
            loc = doc.locate(seg.offsets[0], seg.offsets[-1])
            rows.append({"kind": seg.kind.value, "blocks": list(seg.blocks), "where": loc.describe(),
                         "section": loc.section, "text": seg.text})
    else:
        rows = []
        for block in doc.blocks:
            loc = doc.locate(block.start, block.end)
            rows.append({"block": block.index, "kind": block.kind.value, "level": block.level,
                         "where": loc.describe(), "page": loc.page, "line": loc.line,
                         "column": loc.column, "paragraph": loc.paragraph, "table": block.table,
                         "row": block.row, "col": block.col, "section": block.section_path,
                         "text": doc.block_text(block)})
    if fmt == "json":
        click.echo(json.dumps({"version": 1, "path": display_path(path), "kind": doc.kind, "blocks": rows},
                              ensure_ascii=False, indent=2))
        return
    # Document text goes to a terminal: control and bidi characters are shown, never obeyed.
    click.echo(visible(f"# {path} ({doc.kind}, {len(doc.blocks)} blocks)"))  # the name's own bytes, as ls
    for row in rows:
        head = f"[{row.get('block', '')}] {row['kind']}" + (f" L{row['level']}" if row.get("level") else "")
        click.echo(visible(f"{head} @ {row['where']}  § {row['section'] or '-'}"))
        for line in row["text"].split("\n"):
            click.echo(f"    {visible(line)}")


@cli.command()
@click.argument("path", type=click.Path())
@click.option("--format", "fmt", default="text", show_default=True, type=click.Choice(["text", "json"]))
@click.option("--lang", type=click.Choice(LANGS), default=_default_lang, show_default="zh")
def extract(path, fmt, lang):
    """Print the facts extracted from one file: figures, indicators, enumerations, totals."""
    from .extract import extract as extract_facts
    from .extract.render import facts_text

    try:
        doc = read_document(path)
    except AuditorError as exc:
        click.echo(exc.message(lang), err=True)
        sys.exit(EXIT_ERROR)
    facts = extract_facts(doc)
    if fmt == "json":
        click.echo(json.dumps(facts.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo("".join(visible(line) + "\n" for line in facts_text(facts).splitlines()), nl=False)


@cli.command()
def rules():
    """List every check: code, name, default severity, summary."""
    from .ruledocs import table

    click.echo(table(), nl=False)


@cli.command()
@click.argument("code")
def rule(code):
    """Explain one check: why it exists, an example that fires and one that doesn't."""
    from .registry import REGISTRY
    from .ruledocs import rule_text

    spec = REGISTRY.get(code.upper())
    if spec is None:
        click.echo(f"auditor: unknown check code {code!r} (see `auditor rules`)", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(rule_text(spec), nl=False)


@cli.command("config")
@click.argument("path", default=".", type=click.Path())
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Read this file instead.")
def show_config(path, config_file):
    """Print the configuration that applies to PATH (found by walking up from it)."""
    try:
        config_for, _ = _configuration([path], config_file, "zh", select=None, extend_select=None,
                                       ignore=None, fail_on=None)
        config = config_for(path)
    except ConfigError as exc:
        click.echo(f"auditor: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(json.dumps(config.to_dict(), ensure_ascii=False, indent=2))


@cli.group("cache")
def cache_group():
    """The result cache: where it is, and emptying it."""


@cache_group.command("dir")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="The directory a check run was given.")
def cache_dir_command(cache_dir):
    """Print the cache directory."""
    from .cache import ResultCache

    click.echo(str(ResultCache(cache_dir).directory))


@cache_group.command("clean")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="The directory a check run was given.")
def cache_clean(cache_dir):
    """Delete every cached result."""
    from .cache import ResultCache

    cache = ResultCache(cache_dir)
    count = cache.clear()
    click.echo(f"auditor: {count} cached result(s) removed from {cache.directory}", err=True)


def _short_lived_collector() -> None:
    """A run is one short process: what start-up loaded stays to its end, so it is moved out of the
    cyclic collector's sight (``gc.freeze``), and the collector looks at new objects less often (the
    extraction makes many small ones that die young and are freed by reference counting anyway)."""
    import gc

    gc.freeze()
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, 20_000), middle, old)


def main() -> None:
    """Console entry point: usage errors exit 2 (click's rule); nothing else may leak a traceback."""
    _short_lived_collector()
    try:
        cli.main(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # pragma: no cover - last resort, the engine already contains file errors
        click.echo(f"auditor: internal error: {type(exc).__name__}: {short_detail(exc)}", err=True)
        sys.exit(EXIT_ERROR)


__all__ = ["cli", "main", "ReadError"]
