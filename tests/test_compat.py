"""Deprecated names keep working, with a FutureWarning that names the new spelling."""

from __future__ import annotations

import pytest

from cctvgeo._compat import moved_attributes, renamed_keywords


@renamed_keywords(cams="cameras", k="per_origin")
def _count(*, cameras: list[int] | None = None, per_origin: int = 1) -> tuple[int, int]:
    return len(cameras or []), per_origin


def test_an_old_keyword_warns_and_reaches_the_new_one() -> None:
    with pytest.warns(FutureWarning, match=r"_count\(cams=\.\.\.\) is deprecated.*cameras="):
        assert _count(cams=[1, 2, 3]) == (3, 1)
    with pytest.warns(FutureWarning, match=r"k=\.\.\..*per_origin="):
        assert _count(k=4) == (0, 4)


def test_the_new_keyword_does_not_warn() -> None:
    assert _count(cameras=[1], per_origin=2) == (1, 2)  # warnings are errors in the tests


def test_both_names_at_once_are_refused() -> None:
    with pytest.raises(TypeError, match=r"both cams= .* and cameras="):
        _count(cams=[1], cameras=[2])


def test_the_wrapper_keeps_the_name_and_docstring() -> None:
    assert _count.__name__ == "_count"
    assert _count.__wrapped__.__name__ == "_count"  # type: ignore[attr-defined]


def test_a_moved_attribute_is_found_in_its_new_module_with_a_warning() -> None:
    find = moved_attributes("old.home", {"sqrt": "math"})
    with pytest.warns(FutureWarning, match=r"old\.home\.sqrt has moved to math\.sqrt"):
        assert find("sqrt")(16.0) == 4.0
    with pytest.raises(AttributeError, match=r"'old\.home' has no attribute 'cos'"):
        find("cos")


def test_old_module_paths_of_moved_coverage_functions_still_work() -> None:
    from cctvgeo.coverage import dori, fov, gaps, network, statuses

    with pytest.warns(FutureWarning, match="coverage.gaps.coverage_gaps"):
        assert network.coverage_gaps is gaps.coverage_gaps
    with pytest.warns(FutureWarning, match="coverage.dori.dori_reach"):
        assert fov.dori_reach is dori.dori_reach
    with pytest.warns(FutureWarning, match="coverage.statuses.counted_cameras"):
        assert network.counted_cameras is statuses.counted_cameras
    with pytest.raises(AttributeError):
        _ = network.no_such_name
