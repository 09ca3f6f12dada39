"""Write small, valid true/false banks for tests that need a quizzes folder."""

from __future__ import annotations

from pathlib import Path

QUESTION_YAML = """\
  - id: {qid}
    type: true_false
    prompt: Is this statement true?
    answer: true
    explanation: Because it is.
    guide_section: Key Responsibilities of Inpatient Coders
"""


def write_bank(folder: Path, bank_id: str, title: str, qids: list[str]) -> None:
    """Write `folder/<bank_id>.yaml` holding one true/false question per id."""
    body = "".join(QUESTION_YAML.format(qid=q) for q in qids)
    (folder / f"{bank_id}.yaml").write_text(
        f"schema_version: 1\nid: {bank_id}\ntitle: {title}\n"
        f"guide_section: Key Responsibilities of Inpatient Coders\nquestions:\n{body}",
        encoding="utf-8",
    )
