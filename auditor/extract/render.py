"""A plain-text rendering of the facts, for ``auditor extract`` (what a reviewer reads when in doubt)."""

from __future__ import annotations

from .facts import INDICATOR_FIGURES, INDICATOR_TEXTS, Facts, Figure


def _fig(doc, fig: Figure | None) -> str:
    if fig is None:
        return "—"
    q = fig.quantity
    comparator = f"{q.comparator} " if q.comparator else ""
    approx = "~" if q.approx else ""
    return f"{comparator}{approx}{q.value}{q.unit} @{fig.location(doc).describe()}"


def facts_text(facts: Facts) -> str:
    doc = facts.doc
    out = [f"# {doc.path} ({doc.kind})"]
    r = facts.report
    out.append(f"unit: {r.unit.text if r.unit else '—'}   year: {r.year or '—'}   "
               f"filled: {r.filled.text if r.filled else '—'}")
    out.append(f"execution score: {_fig(doc, r.execution_score)}   total score: {_fig(doc, r.total_score)}   "
               f"grade: {r.grade.text if r.grade else '—'}")
    out.append("")
    out.append(f"## indicators ({len(facts.indicators)})")
    for ind in facts.indicators:
        out.append(f"- {ind.number or ''} {ind.name} [{ind.source}] § {ind.section}")
        for key in INDICATOR_FIGURES:
            out.append(f"    {key:<10} {_fig(doc, getattr(ind, key))}")
        for key in INDICATOR_TEXTS:
            text = getattr(ind, key)
            out.append(f"    {key:<10} {text.text[:60] + ('…' if len(text.text) > 60 else '') if text else '—'}")
    out.append("")
    out.append(f"## enumerations ({len(facts.enumerations)})")
    for e in facts.enumerations:
        if e.kind == "sum":
            parts = " + ".join(f"{p.value}" for p in e.parts)
            out.append(f"- {e.total.label}: {_fig(doc, e.total)} = {parts}")
        else:
            out.append(f"- {e.total.label}: {_fig(doc, e.total)} items: {'；'.join(i.text for i in e.items)}")
    out.append("")
    out.append(f"## quantities ({len(facts.figures)})")
    for fig in facts.figures:
        extra = " ".join(x for x in (fig.concept and f"<{fig.concept}>", fig.period and f"[{fig.period}]") if x)
        out.append(f"- {_fig(doc, fig)}  {fig.label} {extra}".rstrip())
    return "\n".join(out) + "\n"
