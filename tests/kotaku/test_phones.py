"""Indonesian phone numbers: accepted as people write them, stored in one form."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kotaku.lib.phones import normalise_phone, phone_or_as_is


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("081234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("+6281234567890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("62 812 3456 789", "+628123456789"),
        ("(0721) 123-456", "+62721123456"),  # a landline with its area code
        ("021.2345.6789", "+622123456789"),
        ("81234567890", "+6281234567890"),  # a spreadsheet dropped the leading 0
        ("", ""),
        ("   ", ""),
    ],
)
def test_a_phone_number_is_stored_in_one_form(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "abc-not-a-phone",
        "0812",  # too short
        "08123456789012345",  # too long
        "+1 202 555 0100",  # not Indonesian
        "0012345678",  # no area code starts with 0 or 1
        "+62 0812 3456 789",  # the 0 after the country code
        "0812-3456-78x0",
        "\u0660\u0668\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668",  # Arabic-Indic digits
    ],
)
def test_anything_else_is_refused_with_a_message(typed):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        normalise_phone(typed)
    assert refused.value.messages == [
        f"{typed.strip()[:40]} is not an Indonesian phone number. Write it as 0812-3456-7890 "
        "or +62 812-3456-7890."
    ]


def test_a_stored_value_that_is_no_number_is_kept_as_it_is():
    assert phone_or_as_is("0812 3456 7890") == "+6281234567890"
    assert phone_or_as_is("0812") == "0812"
