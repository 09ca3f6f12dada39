"""A figure stated in a lesson or bank must equal the data file that owns it, so one correction reaches every place.

Each rule finds statements of one figure in the text (banks, lesson markdown and cases) and compares the number
with its owner: BLS wages in data/bls.yaml, MS-DRG weights in CMS Table 5 (coding.drg.table5), the illustrative base
rate in data/drg_payment.yaml. A stated figure that differs fails, naming the file and the text.
"""

from __future__ import annotations

import json
import re

import pytest

from course_helpers.coding.drg.table5 import table5_row
from course_helpers.data import data_file, load_yaml
from tests.paths import REPO

ROOT = REPO


def _data(name: str) -> dict:
    return load_yaml(name)


def _texts() -> list[tuple[str, str]]:
    found = [
        (str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in sorted((ROOT / "quizzes").glob("*.yaml"))
    ]
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        found.append((str(path.relative_to(ROOT)), text))
    cases = data_file("cases")
    found += [
        (f"data/cases/{p.name}", p.read_text(encoding="utf-8")) for p in cases.iterdir() if p.name.endswith(".yaml")
    ]
    return found


def _money(match: re.Match[str]) -> float:
    return float(next(g for g in match.groups() if g).replace(",", ""))


BLS = _data("bls.yaml")
PCT = {v["key"]: v["value"] for v in BLS["percentiles"]["values"]}
BASE_RATE = _data("drg_payment.yaml")["illustrative_base_rate"]

# (name, pattern with one number group, owner value)
RULES: list[tuple[str, re.Pattern[str], float]] = [
    *(
        (
            f"MS-DRG {drg} weight",
            re.compile(rf"(?:DRG|MS-DRG) {drg}\b[^.\n]{{0,60}}?weight(?: of)? (\d\.\d{{3,4}})"),
            table5_row(drg).weight,
        )
        for drg in (291, 292, 293)
    ),
    (
        "BLS median May 2024",
        re.compile(r"\$(\d{2},\d{3})\W{0,3}(?:in |BLS, )?May 2024|May 2024 median[^$\n]{0,20}\$(\d{2},\d{3})"),
        BLS["median_may_2024"]["value"],
    ),
    (
        "BLS median May 2023",
        re.compile(r"May 2023 median[^$\n]{0,20}\$(\d{2},\d{3})|\$(\d{2},\d{3}) \(median\)"),
        PCT["median"],
    ),
    (
        "BLS 90th percentile",
        re.compile(r"90th percentile (?:is|of) \$(\d{2},\d{3})|\$(\d{2},\d{3})\s+\(90th\)"),
        PCT["p90"],
    ),
    (
        "BLS 10th percentile",
        re.compile(r"10th percentile (?:is|of) \$(\d{2},\d{3})|\$(\d{2},\d{3}) \(10th percentile\)"),
        PCT["p10"],
    ),
    ("illustrative base rate", re.compile(r"illustrative base rate of\s+\$(\d,\d{3})"), BASE_RATE),
]


@pytest.mark.parametrize(("name", "pattern", "owner"), RULES, ids=[r[0] for r in RULES])
def test_stated_figures_match_their_data_file(name: str, pattern: re.Pattern[str], owner: float) -> None:
    wrong = [
        f"{path}: {match.group(0)!r} (data: {owner:g})"
        for path, text in _texts()
        for match in pattern.finditer(text)
        if abs(_money(match) - owner) > 1e-6
    ]
    assert not wrong, f"{name} differs from its data file in: " + "; ".join(wrong)


def test_the_rules_find_statements() -> None:
    # a rule that finds nothing would pass forever: each must match at least one statement in the course
    texts = _texts()
    silent = [name for name, pattern, _ in RULES if not any(pattern.search(text) for _, text in texts)]
    assert not silent, f"rules that match nothing: {silent}"


def test_a_wrong_figure_is_caught() -> None:
    name, pattern, owner = RULES[0]
    match = pattern.search("MS-DRG 291 (FY2026 relative weight 1.2999)")
    assert match and abs(_money(match) - owner) > 0


# --------------------------------------------------------------------------- stated text without distractors


def _stated_texts() -> list[tuple[str, str]]:
    """What the course states as true: bank prompts, keys, explanations and feedback (not the distractors, which
    are wrong on purpose), lesson markdown and cases."""
    found: list[tuple[str, str]] = []
    for path in sorted((ROOT / "quizzes").glob("*.yaml")):
        bank = load_bank_yaml(path)
        parts: list[str] = []
        for question in bank.get("questions", []):
            parts += [str(question.get("prompt", "")), str(question.get("explanation", ""))]
            if isinstance(question.get("answer"), str):
                parts.append(question["answer"])
            parts += [str(v) for v in (question.get("feedback") or {}).values()]
        found.append((str(path.relative_to(ROOT)), "\n".join(parts)))
    found += [(p, t) for p, t in _texts() if not p.startswith("quizzes/")]
    return found


def load_bank_yaml(path) -> dict:  # noqa: ANN001 - a pathlib.Path
    from course_helpers.data import parse_yaml

    return parse_yaml(path.read_text(encoding="utf-8"))


def _period(period: str) -> str:
    start, end = period.split("-")
    return rf"{start}[–-](?:20)?{end}"


PROJECTIONS = {p["period"]: p["growth_percent"] for p in BLS["projections"]}
_SALARY = _data("salary.yaml")
_CERT_NOTE = next(f for f in _SALARY["factors"] if f["key"] == "certification")["note"]
_certified, _not_certified = (
    float(x.replace(",", "")) for x in re.search(r"\$([\d,]+) against \$([\d,]+)", _CERT_NOTE).groups()
)
_cic, _cpc = (
    float(x.replace(",", ""))
    for x in re.search(r"CIC average \$([\d,]+) vs CPC \$([\d,]+)", _SALARY["inpatient_vs_outpatient"]["note"]).groups()
)
CERTIFIED_PREMIUM = round(100 * (_certified / _not_certified - 1))  # AAPC 2021: "27% more"
CIC_OVER_CPC = round(100 * (_cic / _cpc - 1))  # AAPC 2018: about 3%
_SISTER = re.compile(r"29-9021|technologist|registrar", re.IGNORECASE)

STATED_RULES: list[tuple[str, re.Pattern[str], float]] = [
    *(
        (
            f"BLS growth {period}",
            re.compile(
                rf"(\d{{1,2}})%[^.\n%\d]{{0,40}}?(?:for|over|in|from) {_period(period)}"
                rf"|{_period(period)}[^.\n%\d]{{0,40}}?(?:is|was|:|\(|of)\s*(\d{{1,2}})%"
            ),
            float(growth),
        )
        for period, growth in PROJECTIONS.items()
    ),
    # No rule for AAPC's 2021 certified-vs-non-certified premium: since the CCS review (finding 24) no bank or
    # lesson states that self-reported survey figure, so a rule for it would match nothing.
    (
        "CIC over CPC (AAPC 2018)",
        re.compile(r"CIC[^.\n%]{0,80}?(?:about|~)\s*(\d{1,2})%|(?:about|~)\s*(\d{1,2})%[^.\n%]{0,60}?CIC"),
        float(CIC_OVER_CPC),
    ),
]


@pytest.mark.parametrize(("name", "pattern", "owner"), STATED_RULES, ids=[r[0] for r in STATED_RULES])
def test_stated_percentages_match_their_data_file(name: str, pattern: re.Pattern[str], owner: float) -> None:
    wrong = [
        f"{path}: {match.group(0)!r} (data: {owner:g})"
        for path, text in _stated_texts()
        for match in pattern.finditer(text)
        if abs(_money(match) - owner) > 1e-6 and not _SISTER.search(text[max(0, match.start() - 80) : match.end() + 80])
    ]
    assert not wrong, f"{name} differs from its data file in: " + "; ".join(wrong)


def test_the_stated_rules_find_statements() -> None:
    texts = _stated_texts()
    silent = [name for name, pattern, _ in STATED_RULES if not any(pattern.search(text) for _, text in texts)]
    assert not silent, f"rules that match nothing: {silent}"


def test_a_wrong_percentage_is_caught() -> None:
    growth = dict((n, (p, o)) for n, p, o in STATED_RULES)
    pattern, owner = growth["BLS growth 2024-34"]
    for text in ("The 2024–34 projection is 9%.", "BLS projects 9% growth over 2024-34."):
        match = pattern.search(text)
        assert match and _money(match) != owner
    assert CERTIFIED_PREMIUM == 27 and CIC_OVER_CPC == 3  # the surveys' own rounding of their dollar figures


def test_course_length_agrees_with_the_course_map() -> None:
    from course_helpers.course.course_map import load_course_map, total_minutes

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    words = {"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
    stated = re.search(r"## The lessons \(about (\w+) hours\)", readme)
    assert stated, "README no longer states the course's length"
    assert words[stated.group(1)] == round(total_minutes() / 60), (stated.group(0), total_minutes())
    for lesson in load_course_map():
        cells = json.loads((ROOT / "notebooks" / lesson.notebook).read_text(encoding="utf-8"))["cells"]
        header = "".join(cells[0]["source"])
        said = re.search(r"About (\d+) minutes", header)
        if said:
            assert int(said.group(1)) == lesson.minutes, f"{lesson.notebook}: {said.group(0)}, map {lesson.minutes}"


def test_exam_size_in_the_readme_matches_the_draw() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    count = load_bank_yaml(ROOT / "quizzes" / "13_final_exam.yaml")["draw"]["count"]
    stated = re.search(r"Final exam: (\d+)\+? questions", readme)
    assert stated and int(stated.group(1)) == count and "+" not in stated.group(0), stated


def test_billable_code_count_where_stated() -> None:
    from course_helpers.coding.codes.cm_status import billable_cm_codes

    billable = len(billable_cm_codes())
    exact = re.compile(r"\b(7\d,\d{3}) (?:billable|ICD-10-CM|diagnosis) codes")
    wrong = [
        f"{path}: {m.group(0)!r} (installed FY2026: {billable:,})"
        for path, text in [*_stated_texts(), ("README.md", (ROOT / "README.md").read_text(encoding="utf-8"))]
        for m in exact.finditer(text)
        if int(m.group(1).replace(",", "")) != billable
    ]
    assert not wrong, "; ".join(wrong)
