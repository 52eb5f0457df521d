"""Numbers written the Indonesian way, whatever the interface language.

Rupiah amounts are read by the program's staff with dots between thousands ("Rp1.250.000"),
so they are formatted the same in English; dates use Django's `date` filter, which follows the
active language ("22 November 2026", "21 Juli 2026").

A date (not a datetime) in a long table is written by `day`, which remembers what it wrote:
Django's `date` filter takes some 50 µs a date, translating the month's name each time.
"""

import datetime
import functools
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.translation import get_language

register = template.Library()


def group_thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@register.filter
def rupiah(value, decimals: int = 0) -> str:
    """1250000 -> "Rp1.250.000"; with `decimals=2`: "Rp1.250.000,00". Empty for None or ""."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    decimals = int(decimals)
    quantum = Decimal(1).scaleb(-decimals)
    amount = amount.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):f}".partition(".")
    text = group_thousands(int(whole))
    if decimals:
        text += "," + fraction.ljust(decimals, "0")
    return f"{sign}Rp{text}"


@register.filter
def percent(value, decimals: int = 0) -> str:
    """A share (0.52) as a percentage with a decimal comma: "52%", or "52,4%" with decimals=1."""
    if value is None or value == "":
        return "\N{EN DASH}"
    number = Decimal(str(value)) * 100
    decimals = int(decimals)
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{number:f}".replace(".", ",") + "%"


@register.filter(expects_localtime=True, is_safe=False)
def day(value, arg: str | None = None) -> str:
    """`{{ value|date:arg }}`, the same text, remembered for a date in a language (a page of
    RKTL items shows a few dozen deadlines, many of them alike). A datetime is not
    remembered: what it shows depends on the time zone too."""
    if type(value) is not datetime.date:
        return date_filter(value, arg)
    return _day(value, arg, get_language())


@functools.lru_cache(maxsize=4096)
def _day(value: datetime.date, arg: str | None, language: str | None) -> str:
    # `language` is part of the key only: the filter writes in the active one.
    return date_filter(value, arg)
