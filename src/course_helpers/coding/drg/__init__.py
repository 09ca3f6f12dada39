"""coding.drg: see the package docstrings of its modules."""
