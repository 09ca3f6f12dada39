"""Phrases the code titles miss, and where the ICD-10-CM Alphabetic Index leads (data/coding/cm_index_terms.yaml).

The installed code set has the Tabular List only; coders start in the Index. These few entries carry the
Index path so the look-up can show it. Pure: no widgets.
"""

from __future__ import annotations

from functools import lru_cache

from course_helpers.coding.codes.search_index import words
from course_helpers.data import StrictModel, Verified, load_yaml

DATA_FILE = "coding/cm_index_terms.yaml"


class IndexTerm(StrictModel):
    """One Index path: the phrase a coder types, the path through the Index, and the code it ends at."""

    phrase: str
    index_path: str
    code: str
    note: str = ""


class IndexTermFile(StrictModel):
    """The whole data file."""

    schema_version: int
    source: str
    verified: Verified | None = None
    terms: list[IndexTerm]


@lru_cache(maxsize=1)
def load_index_terms() -> IndexTermFile:
    """The Index entries shipped with the package."""
    return IndexTermFile.model_validate(load_yaml(DATA_FILE))


def index_matches(query: str) -> list[IndexTerm]:
    """Entries whose every phrase word is in the query (US spelling), e.g. 'acute blood loss anemia' -> D62."""
    asked = set(words(query))
    return [term for term in load_index_terms().terms if asked and set(words(term.phrase)) <= asked]
