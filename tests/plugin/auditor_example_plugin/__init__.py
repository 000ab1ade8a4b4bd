"""An example third-party check package for auditor."""
