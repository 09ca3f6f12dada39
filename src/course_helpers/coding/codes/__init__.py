"""coding.codes: see the package docstrings of its modules."""
