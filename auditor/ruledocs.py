"""Rule documentation from the checks' own metadata: the `auditor rules` table, `auditor rule CODE`, and
docs/rules.md (generated; a test keeps it up to date)."""

from __future__ import annotations

from .registry import REGISTRY, CheckSpec

_FAMILIES = {
    "AM": "Amounts", "CL": "Claims", "CT": "Counts", "FG": "Figures", "MN": "Monitoring",
    "RT": "Rates", "SC": "Scores", "TX": "Text",
}


def table() -> str:
    specs = REGISTRY.all()
    width = max(len(s.name) for s in specs)
    lines = [f"{'code':<6} {'name':<{width}} {'severity':<8} summary"]
    for s in specs:
        lines.append(f"{s.code:<6} {s.name:<{width}} {s.severity.value:<8} {s.summary}")
    return "\n".join(lines) + "\n"


def rule_text(spec: CheckSpec) -> str:
    parts = [
        f"{spec.code} {spec.name} ({spec.severity.value})",
        "",
        spec.summary,
        "",
        "Why:",
        spec.rationale,
        "",
        "Fires on:",
        _indent(spec.bad),
        "",
        "Stays silent on:",
        _indent(spec.good),
    ]
    if spec.known_problems:
        parts += ["", "Known problems:", spec.known_problems]
    if spec.options:
        parts += ["", "Options: " + ", ".join(f"{k} = {v!r}" for k, v in spec.options.items())]
    if spec.origin != "builtin":
        parts += ["", f"From plugin: {spec.origin}"]
    return "\n".join(parts) + "\n"


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def markdown() -> str:
    specs = [s for s in REGISTRY.all() if s.origin == "builtin"]
    out = [
        "# Rules",
        "",
        "Generated from the checks' own declarations by `python -m auditor.ruledocs > docs/rules.md`;",
        "`tests/test_ruledocs.py` fails when this file is out of date. Each rule's examples are run by the",
        "tests: the first fires, the second does not.",
        "",
        "| code | name | severity | summary |",
        "|---|---|---|---|",
    ]
    for s in specs:
        out.append(f"| [{s.code}](#{s.code.lower()}) | {s.name} | {s.severity.value} | {s.summary} |")
    family = None
    for s in specs:
        if s.code[:2] != family:
            family = s.code[:2]
            out += ["", f"## {family} — {_FAMILIES.get(family, family)}"]
        out += ["", f"### {s.code}", "", f"**{s.name}** · {s.severity.value}", "", s.summary, "",
                "**Why.** " + s.rationale, "", "**Fires on:**", "", "```text", s.bad, "```", "",
                "**Stays silent on:**", "", "```text", s.good, "```"]
        if s.known_problems:
            out += ["", "**Known problems.** " + s.known_problems]
        if s.options:
            out += ["", "**Options.** " + ", ".join(f"`{k}` = `{v!r}`" for k, v in s.options.items())]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(markdown())
