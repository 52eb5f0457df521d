"""Helpers for the tests of a page part kept as HTML under its city's version (kotaku.kept):
fetch a page with its query count, and change a record the way only the database sees."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

# Committed data, as in production: on PostgreSQL nothing is kept for a transaction that has
# changed the city itself (kotaku.kept.area_version). A test module's `pytestmark`.
COMMITTED = pytest.mark.django_db(transaction=True)


def fetched(client, user, url: str) -> tuple[str, int]:
    """The page's HTML as `user` reads it, and how many queries it ran."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def between(html: str, start: str, end: str) -> str:
    """The part of `html` from `start` to just before `end`: the kept part of a page."""
    first = html.index(start)
    return html[first : html.index(end, first)]


@dataclass(frozen=True)
class Change:
    """A change of the rows `where(world)` finds, through QuerySet.update(): no save(), no
    signal, only the database (and its triggers) sees it; and what the page then shows."""

    model: type
    where: Callable[..., dict]
    values: dict
    shown: str

    def apply(self, world) -> None:
        assert self.model.objects.filter(**self.where(world)).update(**self.values) >= 1


def ours(name: str, field: str, attribute: str = "") -> Callable[..., dict]:
    """A lookup of the test world's own `name` record (or its `attribute`) by `field`."""
    return lambda w: {field: getattr(w.ours[name], attribute) if attribute else w.ours[name]}


def assert_shown_at_once(page: Callable[[], str], world, change: Change) -> None:
    """`change` shows on the page the moment it is made, though the page was kept before."""
    assert change.shown not in page()
    change.apply(world)
    assert change.shown in page()


def assert_kept_through(
    get: Callable[[], tuple[str, int]], kept_part: Callable[[str], str], elsewhere
) -> None:
    """The kept part stays as it was, read in fewer queries, through `elsewhere()`: a change
    in another city."""
    first, first_queries = get()
    elsewhere()
    again, again_queries = get()
    assert kept_part(again) == kept_part(first) and again_queries < first_queries
