"""Built-in checks, one module per check, grouped in a folder per family."""
