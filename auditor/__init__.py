"""auditor: a consistency-auditing linter for budget-performance self-evaluation reports."""

__version__ = "0.1.0"
