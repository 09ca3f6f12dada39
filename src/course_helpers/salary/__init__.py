"""Salary and career calculators: data (data.py), pure models, plots and ipywidget views."""
