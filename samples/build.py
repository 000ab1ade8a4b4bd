#!/usr/bin/env python3
"""Regenerate the committed sample reports: each seed as .txt, .docx and .pdf.

    python samples/build.py [--seeds DIR] [--only txt,docx,pdf]

For every seed report (``NNN_<hash>.txt`` in the seeds directory, by default ``../shared/seeds``
next to the repository) this writes into ``samples/``:

* ``<name>.txt``  -- a byte-identical copy of the seed;
* ``<name>.docx`` -- a Word document built with python-docx from the blocks the project's own text
  reader finds: headings as Word heading styles (``Title`` for a document title, ``Heading 1..4``
  by section depth), paragraphs and list items as normal paragraphs (one Word paragraph per text
  block, never joined), Markdown pipe tables as real Word tables (``<br>`` in a cell starts a new
  paragraph in that cell). Markdown marks (``#``, ``**``) are stripped; the text is otherwise kept
  character for character;
* ``<name>.pdf``  -- that .docx converted by LibreOffice (needs ``soffice`` and a CJK font, e.g.
  ``apt-get install libreoffice-writer fonts-noto-cjk``).

The .docx is deterministic (fixed core properties and ZIP timestamps); the .pdf carries
LibreOffice's creation date, so only its text and layout are reproducible.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"

sys.path.insert(0, str(REPO))  # use this checkout's reader even if the package is not installed

# seed number -> (readable name, words the seed must contain: a guard against a renumbered seed set)
SAMPLES = {
    "000": ("000-gaoxin-civil-affairs-2023", ("民政局", "乌鲁木齐高新技术产业开发区", "2023")),
    "001": ("001-gaoxin-red-cross-2023", ("红十字会", "2023")),
    "002": ("002-gaoxin-human-resources-2023", ("人力资源和社会保障局", "2023")),
    "003": ("003-gaoyi-civil-affairs-2021", ("高邑县民政局", "2021")),
    "004": ("004-ergong-township-2024", ("二工乡人民政府", "2024")),
}
FORMATS = ("txt", "docx", "pdf")

BODY_FONT = "Noto Serif CJK SC"
HEADING_FONT = "Noto Sans CJK SC"
AUTHOR = "auditor samples"
FIXED_DATE = dt.datetime(2025, 1, 1, 0, 0, 0)
ZIP_DATE = (2025, 1, 1, 0, 0, 0)

_HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}(?:[ \t]+|$)")
_EMPHASIS = re.compile(r"\*\*|__")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


class BuildError(Exception):
    pass


# --------------------------------------------------------------------------- seeds


def find_seeds(seeds_dir: Path) -> list[tuple[Path, str]]:
    if not seeds_dir.is_dir():
        raise BuildError(
            f"seeds directory not found: {seeds_dir}\n"
            "  (expected the five seed reports NNN_<hash>.txt there; pass --seeds DIR)"
        )
    found = []
    for number, (name, words) in SAMPLES.items():
        matches = sorted(seeds_dir.glob(f"{number}_*.txt"))
        if len(matches) != 1:
            raise BuildError(f"expected exactly one seed {number}_*.txt in {seeds_dir}, found {len(matches)}")
        text = matches[0].read_bytes().decode("utf-8", errors="replace")
        missing = [w for w in words if w not in text]
        if missing:
            raise BuildError(f"{matches[0].name} does not look like {name}: missing {', '.join(missing)}")
        found.append((matches[0], name))
    return found


# --------------------------------------------------------------------------- text clean-up


def strip_marks(line: str) -> str:
    """One line of a block, less Markdown heading marks, emphasis marks and surrounding spaces."""
    return _EMPHASIS.sub("", _HEADING_MARK.sub("", line)).strip()


def add_text(paragraph, text: str) -> None:
    """Add a (possibly multi-line) block's text: ``**x**`` becomes bold, a line break a soft break."""
    lines = [ln.strip() for ln in _BR.sub("\n", text).split("\n")]
    lines = [_HEADING_MARK.sub("", ln) for ln in lines]
    for n, line in enumerate(lines):
        if n:
            (paragraph.runs[-1] if paragraph.runs else paragraph.add_run()).add_break()
        pieces = _EMPHASIS.split(line)
        balanced = len(pieces) % 2 == 1  # an even number of marks: alternate plain / bold
        for i, piece in enumerate(pieces):
            if piece:
                run = paragraph.add_run(piece)
                if balanced and i % 2 == 1:
                    run.bold = True


# --------------------------------------------------------------------------- docx


def _set_fonts(rpr_parent, font: str) -> None:
    """Explicit fonts (and zh-CN language) on a style or the document defaults, overriding theme fonts."""
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement

    rpr = rpr_parent.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_parent.append(rpr)
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def new_document(title: str):
    import docx
    from docx.shared import Mm
    from docx.oxml.ns import qn

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(25)

    styles_el = document.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            _set_fonts(rpr_default, BODY_FONT)
    _set_fonts(document.styles["Normal"].element, BODY_FONT)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        _set_fonts(document.styles[name].element, HEADING_FONT)

    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    package = document.part.package  # drop the template's thumbnail (a picture of another document)
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]

    props = document.core_properties
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.last_printed = FIXED_DATE
    props.revision = 1
    props.title = title
    props.subject = "预算绩效自评报告 (sample for auditor)"
    props.comments = "Generated by samples/build.py from the seed text; do not edit by hand."
    props.keywords = ""
    props.category = ""
    props.language = "zh-CN"
    return document


def build_docx(doc):
    """A python-docx Document holding ``doc``'s blocks (an auditor Document read from the seed)."""
    from auditor.model import BlockKind

    blocks = doc.blocks
    texts = [strip_marks(doc.block_text(b).split("\n", 1)[0]) for b in blocks if b.kind != BlockKind.TABLE_CELL]
    title = next((t for t in texts if "报告" in t), texts[0] if texts else "")
    document = new_document(title)
    last_was_table = False
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind == BlockKind.TABLE_CELL:
            cells = []
            while i < len(blocks) and blocks[i].kind == BlockKind.TABLE_CELL and blocks[i].table == block.table:
                cells.append(blocks[i])
                i += 1
            if last_was_table:
                document.add_paragraph()  # keep adjacent tables apart (Word would merge them)
            add_table(document, doc, cells)
            last_was_table = True
            continue
        i += 1
        raw = doc.block_text(block)
        if block.kind == BlockKind.HEADING:
            text = " ".join(strip_marks(ln) for ln in raw.split("\n") if strip_marks(ln))
            if not text:
                continue
            level = block.level if block.level is not None else 1
            style = "Title" if level == 0 else f"Heading {min(max(level, 1), 4)}"
            document.add_paragraph(text, style=style)
        else:
            paragraph = document.add_paragraph()
            add_text(paragraph, raw)
            if not paragraph.text.strip():
                paragraph._element.getparent().remove(paragraph._element)
                continue
        last_was_table = False
    return document


def add_table(document, doc, cells) -> None:
    rows = max(c.row for c in cells)
    cols = max(c.col for c in cells)
    table = document.add_table(rows=rows, cols=cols)
    table.style = document.styles["Table Grid"]
    for c in cells:
        parts = [strip_marks(p) for p in _BR.split(doc.block_text(c))]
        cell = table.cell(c.row - 1, c.col - 1)
        for n, part in enumerate(parts):
            paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
            if part:
                paragraph.add_run(part)


def save_docx(document, path: Path) -> None:
    """Save with fixed ZIP member timestamps so a rebuild gives the same bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            zout.writestr(fixed, zin.read(info.filename))
    path.write_bytes(out.getvalue())


# --------------------------------------------------------------------------- pdf


def convert_pdfs(docx_files: list[Path], outdir: Path) -> list[Path]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise BuildError("LibreOffice (soffice) not found: apt-get install libreoffice-writer fonts-noto-cjk")
    missing = [p for p in docx_files if not p.exists()]
    if missing:
        raise BuildError("missing .docx (build it first with --only docx): " + ", ".join(map(str, missing)))
    with tempfile.TemporaryDirectory(prefix="auditor-samples-") as tmp:
        profile = Path(tmp) / "profile"
        target = Path(tmp) / "pdf"
        target.mkdir()
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(target), *map(str, docx_files)]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=600,
                                env={**os.environ, "HOME": tmp})
        written = []
        for docx_path in docx_files:
            pdf = target / (docx_path.stem + ".pdf")
            if not pdf.exists():
                raise BuildError(f"LibreOffice did not convert {docx_path.name}:\n{result.stdout}{result.stderr}")
            dest = outdir / pdf.name
            shutil.move(str(pdf), dest)
            written.append(dest)
    return written


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS,
                        help=f"directory holding the seed .txt reports (default: {DEFAULT_SEEDS})")
    parser.add_argument("--only", default=",".join(FORMATS),
                        help="comma-separated formats to build: txt,docx,pdf (default: all)")
    parser.add_argument("--out", type=Path, default=HERE, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    only = [f.strip() for f in args.only.split(",") if f.strip()]
    unknown = [f for f in only if f not in FORMATS]
    if unknown or not only:
        parser.error(f"--only takes a comma-separated subset of {','.join(FORMATS)}")

    try:
        seeds = find_seeds(args.seeds.resolve())
        args.out.mkdir(parents=True, exist_ok=True)
        if "docx" in only:
            from auditor.readers import read_document
        for seed, name in seeds:
            if "txt" in only:
                dest = args.out / f"{name}.txt"
                shutil.copyfile(seed, dest)
                print(f"wrote {dest}")
            if "docx" in only:
                dest = args.out / f"{name}.docx"
                save_docx(build_docx(read_document(str(seed))), dest)
                print(f"wrote {dest}")
        if "pdf" in only:
            for dest in convert_pdfs([args.out / f"{name}.docx" for _, name in seeds], args.out):
                print(f"wrote {dest}")
    except BuildError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
