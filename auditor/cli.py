"""Command line: ``auditor check``, ``dump``, ``extract``. Exit 0 clean, 1 findings, 2 unreadable input or bad usage."""

from __future__ import annotations

import json
import os
import sys

import click

from . import __version__
from .engine import audit_paths, discover
from .errors import AuditorError, ReadError, short_detail
from .findings import Severity
from .messages import LANGS, message
from .readers import read_document
from .reporters import available, get_reporter

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


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
@click.option("--lang", type=click.Choice(LANGS), default=_default_lang, show_default="zh",
              help="Language of messages (zh, en).")
@click.option("--color/--no-color", default=None, help="Colour the terminal output (default: on a TTY, unless NO_COLOR).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are reported.")
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only, without the summary line.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per check instead of the findings.")
@click.option("--annotate", "annotate_dir", type=click.Path(file_okay=False),
              help="Write a copy of each .docx with one Word comment per finding into DIR.")
def check(paths, fmt, output, lang, color, exit_zero, quiet, statistics, annotate_dir):
    """Check report files (.docx, .pdf, .txt, .md) and directories of them."""
    files = discover(paths)
    if not files:  # still a valid (empty) report, so that a machine reader gets its JSON
        click.echo(message("cli.no-files", lang, path=" ".join(paths)), err=True)
    run = audit_paths(files, lang=lang)
    for result in run.files:
        if result.error is not None:
            click.echo(result.error.message(lang), err=True)
    stream = sys.stdout
    reporter = get_reporter(fmt)(lang=lang, color=_use_color(color, stream) and output is None,
                                 quiet=quiet, statistics=statistics)
    rendered = reporter.render(run)
    _emit(rendered, output, lang)
    if annotate_dir:
        _annotate(run, annotate_dir, lang)
    summary = run.summary()
    if summary["unreadable"]:
        sys.exit(EXIT_ERROR)
    if not exit_zero and any(f.severity != Severity.INFO for r in run.files for f in r.findings):
        sys.exit(EXIT_FINDINGS)


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


def _emit(rendered: str | bytes, output: str | None, lang: str) -> None:
    if output is None:
        if isinstance(rendered, bytes):
            sys.stdout.buffer.write(rendered)
        else:
            click.echo(rendered, nl=False)
        return
    data = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
    tmp = f"{output}.tmp-{os.getpid()}"
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, output)
    except OSError as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
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
        click.echo(json.dumps({"version": 1, "path": path, "kind": doc.kind, "blocks": rows},
                              ensure_ascii=False, indent=2))
        return
    click.echo(f"# {path} ({doc.kind}, {len(doc.blocks)} blocks)")
    for row in rows:
        head = f"[{row.get('block', '')}] {row['kind']}" + (f" L{row['level']}" if row.get("level") else "")
        click.echo(f"{head} @ {row['where']}  § {row['section'] or '-'}")
        for line in row["text"].split("\n"):
            click.echo(f"    {line}")


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
        click.echo(facts_text(facts), nl=False)


def main() -> None:
    """Console entry point: usage errors exit 2 (click's rule); nothing else may leak a traceback."""
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
