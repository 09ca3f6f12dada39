"""Where the checkout's folders are, for tests that read repository files (notebooks, docs, banks)."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
