"""coding.cases: see the package docstrings of its modules."""
