"""Open, overdue and the counts per status: one definition, in Python and in SQL.

The QuerySet methods (`open`, `overdue`, `status_counts`), the model's predicates (`is_open`,
`is_overdue`) and the partial index of open items must agree on every status and on the day
of the deadline itself.
"""

import datetime
import itertools

import pytest

from kotaku.lib.codes import new_code
from monitoring.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    RktlItem,
    RktlStatus,
    open_q,
    overdue_q,
)

TODAY = datetime.date(2026, 11, 22)
DAY = datetime.timedelta(days=1)
DEADLINES = (TODAY - DAY, TODAY, TODAY + DAY)


# The moment every test of this module runs at; the shared world is built at it too.
FROZEN_AT = "2026-11-22 09:00 +0700"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


@pytest.fixture
def items(world):
    """One item of every status due yesterday, today and tomorrow, in one city."""
    finding = world.ours["rktl"].finding
    created = RktlItem.objects.bulk_create(
        RktlItem(
            finding=finding,
            city=finding.visit.city,
            code=new_code(),
            category="kapasitas",
            problem="p",
            action="a",
            pic_name="x",
            pic_tier="pengelola",
            deadline=deadline,
            original_deadline=deadline,
            status=status,
            cannot_reason="Dana tidak tersedia" if status == RktlStatus.CANNOT else "",
            created_by=world.ours["visit"].created_by,
        )
        for status, deadline in itertools.product(RktlStatus, DEADLINES)
    )
    return RktlItem.objects.filter(pk__in=[item.pk for item in created])


def keys(qs) -> set[tuple[str, datetime.date]]:
    return {(item.status, item.deadline) for item in qs}


def test_open_and_closed_statuses_are_every_status_once():
    assert sorted([*OPEN_STATUSES, *CLOSED_STATUSES]) == sorted(RktlStatus)
    assert set(OPEN_STATUSES) == {RktlStatus.OPEN, RktlStatus.IN_PROGRESS}


def test_an_item_is_overdue_from_the_day_after_its_deadline_while_it_is_open(items):
    expected = {(status, TODAY - DAY) for status in OPEN_STATUSES}
    assert keys(items.overdue()) == expected
    assert keys(items.overdue(TODAY)) == expected
    assert {(i.status, i.deadline) for i in items if i.is_overdue()} == expected
    assert {(i.status, i.deadline) for i in items if i.is_overdue(TODAY)} == expected


def test_a_later_day_makes_the_items_due_today_overdue(items):
    tomorrow = TODAY + DAY
    expected = {(status, d) for status in OPEN_STATUSES for d in (TODAY - DAY, TODAY)}
    assert keys(items.overdue(tomorrow)) == expected
    assert {(i.status, i.deadline) for i in items if i.is_overdue(tomorrow)} == expected
    assert keys(items.filter(overdue_q(tomorrow))) == expected


@pytest.mark.parametrize("status", CLOSED_STATUSES)
def test_a_closed_item_is_neither_open_nor_overdue_however_late(items, status):
    closed = items.filter(status=status)
    assert not closed.open().exists()
    assert not closed.overdue(TODAY + datetime.timedelta(days=365)).exists()
    for item in closed:
        assert not item.is_open()
        assert not item.is_overdue(TODAY + datetime.timedelta(days=365))


@pytest.mark.parametrize("status", OPEN_STATUSES)
def test_an_open_item_is_open_whatever_its_deadline(items, status):
    assert keys(items.filter(status=status).open()) == {(status, d) for d in DEADLINES}
    assert all(item.is_open() for item in items.filter(status=status))


def test_status_counts_give_every_status_in_order_in_one_query(items, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = items.exclude(status=RktlStatus.VERIFIED).status_counts()
    assert list(counts) == RktlStatus.values
    assert counts == dict.fromkeys(RktlStatus.values, 3) | {RktlStatus.VERIFIED: 0}


def test_status_counts_of_nothing_are_zeros(items):
    assert items.none().status_counts() == dict.fromkeys(RktlStatus.values, 0)


def test_the_partial_index_holds_exactly_the_open_items(items):
    index = next(i for i in RktlItem._meta.indexes if i.name == "rktl_open_deadline_idx")
    assert index.condition == open_q()
    assert keys(items.filter(index.condition)) == keys(items.open())
