"""Word indexes are kept in the user cache (a temp dir in tests) and rebuilt when the file is unusable."""

from __future__ import annotations

from course_helpers.coding.codes.index_cache import cache_path, cached_index
from course_helpers.coding.codes.search_index import IndexEntry, WordIndex


def _builder(calls: list[int]):
    def build() -> WordIndex:
        calls.append(1)
        return WordIndex([IndexEntry("I10", "Essential (primary) hypertension")])

    return build


def test_second_load_comes_from_the_cache_file() -> None:
    calls: list[int] = []
    first = cached_index("unit", _builder(calls))
    assert cache_path("unit").exists()
    second = cached_index("unit", _builder(calls))
    assert calls == [1]
    assert (
        [m.entry.code for m in second.search("hypertension")]
        == ["I10"]
        == [m.entry.code for m in first.search("primary")]
    )


def test_a_corrupt_cache_file_is_rebuilt() -> None:
    path = cache_path("corrupt")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a pickle")
    calls: list[int] = []
    index = cached_index("corrupt", _builder(calls))
    assert calls == [1] and len(index) == 1


def test_cache_path_names_the_year_and_is_under_the_test_cache(isolated_user_dirs) -> None:
    path = cache_path("cm")
    assert "FY2026" in path.name and str(path).startswith(str(isolated_user_dirs))
