"""Claims: what the narrative says against what the figures show."""
