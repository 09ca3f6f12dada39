"""The instructor's side: release (keys), collect, regrade, gradebook, feedback, a class generator.

Models only: nothing here imports ipywidgets or matplotlib, and no command.
"""
