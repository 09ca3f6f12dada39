"""coding.views: see the package docstrings of its modules."""
