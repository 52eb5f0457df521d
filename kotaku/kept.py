"""Counts kept between requests: exactly for a few cities, for a moment for a large area.

Counting an area's records reads thousands of index entries (hundreds of thousands for the
country) on every request. Two ways to keep such a count, chosen by the area's size:

- **A few cities** (at most LIVE_COUNT_CITIES: a city, most provinces): kept until one of
  their records changes. The key holds the cities' versions (models.CityVersion), which
  database triggers raise in the transaction that changes a record (kotaku/versions.py); the
  version is read before the count, so a kept count is never older than its key. Such a
  count is exact: the page shows no time.
- **More cities** (a large province, the country), where some record changes every minute:
  kept for a given number of seconds, and the page says when it was taken.

The key names the cities (not the user), so two users share a kept count only when they read
the same cities; and the day, since what is overdue changes with it. So do the kept rows of a
list (`kept_rows`), which name the reader's roles too.
"""

import datetime
import hashlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, Max, Sum
from django.db.models.expressions import RawSQL
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from kotaku.access import scope_for
from kotaku.models import City, CityVersion

LIVE_COUNT_CITIES = 20
COUNT_CACHE_SECONDS = 60
# An exact count's key holds the versions and the day: this only bounds its memory.
EXACT_SECONDS = 24 * 60 * 60

T = TypeVar("T")


@dataclass(frozen=True)
class Keeping:
    """Where a value is kept, for how long, and whether it is exact (keyed by versions)."""

    key: str
    seconds: int
    exact: bool


def area_version(city_ids: Collection[int] | None) -> str | None:
    """A token that changes whenever a record of these cities (None: of any city) changes. One
    query. The count of rows and the sum of their versions: each change raises one row by one,
    or adds one at 1.

    None on PostgreSQL when this very transaction changed one of them: its counts may yet be
    rolled back, and it raises a city once (kotaku/versions.py), so later changes of its own
    would leave the version as it is."""
    rows = CityVersion.objects.all()
    if city_ids is not None:
        rows = rows.filter(city_id__in=sorted(city_ids))
    mine = {}
    if connections[rows.db].vendor == "postgresql":
        # _if_assigned: a reading transaction is given no id (a replica could not give one).
        ours = "CASE WHEN xmin = pg_current_xact_id_if_assigned()::xid THEN 1 ELSE 0 END"
        mine = {"mine": Max(RawSQL(ours, ()))}
    got = rows.aggregate(rows=Count("pk"), total=Sum("n"), **mine)
    if got.get("mine"):
        return None
    return f"{got['rows']}.{got['total'] or 0}"


def _own_transaction() -> bool:
    """Whether we are inside a transaction the code opened (not a test case's): what it
    counts there may include its own writes, which it may yet roll back, under a version no
    one else will ever see; such counts are not kept."""
    blocks = connections[DEFAULT_DB_ALIAS].atomic_blocks
    # Django marks the atomic blocks a TestCase wraps each test in (django.db.transaction).
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def keeping(
    city_ids: Collection[int] | None,
    what: str,
    seconds: int,
    version_of: Callable[[Collection[int] | None], str | None] | None = None,
) -> Keeping | None:
    """How to keep a value counted over `city_ids` (None: every city) that depends on `what`
    besides (filters, a period), for an area of many cities `seconds`; None: count it now.
    `version_of(city_ids)` reads their version when it was read already (`request_version`);
    by default, `area_version`."""
    many = (len(city_ids) if city_ids is not None else City.objects.count()) > LIVE_COUNT_CITIES
    area = "all" if city_ids is None else ",".join(map(str, sorted(city_ids)))
    signature = f"{what}|{area}|{timezone.localdate()}"
    if many:
        return Keeping(_hashed("kept", signature), seconds, exact=False)
    if _own_transaction() or (version := (version_of or area_version)(city_ids)) is None:
        return None
    return Keeping(_hashed("exact", f"{signature}|{version}"), EXACT_SECONDS, exact=True)


def _hashed(prefix: str, signature: str) -> str:
    return f"{prefix}:{hashlib.sha256(signature.encode()).hexdigest()}"


def kept(keep: Keeping | None, compute: Callable[[], T]) -> tuple[T, datetime.datetime | None]:
    """`compute()`, kept as `keep` says, and when it was counted if that matters: None for
    an exact value (counted now, or kept while nothing it counts changed)."""
    if keep is None:
        return compute(), None
    value = cache.get(keep.key)
    if value is None:
        value = (compute(), None if keep.exact else timezone.now())
        cache.set(keep.key, value, keep.seconds)
    return value


def kept_with(
    keep: Keeping | None,
    name: str,
    make: Callable[[], tuple[T, datetime.datetime | None]],
) -> T:
    """What `make()` makes from a value kept as `keep` says (a table's HTML), kept under the
    value's own key, `name` and the language, for no longer than the value itself. `make`
    returns what it made and when the value it used was counted (None: exact)."""
    if keep is None:
        return make()[0]
    key = f"{name}:{keep.key}:{get_language()}"
    made = cache.get(key)
    if made is None:
        made, counted_at = make()
        # An exact value is kept while nothing changes; a large area's is counted again
        # `keep.seconds` after `counted_at`.
        left = keep.seconds
        if not keep.exact and counted_at is not None:
            left -= (timezone.now() - counted_at).total_seconds()
        if left > 1:
            cache.set(key, made, left)
    return made


def kept_city_html(
    city_id: int, what: str, template: str, context: Callable[[], dict]
) -> SafeString:
    """`template` rendered with `context()`, kept as HTML until one of the city's records
    changes, per language and day (a page part: a BDC's records, a city's figures). `what`
    names the part and everything else it depends on (the record, whether names are shown).
    Only for what is in the city and the same for everyone who may read it."""
    parts = kept_city_parts(city_id, what, lambda: {"html": render_to_string(template, context())})
    return parts["html"]


def kept_city_parts(
    city_id: int, what: str, make: Callable[[], dict[str, str]]
) -> dict[str, SafeString]:
    """Several parts of a page (`make()`: their HTML by name), kept together as
    `kept_city_html` keeps one: one version read and one lookup for all of them. `make`
    reads what it shows itself, after the version is read (what is kept is at least as new
    as its key)."""
    keep = keeping([city_id], what, EXACT_SECONDS)
    made = kept_with(keep, "city-parts", lambda: (make(), None))
    # Rendered by the template engine, escaped there.
    return {name: mark_safe(html) for name, html in made.items()}


def user_cities(user) -> frozenset[int] | None:
    """The cities whose records `user` reads (None: every city)."""
    scope = scope_for(user)
    return None if scope.national else scope.readable_cities


def kept_count(
    user,
    what: str,
    compute: Callable[[], T],
    seconds: int = COUNT_CACHE_SECONDS,
    version_of: Callable[[Collection[int] | None], str | None] | None = None,
) -> tuple[T, datetime.datetime | None]:
    """`compute()` over the user's area, and when it was counted (None: it is exact).

    `what` names the count and everything else it depends on (filters); `version_of`: see
    `keeping`."""
    return kept(keeping(user_cities(user), what, seconds, version_of), compute)


def list_signature(request, name: str, ignore: Collection[str] = ("page", "sort")) -> str:
    """`name` and the filters of a list (the request's query less `ignore`): what a count of
    the list depends on besides the user's area."""
    query = request.GET.copy()
    for key in ignore:
        query.pop(key, None)
    return f"{name}|{sorted(query.lists())}"


def kept_list_count(request, name: str, items) -> tuple[int, datetime.datetime | None]:
    """How many `items` (a list of the user's area, filtered by the request's query) there
    are, kept as kept_count keeps counts, and when they were counted (None: exact).

    For a list's pages: counting the country's 100,000 KSMs or 20,000 visits takes 4 to 5 ms
    on every page; kept, a page of a large area reads no count at all."""
    what = list_signature(request, name)
    return kept_count(request.user, what, items.count, version_of=request_versions(request))


def request_version(request) -> str | None:
    """The version of the reader's area (`user_cities`), read once per request: the parts of
    a page kept under it all key data read after it. None within a transaction of the code's
    own (nothing is kept there)."""
    if _own_transaction():
        return None
    return request_versions(request)(user_cities(request.user))


def request_versions(request) -> Callable[[Collection[int] | None], str | None]:
    """`area_version`, read once per request for each set of cities (`keeping`'s
    `version_of`): the parts of a page kept under a version all key data read after it."""
    read = request.__dict__.setdefault("_kept_versions", {})

    def version_of(city_ids: Collection[int] | None) -> str | None:
        key = None if city_ids is None else frozenset(city_ids)
        if key not in read:
            read[key] = area_version(city_ids)
        return read[key]

    return version_of


def kept_for_area(request, what: str, compute: Callable[[], T]) -> T:
    """`compute()` over the reader's area (it reads the area's records), kept while none of
    the area's cities changes: exact, whatever the area's size (one query sums the versions
    of the country's cities, once per request: `request_version`).

    The key names `what` (the value and all it depends on besides: the user, if it is
    theirs alone), the reader's roles and cities, the language and the day, so that readers
    of the same area share it. So the value may hold only records of the reader's cities
    (their versions) and people's names (kotaku.versions.NAME_COLUMNS). Call
    `request_version` before reading anything the value depends on (a form's choices)."""
    version = request_version(request)
    if version is None:
        return compute()
    scope = scope_for(request.user)
    by_role = sorted((role, sorted(ids)) for role, ids in scope.cities_by_role.items())
    signature = (
        f"{what}|{scope.national}|{by_role}|{timezone.localdate()}|{get_language()}|{version}"
    )
    key = _hashed("area", signature)
    # Wrapped, so that a value of None is kept too.
    found = cache.get(key)
    if found is None:
        found = (compute(),)
        cache.set(key, found, EXACT_SECONDS)
    return found[0]


def kept_area_html(request, what: str, make: Callable[[], str]) -> SafeString:
    """HTML of a page part over the reader's area (`make()`), kept as `kept_for_area` keeps
    a value."""
    # Written from escaped values (format_html, templates).
    return mark_safe(kept_for_area(request, what, make))


def kept_rows(request, name: str, page, rows: Callable[[], str], *also) -> SafeString:
    """The HTML of a list's page of rows (`rows()`, which reads them), kept as
    `kept_area_html` keeps a part: under the list's filters and order, the page's number and
    `also` (what else the rows depend on)."""
    what = f"{list_signature(request, name, ignore=('page',))}|{page.number}|{also}"
    return kept_area_html(request, f"rows|{what}", rows)


class KeptCountPaginator(Paginator):
    """A paginator given a count that may be kept (kept_list_count): its pages are read in
    full, not cut at the count. Django's cuts the last page at `count`, so a count taken a
    minute ago would hide the rows added since from it."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)
