"""Numbers written the Indonesian way, whatever the interface language.

Rupiah amounts are read by the program's staff with dots between thousands ("Rp1.250.000"),
so they are formatted the same in English; dates use Django's `date` filter, which follows the
active language ("22 November 2026", "21 Juli 2026").
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template

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
