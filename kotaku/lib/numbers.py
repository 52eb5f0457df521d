"""Numbers as people in Indonesia write them, read the same way in every form and import.

"25.000" is twenty-five thousand (a dot groups thousands) and "12,5" is twelve and a half (a
comma starts the decimals), whatever language the page is shown in: the program's forms and
spreadsheets are filled in Indonesia. "Rp" before an amount and spaces are ignored. A dot that
cannot be a thousands separator ("12.5") is refused rather than guessed at, since "1.250" and
"1.25" would otherwise mean very different amounts.
"""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from kotaku.lib.quote import shown

# An integer part, plain ("25000") or grouped by thousands ("25.000"), then decimals ("12,5").
_NUMBER = re.compile(r"^(-?)(\d+|\d{1,3}(?:\.\d{3})+)(?:,(\d+))?$", re.ASCII)
_CURRENCY = re.compile(r"^rp\.?", re.IGNORECASE)
# Spaces people and spreadsheets put between groups: ordinary, no-break and narrow no-break.
_SPACES = re.compile(r"[ \u00a0\u202f]")


class NumberError(ValueError):
    """Text that is not a number this reader accepts; the message is for the user and
    `code` says why ("invalid", "whole", "too_large")."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def group(value: int | Decimal) -> str:
    """`value` written the Indonesian way: 1250000 as "1.250.000", 12.5 as "12,5"."""
    sign = "-" if value < 0 else ""
    text = format(abs(Decimal(value)), "f")
    whole, _dot, decimals = text.partition(".")
    whole = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{whole},{decimals}" if decimals else f"{sign}{whole}"


def parse_number(text, *, whole: bool, largest: int | Decimal) -> Decimal:
    """The number `text` holds, as a Decimal (integral when `whole`), or NumberError.

    `largest` is the largest magnitude accepted: a longer number is refused as too large
    before it is converted (Python refuses to convert numbers of thousands of digits).
    """
    raw = str(text).strip()
    cleaned = _SPACES.sub("", _CURRENCY.sub("", raw))
    match = _NUMBER.match(cleaned)
    if not match:
        example = "12.500" if whole else "12.500 / 12,5"
        raise NumberError(
            _("Not a number: %(value)s. Write it as %(example)s (a dot groups thousands, a "
              "comma starts decimals).") % {"value": shown(raw), "example": example},
            code="invalid",
        )  # fmt: skip
    sign, integer, decimals = match.groups()
    digits = integer.replace(".", "").lstrip("0")
    if len(digits) > len(str(int(largest))):
        raise _too_large(raw, largest)
    if decimals and whole:
        if decimals.strip("0"):
            raise NumberError(
                _("A whole number is expected, not %(value)s.") % {"value": shown(raw)},
                code="whole",
            )
        decimals = None
    number = Decimal(f"{sign}{digits or '0'}.{decimals}" if decimals else f"{sign}{digits or 0}")
    if abs(number) > largest:
        raise _too_large(raw, largest)
    return number


def _too_large(raw: str, largest) -> NumberError:
    return NumberError(
        _("%(value)s is too large: the largest number accepted here is %(max)s.")
        % {"value": shown(raw), "max": group(largest)},
        code="too_large",
    )
