"""Numbers and ids read from what people type: spreadsheet cells and query strings."""

import pytest

from kotaku.lib.fields import MAX_ID, as_id
from kotaku.lib.sheets import CellError, whole_number


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (12500, 12500),
        (12500.0, 12500),
        ("12500", 12500),
        ("12.500", 12500),
        ("Rp 1.250.000", 1250000),
        ("rp.630500", 630500),
        ("", None),
        (None, None),
    ],
)
def test_a_whole_number_is_read_as_people_write_it(cell, expected):
    assert whole_number(cell) == expected


@pytest.mark.parametrize(
    "cell",
    ["12,5", "12.5", "1.2.3", "\u00b2", "\u0663", "9" * 19, "9" * 5000, "1" + ".000" * 6, True],
    ids=[
        "comma",
        "decimal",
        "groups",
        "superscript",
        "arabic-digit",
        "19-digits",
        "5000-digits",
        "7-groups",
        "bool",
    ],
)
def test_anything_else_is_a_wrong_number_not_a_crash(cell):
    with pytest.raises(CellError):
        whole_number(cell)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("-1", None),
        ("", None),
        ("abc", None),
        ("\u00b2", None),
        ("9" * 5000, None),
    ],
)
def test_as_id_says_none_for_what_no_id_column_holds(text, expected):
    assert as_id(text) == expected
