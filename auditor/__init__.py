"""auditor: a consistency-auditing linter for budget-performance self-evaluation reports.

Library use::

    from auditor import audit_file, audit_bytes
    result = audit_file("report.docx")          # a picklable FileResult
    for finding in result.findings:
        print(finding.code, finding.severity.value, finding.message)
"""

__version__ = "0.1.0"

__all__ = ["__version__", "audit_file", "audit_bytes", "audit_paths", "Config", "FileResult", "Finding", "Run"]


def __getattr__(name):
    # imported on first use, so that `auditor --version` and the readers stay light
    if name in ("audit_file", "audit_bytes", "audit_paths"):
        from . import engine

        return getattr(engine, name)
    if name == "Config":
        from .config import Config

        return Config
    if name in ("FileResult", "Finding", "Run"):
        from . import findings

        return getattr(findings, name)
    raise AttributeError(f"module 'auditor' has no attribute {name!r}")
