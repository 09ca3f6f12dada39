"""The coding-case schema (pydantic) and loading of the synthetic cases in ``data/cases/*.yaml``.

Every case is invented for teaching: no real patient's record is used. Codes are written the usual way
(with dots) in the YAML; ``dotless`` forms are what the grouper takes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from course_helpers.coding.codes.normalize import check_cm_format, check_pcs_format, format_cm, normalize_code
from course_helpers.data import StrictModel, data_dir, parse_yaml
from course_helpers.errors import CaseInputError

CASES_DIR = data_dir("cases")
BANK_ID = "12_coding_lab"
"""Case attempts are stored in the progress store under this bank id (the lab's lesson)."""

POA = Literal["Y", "N", "U", "W", "1"]
POA_LABELS: dict[str, str] = {
    "Y": "Y: present on admission",
    "N": "N: not present on admission",
    "U": "U: documentation insufficient",
    "W": "W: clinically undetermined",
    "1": "1: exempt from POA reporting",
}
Text = Annotated[str, Field(min_length=1)]


class Diagnosis(StrictModel):
    """One ICD-10-CM code with its present-on-admission indicator."""

    code: Text
    poa: POA
    poa_also: list[POA] = Field(
        default_factory=list,
        description="Other POA values a credentialed coder could defend from this record (each said in the rationale).",
    )
    poa_stated: bool = Field(
        default=False,
        description="The provider answered the POA question in the record: entering any other POA overrides the "
        "provider and fails the case.",
    )

    @property
    def accepted_poa(self) -> frozenset[str]:
        """Every POA entry graded right: the key's, the also-accepted ones, and blank for an exempt code ("1")."""
        return frozenset({self.poa, *self.poa_also, *(("",) if self.poa == "1" else ())})

    @field_validator("code")
    @classmethod
    def _cm_shape(cls, value: str) -> str:
        return format_cm(check_cm_format(value))


class Patient(StrictModel):
    """What the grouper needs about the patient."""

    age: int = Field(ge=0, le=124)
    sex: Literal["F", "M"]
    discharge_status: int = Field(default=1, description="CMS discharge status code (1 home, 3 SNF, 20 died)")


class Note(StrictModel):
    """One more document in the record: a progress note, a consult, an operative or procedure note."""

    title: Text = Field(description='What the document is and when, e.g. "Progress note, day 2 (hospitalist)".')
    text: Text


class Record(StrictModel):
    """The synthetic medical record the learner codes from."""

    history: Text
    findings: Text
    notes: list[Note] = Field(
        default_factory=list, description="Progress notes, consults, operative notes, in the order written."
    )
    procedures: Text
    discharge_summary: Text


class QueryOption(StrictModel):
    """One possible query wording; the key says whether it is compliant and why."""

    text: Text
    compliant: bool
    why: Text


class Query(StrictModel):
    """A documentation gap the coder must resolve with the physician before coding."""

    situation: Text
    options: list[QueryOption] = Field(min_length=2)
    physician_response: Text = Field(description="Shown after the learner picks a query: the answer to code from.")

    @model_validator(mode="after")
    def _one_compliant_at_least(self) -> Query:
        if not any(o.compliant for o in self.options):
            raise ValueError("a query needs at least one compliant wording")
        if all(o.compliant for o in self.options):
            raise ValueError("a query needs at least one non-compliant wording to choose against")
        return self


class Rationale(StrictModel):
    """One teaching point with the guideline section it rests on."""

    point: Text
    cite: Text


class AlternativeKey(StrictModel):
    """A second complete answer accepted where credentialed coders differ (say why, with the guideline)."""

    principal: Diagnosis
    secondary: list[Diagnosis] = Field(default_factory=list)
    procedures: list[Text] = Field(default_factory=list)
    drg: int = Field(ge=1, le=999)
    why: Text
    cite: Text

    @field_validator("procedures")
    @classmethod
    def _pcs_shape(cls, value: list[str]) -> list[str]:
        return [check_pcs_format(code) for code in value]


class RuledOut(StrictModel):
    """Codes for a condition the provider ruled out: reporting one fails the case."""

    codes: list[Text] = Field(min_length=1, description="ICD-10-CM codes or categories (a prefix such as A41).")
    why: Text

    @field_validator("codes")
    @classmethod
    def _cm_shape(cls, value: list[str]) -> list[str]:
        return [check_cm_format(code) for code in value]


class AnswerKey(StrictModel):
    """The right codes, the DRG they group to, and why."""

    principal: Diagnosis
    secondary: list[Diagnosis] = Field(default_factory=list)
    procedures: list[Text] = Field(default_factory=list)
    optional_diagnoses: list[Text] = Field(
        default_factory=list,
        description="CM codes a facility may report (e.g. external causes): never required, never penalised.",
    )
    optional_procedures: list[Text] = Field(
        default_factory=list,
        description="PCS codes a facility may report (e.g. transfusion, imaging): never required, never penalised.",
    )
    optional_one_of: list[list[Text]] = Field(
        default_factory=list,
        description="Groups of optional diagnosis codes that exclude each other (an Excludes1 note): one is "
        "accepted, a second from the same group is an extra code.",
    )
    drg: int = Field(ge=1, le=999)
    equivalents: list[list[Text]] = Field(
        default_factory=list,
        description="Groups of interchangeable codes: each group holds one key code and the codes a credentialed "
        "coder could report in its place from this record (same DRG; said in the rationale).",
    )
    ruled_out: list[RuledOut] = Field(
        default_factory=list, description="Conditions the provider ruled out: coding one fails the case."
    )
    alternatives: list[AlternativeKey] = Field(
        default_factory=list, description="Other complete answers accepted where experienced coders differ."
    )
    rationale: list[Rationale] = Field(min_length=1)

    @field_validator("procedures", "optional_procedures")
    @classmethod
    def _pcs_shape(cls, value: list[str]) -> list[str]:
        return [check_pcs_format(code) for code in value]

    @field_validator("optional_diagnoses")
    @classmethod
    def _cm_shape(cls, value: list[str]) -> list[str]:
        return [format_cm(check_cm_format(code)) for code in value]

    @field_validator("optional_one_of")
    @classmethod
    def _one_of_groups(cls, value: list[list[str]]) -> list[list[str]]:
        if any(len(group) < 2 for group in value):
            raise ValueError("an optional_one_of group needs two codes or more")
        return [[normalize_code(code) for code in group] for group in value]

    @field_validator("equivalents")
    @classmethod
    def _groups(cls, value: list[list[str]]) -> list[list[str]]:
        groups = []
        for group in value:
            if len(group) < 2:
                raise ValueError("an equivalents group needs two codes or more")
            groups.append([normalize_code(code) for code in group])
        return groups

    @model_validator(mode="after")
    def _no_duplicates(self) -> AnswerKey:
        codes = [self.principal.code, *(d.code for d in self.secondary)]
        if len(set(codes)) != len(codes):
            raise ValueError("a diagnosis code is listed twice in the key")
        if len(set(self.procedures)) != len(self.procedures):
            raise ValueError("a procedure code is listed twice in the key")
        keyed = {normalize_code(c) for c in [*codes, *self.procedures]}
        for group in self.equivalents:
            if len(keyed & set(group)) != 1:
                raise ValueError(f"equivalents {group}: each group must hold exactly one code of the main key")
        optional = {normalize_code(c) for c in self.optional_diagnoses}
        for group in self.optional_one_of:
            if not set(group) <= optional:
                raise ValueError(f"optional_one_of {group}: every code must be in optional_diagnoses")
        return self

    @property
    def secondary_codes(self) -> list[str]:
        """Secondary diagnosis codes, with dots."""
        return [d.code for d in self.secondary]


class Case(StrictModel):
    """One synthetic inpatient case with its answer key."""

    id: Annotated[str, Field(pattern=r"^c[0-9]{2}_[a-z0-9_]+$")]
    title: Text
    setting: Literal["medical", "surgical"]
    patient: Patient
    topics: list[Text] = Field(default_factory=list)
    coverage: list[Text] = Field(
        default_factory=list, description="Ids from docs/coding-lab.md's coverage table that this case teaches."
    )
    difficulty: Literal["foundation", "intermediate", "advanced"] = "intermediate"
    record: Record
    query: Query | None = None
    key: AnswerKey

    @property
    def needs_query(self) -> bool:
        """True when the right first step is to query the physician."""
        return self.query is not None


def load_case_file(path: Path) -> Case:
    """Read and validate one case file; CaseInputError names the file and the problem in one line."""
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
        case = Case.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise CaseInputError(f"{path.name}: cannot read the case ({exc})") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CaseInputError(f"{path.name}: {where}: {first['msg']}") from exc
    if case.id != path.stem:
        raise CaseInputError(f"{path.name}: id {case.id!r} must equal the file name stem")
    return case


@cache
def load_cases(directory: Path = CASES_DIR) -> dict[str, Case]:
    """Every case, keyed by id, in file-name order."""
    return {case.id: case for case in (load_case_file(p) for p in sorted(directory.glob("c*.yaml")))}


def case_ids() -> list[str]:
    """The ids of all cases, in order."""
    return list(load_cases())


def get_case(case_id: str) -> Case:
    """One case by id; CaseInputError lists the valid ids when it is unknown."""
    cases = load_cases()
    if case_id not in cases:
        raise CaseInputError(f"no case {case_id!r}: choose one of {', '.join(cases)}")
    return cases[case_id]
