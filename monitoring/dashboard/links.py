"""Numbers that link to the list behind them."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html

from kotaku.lib.paths import list_path


def list_url(name: str, params: dict) -> str:
    """`reverse(name)` with the non-empty params as a query string."""
    query = {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in params.items()}
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return list_path(name) + ("?" + urlencode(query) if query else "")


def rktl_list_url(**params) -> str:
    return list_url("monitoring:rktl_list", params)


def visit_list_url(**params) -> str:
    return list_url("monitoring:visit_list", params)


DASH = "\N{EN DASH}"


@dataclass(frozen=True)
class Num:
    """A number in a dashboard table, rendered as a link to the records it counts."""

    value: int | float | None
    url: str = ""
    text: str = ""  # shown instead of the formatted value, e.g. "52%"

    def __html__(self) -> str:
        if self.text:
            shown = self.text
        elif self.value is None:
            shown = DASH
        else:
            shown = number_format(self.value, force_grouping=True)
        if self.url:
            return format_html('<a href="{}">{}</a>', self.url, shown)
        return str(conditional_escape(shown))

    def __str__(self) -> str:
        return self.__html__()


def share(part: int | float, whole: int | float) -> int | None:
    """`part` as a whole percentage of `whole`, or None when there is no whole."""
    return round(100 * part / whole) if whole else None


def percent(part: int | float, whole: int | float) -> Num:
    return as_percent(share(part, whole))


def as_percent(value: int | None) -> Num:
    """A share already computed, as a whole percentage (a dash when there is none)."""
    return Num(value, text=DASH if value is None else f"{value}%")
