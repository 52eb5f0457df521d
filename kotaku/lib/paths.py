"""Paths of the app's pages, reversed once rather than once a link.

`reverse()` takes some 90 µs, `{% url %}` some 50: a page of 30 rows, each linking to its
record, spent a few milliseconds on them alone, and a national map links 270 cities. A path is
reversed once per URL configuration and script prefix (its only other inputs), and a record's
code is put into it by string replacement.
"""

import functools
from collections.abc import Callable

from django.urls import get_script_prefix, get_urlconf, reverse

# A stand-in for a record's code in a reversed path: the real code is put in its place. Codes
# are letters and digits (kotaku.lib.codes; a city's BPS code), which a path holds as they are.
_CODE = "0CODE0"


def list_path(name: str) -> str:
    """`reverse(name)` of a URL with no arguments (a list, a menu's entry), reversed once."""
    return _reversed(name, get_urlconf(), get_script_prefix(), with_code=False)


def code_url(name: str, code: str) -> str:
    """`reverse(name, args=[code])` for a URL of one record's code."""
    return code_urls(name)(code)


def code_urls(name: str) -> Callable[[str], str]:
    """code_url(name, ...) for many codes: a city's map has up to a thousand points."""
    path = _reversed(name, get_urlconf(), get_script_prefix(), with_code=True)
    return lambda code: path.replace(_CODE, str(code))


@functools.cache
def _reversed(name: str, urlconf, prefix: str, *, with_code: bool) -> str:
    # `prefix` is part of the cache key only: reverse() reads it itself.
    return reverse(name, args=[_CODE] if with_code else None, urlconf=urlconf)
