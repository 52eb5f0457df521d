"""Numbers and ids read from what people type: spreadsheet cells and query strings."""

from decimal import Decimal

import pytest
from django.utils import translation

from kotaku.lib.fields import MAX_ID, as_id
from kotaku.lib.numbers import NumberError, group, parse_number
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


# One reader for forms and imports: "25.000" is 25000 and "12,5" twelve and a half -----------


@pytest.mark.parametrize(
    ("text", "whole", "expected"),
    [
        ("25.000", True, Decimal(25000)),
        ("25000", True, Decimal(25000)),
        ("Rp 1.250.000", True, Decimal(1250000)),
        ("1 250 000", True, Decimal(1250000)),
        ("1\u00a0250\u00a0000", True, Decimal(1250000)),
        ("12,00", True, Decimal(12)),
        ("12,5", False, Decimal("12.5")),
        ("1.250,75", False, Decimal("1250.75")),
        ("-3,25", False, Decimal("-3.25")),
        ("0", True, Decimal(0)),
    ],
)
def test_numbers_are_read_the_indonesian_way(text, whole, expected):
    assert parse_number(text, whole=whole, largest=10**12) == expected


@pytest.mark.parametrize(
    ("text", "whole", "code"),
    [
        ("12.5", False, "invalid"),  # a dot groups thousands: never a decimal point
        ("1,250.00", False, "invalid"),  # English writing is refused, not misread
        ("1.2.3", True, "invalid"),
        ("abc", True, "invalid"),
        ("\u00b2", True, "invalid"),
        ("12,5", True, "whole"),
        ("1.000.000.000.000", True, "too_large"),
        ("9" * 5000, True, "too_large"),
        ("9" * 5000 + ",5", False, "too_large"),
    ],
)
def test_other_text_is_refused_with_the_reason(text, whole, code):
    with pytest.raises(NumberError) as refused:
        parse_number(text, whole=whole, largest=10**12 - 1)
    assert refused.value.code == code


def test_too_large_says_so_in_the_users_language_with_the_limit():
    with translation.override("en"), pytest.raises(NumberError) as refused:
        parse_number("1.000.000.000.000", whole=True, largest=10**12 - 1)
    assert str(refused.value) == (
        "1.000.000.000.000 is too large: the largest number accepted here is 999.999.999.999."
    )


def test_a_whole_number_cell_is_limited_like_the_form_field():
    assert whole_number("999.999.999.999", 10**12 - 1) == 999_999_999_999
    with translation.override("en"), pytest.raises(CellError, match="too large"):
        whole_number("1.000.000.000.000", 10**12 - 1)
    with pytest.raises(CellError):
        whole_number(10**12, 10**12 - 1)  # a number cell too


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1250000, "1.250.000"), (Decimal("12.5"), "12,5"), (-3000, "-3.000"), (0, "0")],
)
def test_numbers_are_shown_as_they_are_read(value, shown):
    assert group(value) == shown
    assert parse_number(shown, whole=False, largest=10**9) == value
