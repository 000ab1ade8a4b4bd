#!/usr/bin/env python3
"""Build a benchmark corpus from the five sample reports: long reports with varied figures.

    python benchmarks/make_corpus.py [OUT] [--per-size 20] [--sizes 10,60,120] [--seed 20250101]

For each target size (in PDF pages) this writes ``--per-size`` reports, each as ``.txt``, ``.docx``
and ``.pdf``, into ``OUT/pNNN/`` (default ``benchmarks/corpus/``), plus ``OUT/manifest.json``.

How a report is made (all choices from a fixed seed, so a rebuild gives the same text):

* The samples (``samples/*.txt``) are cut into *units*: the front matter before the first top-level
  heading (title, unit name, date), each top-level section (``一、…`` up to the next one), and for
  ``003`` its scoring table (``部门整体支出绩效自评表``, a real Word table in the .docx).
* A report takes the front matter of a random sample, then runs of units sample after sample (in a
  random order, cycling as often as needed) until the estimated page count reaches the target.
  Top-level headings are renumbered ``一、 二、 … 二十三、`` so the headings stay numbered; the
  sub-headings ``（一） 1. （1）`` are kept as written.
* Every run of units drawn from one sample gets its own scale factor (0.55–1.85): every amount in
  万元/亿元 (and every bare two-decimal amount in a table) is multiplied by it and rounded to the
  decimals it was written with. Ratios, execution rates and scores are untouched, so a run stays as
  consistent (or inconsistent) as the sample it comes from, yet no two files are alike.
* Page counts are estimated from each sample's own characters-per-page (its PDF's page count); the
  real page count of every PDF is recorded in the manifest.

The .docx is built by ``samples/build.py`` (imported, not copied): the .txt is read with auditor's
own text reader and turned into Word headings, paragraphs and tables exactly as for the samples. The
.pdf is that .docx converted by LibreOffice, many files per ``soffice`` call, each call with its own
temporary profile (``-env:UserInstallation``).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SAMPLES = REPO / "samples"
DEFAULT_OUT = HERE / "corpus"
DEFAULT_SIZES = (10, 60, 120)
FORMATS = ("txt", "docx", "pdf")
CORPUS_VERSION = 1  # bump when the generation changes, so run.py rebuilds an old corpus

sys.path.insert(0, str(REPO))


def load_build():
    """``samples/build.py`` as a module (it is a script, not part of a package)."""
    spec = importlib.util.spec_from_file_location("auditor_samples_build", SAMPLES / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- units

_CN_DIGITS = "零一二三四五六七八九"
# a top-level heading line: optional Markdown marks / bold, a Chinese numeral, 、 or ．
_L1_NUMERAL = re.compile(r"^(\s*(?:#{1,6}\s*)?(?:\*\*)?\s*)([一二三四五六七八九十百零〇两]+)(\s*[、.．])")
_TABLE_TITLE = re.compile(r"^\s*#{1,6}\s*部门整体支出绩效自评表\s*$")
_NONSPACE = re.compile(r"[\s|\-:]")


def cn_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 13 -> 十三, 20 -> 二十, 99 -> 九十九 (headings never go past 99)."""
    if not 1 <= n <= 99:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    out = ""
    if tens:
        out = ("" if tens == 1 else _CN_DIGITS[tens]) + "十"
    if ones:
        out += _CN_DIGITS[ones]
    return out


@dataclass
class Unit:
    sample: str  # sample stem
    name: str  # heading text (for the manifest)
    lines: list[str]
    pages: float  # estimated PDF pages
    heading: bool  # the first line is a top-level heading to renumber


@dataclass
class Sample:
    stem: str
    front: Unit
    units: list[Unit] = field(default_factory=list)


def _pdf_pages(pdf: Path) -> int | None:
    if not pdf.exists() or shutil.which("pdfinfo") is None:
        return None
    out = subprocess.run(["pdfinfo", str(pdf)], check=False, capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
    return int(m.group(1)) if m else None


def _weight(lines: list[str]) -> int:
    return len(_NONSPACE.sub("", "".join(lines)))


def load_samples(samples_dir: Path = SAMPLES) -> list[Sample]:
    """Cut every sample .txt into front matter and top-level sections, using auditor's reader."""
    from auditor.model import BlockKind
    from auditor.readers import read_document

    samples = []
    for txt in sorted(samples_dir.glob("[0-9][0-9][0-9]-*.txt")):
        text = txt.read_text(encoding="utf-8")
        lines = text.split("\n")
        doc = read_document(str(txt))
        starts = [b.spans[0].line for b in doc.blocks
                  if b.kind == BlockKind.HEADING and b.level == 1 and b.spans and b.spans[0].line]
        if not starts:
            continue
        pages = _pdf_pages(txt.with_suffix(".pdf"))
        # the last page of a sample is half empty on average: count it as half a page
        per_page = _weight(lines) / (pages - 0.5) if pages else 800.0
        bounds = [s - 1 for s in starts] + [len(lines)]

        front_lines = lines[:bounds[0]]
        units: list[Unit] = []
        # 003 opens with a scoring table before its own title: make it a unit of its own
        table_at = next((i for i, ln in enumerate(front_lines) if _TABLE_TITLE.match(ln)), None)
        if table_at is not None:
            end = next((i for i in range(table_at + 1, len(front_lines)) if front_lines[i].startswith("####")),
                       len(front_lines))
            table_lines = ["一、部门整体支出绩效自评表"] + front_lines[table_at + 1:end]
            units.append(Unit(txt.stem, "部门整体支出绩效自评表", table_lines, _weight(table_lines) / per_page, True))
            front_lines = front_lines[:table_at] + front_lines[end:]
        front = Unit(txt.stem, "(front matter)", front_lines, _weight(front_lines) / per_page, False)
        for a, b in itertools.pairwise(bounds):
            chunk = lines[a:b]
            if not _L1_NUMERAL.match(chunk[0]):
                raise SystemExit(f"make_corpus: {txt.name}:{a + 1}: top-level heading without a numeral: {chunk[0]!r}")
            units.append(Unit(txt.stem, _L1_NUMERAL.sub("", chunk[0]).strip(" #*"), chunk,
                              _weight(chunk) / per_page, True))
        samples.append(Sample(txt.stem, front, units))
    if not samples:
        raise SystemExit(f"make_corpus: no samples found in {samples_dir}")
    return samples


# --------------------------------------------------------------------------- figures

# an amount in 万元/亿元 ("4726.44 万元", "18,558.34万元")
_AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?=\s*(?:万元|亿元))")
# a bare two-decimal amount in a Markdown table cell ("| 6748.34 |")
_CELL_AMOUNT = re.compile(r"(?<=\|)(\s*)(\d+)(\.\d\d)(?=\s*\|)")


def _scaled(int_part: str, frac: str | None, factor: float) -> str:
    value = float(int_part.replace(",", "") + (frac or ""))
    decimals = len(frac) - 1 if frac else 0
    new = round(value * factor, decimals)
    text = f"{new:.{decimals}f}"
    if "," in int_part:
        whole, _, rest = text.partition(".")
        text = f"{int(whole):,}" + ("." + rest if rest else "")
    return text


def scale_amounts(line: str, factor: float) -> str:
    line = _AMOUNT.sub(lambda m: _scaled(m.group(1), m.group(2), factor), line)
    if line.lstrip().startswith("|"):
        line = _CELL_AMOUNT.sub(lambda m: m.group(1) + _scaled(m.group(2), m.group(3), factor), line)
    return line


# --------------------------------------------------------------------------- reports


@dataclass
class Report:
    name: str
    size: int
    text: str
    estimated_pages: float
    runs: list[dict]


def compose(samples: list[Sample], size: int, rng: random.Random, name: str) -> Report:
    """One report of about ``size`` pages from runs of sample units, headings renumbered."""
    order = samples[:]
    rng.shuffle(order)
    first = order[0]
    factor = round(rng.uniform(0.55, 1.85), 4)
    out = [scale_amounts(ln, factor) for ln in first.front.lines]
    pages = first.front.pages
    runs = [{"sample": first.stem, "factor": factor, "units": ["(front matter)"]}]
    number = 0
    cycle = 0
    done = False
    while not done:
        for k, sample in enumerate(order):
            if cycle or k:
                factor = round(rng.uniform(0.55, 1.85), 4)
                runs.append({"sample": sample.stem, "factor": factor, "units": []})
            else:
                runs[-1]["factor"] = factor
            for unit in sample.units:
                # stop when adding the unit would overshoot more than stopping undershoots
                if pages + unit.pages - size > size - pages and number > 0:
                    done = True
                    break
                number += 1
                lines = [scale_amounts(ln, factor) for ln in unit.lines]
                numeral = cn_numeral(number)
                lines[0] = _L1_NUMERAL.sub(lambda m, n=numeral: m.group(1) + n + m.group(3), lines[0], count=1)
                while out and not out[-1].strip():
                    out.pop()
                out += ["", ""] + lines
                pages += unit.pages
                runs[-1]["units"].append(unit.name)
            if done:
                break
        cycle += 1
    runs = [r for r in runs if r["units"]]
    text = "\n".join(out).rstrip("\n") + "\n"
    return Report(name, size, text, round(pages, 1), runs)


def _build_docx(job: tuple[str, str]) -> str:
    txt, docx_path = job
    from auditor.readers import read_document

    build = load_build()
    build.save_docx(build.build_docx(read_document(txt)), Path(docx_path))
    return docx_path


def _convert(batch: list[Path], outdir: Path) -> list[Path]:
    build = load_build()
    return build.convert_pdfs(batch, outdir)


def _batches(items: list[tuple[Path, float]], max_pages: float) -> list[list[Path]]:
    batches, current, total = [], [], 0.0
    for path, pages in items:
        if current and total + pages > max_pages:
            batches.append(current)
            current, total = [], 0.0
        current.append(path)
        total += pages
    if current:
        batches.append(current)
    return batches


def params_key(per_size: int, sizes: list[int], seed: int) -> dict:
    sample_hash = hashlib.sha256()
    for p in sorted(SAMPLES.glob("[0-9][0-9][0-9]-*.txt")) + [SAMPLES / "build.py"]:
        sample_hash.update(p.name.encode() + p.read_bytes())
    return {"version": CORPUS_VERSION, "per_size": per_size, "sizes": sizes, "seed": seed,
            "samples": sample_hash.hexdigest()[:16]}


def build_corpus(out: Path, per_size: int = 20, sizes: list[int] | tuple[int, ...] = DEFAULT_SIZES,
                 seed: int = 20250101, formats: tuple[str, ...] = FORMATS, jobs: int | None = None,
                 force: bool = False, log=print) -> dict:
    sizes = sorted({int(s) for s in sizes})
    jobs = jobs or os.cpu_count() or 1
    key = params_key(per_size, sizes, seed)
    manifest_path = out / "manifest.json"
    if manifest_path.exists() and not force:
        old = json.loads(manifest_path.read_text(encoding="utf-8"))
        if old.get("params") == key and set(old.get("formats", [])) >= set(formats):
            log(f"corpus up to date: {out} ({len(old['documents'])} reports)")
            return old
    t0 = time.monotonic()
    samples = load_samples()
    out.mkdir(parents=True, exist_ok=True)
    reports: list[Report] = []
    for size in sizes:
        rng = random.Random(f"{seed}-{size}")
        for i in range(1, per_size + 1):
            reports.append(compose(samples, size, rng, f"p{size:03d}-{i:03d}"))
    for size in sizes:
        d = out / f"p{size:03d}"
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
    paths = {r.name: out / f"p{r.size:03d}" / r.name for r in reports}
    for r in reports:
        paths[r.name].with_suffix(".txt").write_text(r.text, encoding="utf-8")
    log(f"wrote {len(reports)} .txt in {time.monotonic() - t0:.1f}s")

    if "docx" in formats or "pdf" in formats:
        t1 = time.monotonic()
        jobs_list = [(str(paths[r.name].with_suffix(".txt")), str(paths[r.name].with_suffix(".docx"))) for r in reports]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for n, _ in enumerate(pool.map(_build_docx, jobs_list, chunksize=4), start=1):
                if n % 20 == 0 or n == len(jobs_list):
                    log(f"  .docx {n}/{len(jobs_list)}")
        log(f"wrote {len(reports)} .docx in {time.monotonic() - t1:.1f}s")

    if "pdf" in formats:
        t2 = time.monotonic()
        by_size: dict[int, list[tuple[Path, float]]] = {}
        for r in reports:
            by_size.setdefault(r.size, []).append((paths[r.name].with_suffix(".docx"), r.estimated_pages))
        tasks = []
        for size, items in by_size.items():
            for batch in _batches(items, max_pages=300):
                tasks.append((batch, out / f"p{size:03d}"))
        with ThreadPoolExecutor(max_workers=jobs) as pool:  # one soffice (own profile) per thread
            futures = [pool.submit(_convert, batch, outdir) for batch, outdir in tasks]
            for n, f in enumerate(futures, start=1):
                f.result()
                log(f"  .pdf batch {n}/{len(futures)}")
        log(f"wrote {len(reports)} .pdf in {time.monotonic() - t2:.1f}s")
        if "docx" not in formats:
            for r in reports:
                paths[r.name].with_suffix(".docx").unlink()
    if "txt" not in formats:
        for r in reports:
            paths[r.name].with_suffix(".txt").unlink()

    documents = []
    for r in reports:
        entry = {"name": r.name, "size": r.size, "estimated_pages": r.estimated_pages,
                 "chars": len(r.text), "runs": r.runs,
                 "files": {fmt: str(paths[r.name].with_suffix("." + fmt).relative_to(out)) for fmt in formats}}
        if "pdf" in formats:
            entry["pdf_pages"] = _pdf_pages(paths[r.name].with_suffix(".pdf"))
        documents.append(entry)
    manifest = {"params": key, "formats": list(formats), "documents": documents,
                "build_seconds": round(time.monotonic() - t0, 1)}
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    for size in sizes:
        pp = sorted(d.get("pdf_pages") or d["estimated_pages"] for d in documents if d["size"] == size)
        log(f"p{size:03d}: {len(pp)} reports, pages {pp[0]}–{pp[-1]} (median {pp[len(pp) // 2]})")
    log(f"corpus: {out} ({len(documents) * len(formats)} files) in {manifest['build_seconds']}s")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT,
                        help=f"output directory (default: {DEFAULT_OUT.relative_to(REPO)})")
    parser.add_argument("--per-size", type=int, default=20,
                        help="reports per size; each comes as .txt, .docx and .pdf (default: 20, i.e. 180 files)")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="target sizes in PDF pages (default: 10,60,120)")
    parser.add_argument("--seed", type=int, default=20250101, help="random seed (default: 20250101)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="formats to write (default: txt,docx,pdf)")
    parser.add_argument("--jobs", "-j", type=int, default=None,
                        help="parallel .docx builders and soffice processes (default: number of cores)")
    parser.add_argument("--force", action="store_true", help="rebuild even if the manifest says it is up to date")
    args = parser.parse_args(argv)
    formats = tuple(f for f in FORMATS if f in {x.strip() for x in args.formats.split(",")})
    if not formats:
        parser.error("--formats takes a comma-separated subset of txt,docx,pdf")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.per_size < 1 or not sizes or min(sizes) < 1:
        parser.error("--per-size and --sizes must be positive")
    build_corpus(args.out.resolve(), args.per_size, sizes, args.seed, formats, args.jobs, args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
