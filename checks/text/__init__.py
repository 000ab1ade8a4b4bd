"""Text: copied reasons and measures, repeated sentences, wrong unit, place or year."""
