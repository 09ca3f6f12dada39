"""Lesson helpers: fact-check callouts, tables and timelines that the lesson notebooks display."""
