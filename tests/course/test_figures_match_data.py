"""A figure stated in a lesson or bank must equal the data file that owns it, so one correction reaches every place.

Each rule finds statements of one figure in the text (banks, lesson markdown and cases) and compares the number
with its owner: BLS wages in data/bls.yaml, MS-DRG weights in CMS Table 5 (coding.table5), the illustrative base
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
