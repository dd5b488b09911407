"""`Reverser` gives the very URLs `reverse()` gives, and falls back to it when it cannot help."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from phinong.dashboards.urls_fill import Reverser

CASES: list[tuple[str, list[object]]] = [
    ("dashboards:area", ["42"]),
    ("dashboards:area", ["420102"]),
    ("dashboards:area", ["4201"]),  # the same name again: the pattern kept from the first call
    ("dashboards:nation", []),
    ("programmes:detail", [7]),
    ("programmes:activity_edit", [12, 3]),
    ("programmes:activity_edit", [3, 12]),
    ("dashboards:area", ["42 xก"]),  # not digits: quoted by reverse() itself
]


def test_the_same_urls_as_reverse() -> None:
    reverser = Reverser()
    for name, args in CASES:
        assert reverser(name, args) == reverse(name, args=args), (name, args)


def test_an_argument_the_url_refuses_is_refused_the_same_way() -> None:
    reverser = Reverser()
    assert reverser("programmes:detail", [5]) == "/programmes/5/"
    with pytest.raises(NoReverseMatch):
        reverser("programmes:detail", ["abc"])
    with pytest.raises(NoReverseMatch):
        reverser("programmes:detail", [1, 2])


def test_a_marker_like_value_is_filled_in_once() -> None:
    """An argument that looks like the marker of another position does not get replaced again."""
    reverser = Reverser()
    first = "90817263541"  # the marker of the second argument
    assert reverser("programmes:activity_edit", [first, 4]) == reverse(
        "programmes:activity_edit", args=[first, 4]
    )
