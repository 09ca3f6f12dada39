"""A question's `source:` tags: where its key comes from (docs/graded-keys.md lists every key with them).

- `source:guideline:<id>` a section of the FY2026 ICD-10-CM/PCS Official Guidelines, as
  data/coding/guideline_sections.yaml lists it
- `source:codeset:icd10cm` / `source:codeset:icd10pcs` a code in the FY2026 code set the course ships
- `source:grouper:ms-drg-v43` a CC/MCC/DRG claim checked with the course's grouper
- `source:data:<file>.yaml` (optionally `#<record id>`) a data record whose `verified:` is `primary`
- `source:handbook:<name>` an AHIMA/AAPC credential fact whose data/credentials.yaml record is primary
- `source:given` everything the key needs is in the prompt
- `source:course:<path>[#<anchor>]` the course itself is the owner: its software and policy (course mechanics),
  its own fact-check finding ("no source was found") or its own teaching where no outside fact decides the key
  (career advice, how a workflow is ordered); the path is a file of this repository

- `source:fact-check:<id>` a data/fact_checks.yaml record; `source:cfr:42-412.3` and `source:usc:31-3729` a
  regulation or statute; `source:onet:29-2072.00` an O*NET-SOC occupation; `source:practice-brief:<name>` an
  AHIMA/ACDIS practice brief (docs/authoring.md's table says what counts as primary for each and how it is checked)

An older form, `source:<file>.yaml`, names a data file like `source:data:<file>.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

SOURCE_PREFIX = "source:"
SOURCE_KINDS = ("guideline", "codeset", "grouper", "data", "handbook", "given", "course", "fact-check", "cfr", "usc",
                "onet", "practice-brief")
LAW = re.compile(r"^\d{1,2}-\d+(?:\.\d+[a-z]?)?$")
"""A regulation or statute: `cfr:42-412.3` (42 CFR 412.3), `usc:31-3729` (31 U.S.C. 3729)."""
ONET = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
"""An O*NET-SOC occupation: `onet:29-2072.00`."""
CODESETS = ("icd10cm", "icd10pcs")
GROUPERS = ("ms-drg-v43",)


def source_tags(tags: Iterable[str] | None) -> list[tuple[str, str]]:
    """A question's `source:` tags as (kind, value): ('guideline', 'I.C.1.d.4'), ('given', ''); the older
    `source:<file>.yaml` reads as ('data', '<file>.yaml')."""
    found = []
    for tag in tags or ():
        if not tag.startswith(SOURCE_PREFIX):
            continue
        rest = tag[len(SOURCE_PREFIX) :].strip()
        kind, sep, value = rest.partition(":")
        if not sep and rest.endswith((".yaml", ".json")):
            kind, value = "data", rest
        found.append((kind, value))
    return found


def data_file_of(value: str) -> str:
    """The file of a `source:data:` value, without its `#<record id>`."""
    return value.partition("#")[0]
