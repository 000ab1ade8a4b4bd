"""Monitoring: mid-year values against year-end values."""
