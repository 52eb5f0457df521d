"""Indonesian telephone numbers, as people write them and as the program stores them."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kotaku.lib.quote import shown

# What people put between digits: spaces, dashes, dots, brackets ("(0721) 123-456").
_SEPARATORS = re.compile(r"[\s\-.()/\u00a0]")
# A national number: mobile 8xx..., or an area code 2x-9x then the subscriber's number. 8 to 12
# digits after the trunk prefix "0" or the country code "62"; the leading "+" is optional.
_NATIONAL = re.compile(r"^(?:\+?62|0)([2-9]\d{7,11})$", re.ASCII)
# A mobile number whose leading 0 a spreadsheet dropped when it took it for a number.
_MOBILE_WITHOUT_ZERO = re.compile(r"^(8\d{8,11})$", re.ASCII)


def normalise_phone(text: str) -> str:
    """`text` in the one form phone numbers are stored in: "+62" then the national number
    without its leading 0, digits only (e.g. "0812-3456-7890" -> "+6281234567890").

    Accepts 08..., +62..., 62... and area-code numbers (0721-123456), with any spaces, dashes,
    dots or brackets; "" stays "". Raises ValidationError for anything else.
    """
    text = (text or "").strip()
    if not text:
        return ""
    compact = _SEPARATORS.sub("", text)
    match = _NATIONAL.match(compact) or _MOBILE_WITHOUT_ZERO.match(compact)
    if not match:
        raise ValidationError(
            _("%(value)s is not an Indonesian phone number. Write it as 0812-3456-7890 or "
              "+62 812-3456-7890.") % {"value": shown(text)},
            code="phone",
        )  # fmt: skip
    return "+62" + match.group(1)


def phone_or_as_is(text: str) -> str:
    """The stored form of `text` when it is a phone number, else `text` unchanged (for saves
    of records that were never validated, e.g. ones created in code)."""
    try:
        return normalise_phone(text)
    except ValidationError:
        return text
