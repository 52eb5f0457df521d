"""The dashboard: every number equals an independent count, only ever from the user's area.

The expected numbers are computed the slow, obvious way: a Python loop over every record in
the database, kept or skipped by its city and dates. The dashboard computes them in grouped
queries; the two must agree for every persona and filter.
"""

import datetime
import xml.etree.ElementTree as ET
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bdc.models import Bdc, GrantTranche
from kotaku.lib.choices import Gender
from kotaku.models import City, Kecamatan, Kelurahan
from ksm.models import Ksm
from monitoring.models import (
    Attendee,
    ChecklistTemplate,
    Finding,
    RktlCategory,
    RktlItem,
    RktlStatus,
    Tier,
    Visit,
)

URL = "/dashboard/"
TODAY = datetime.date(2026, 11, 15)
LAMPUNG, SUMUT = "18", "12"


# The moment every test of this module runs at; the shared world is built at it too.
FROZEN_AT = "2026-11-15 09:00 +0700"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


def as_(client, world, persona):
    client.force_login(world.users[persona])
    return client


# ---- More data, in Metro, Bandar Lampung (also Lampung) and Medan ---------------------------


def add_field_work(world, *, visits: int, items: int, tag: str) -> None:
    """Visits over the year in every status, attendees, findings, and RKTL items of every
    category, status, age and deadline. bulk_create skips RktlItem.save, so city is set here."""
    template = ChecklistTemplate.objects.get(is_default=True)
    author = world.users["fasilitator"]
    statuses = list(Visit.Status)
    kinds = list(Visit.Kind)
    for city in cities_named("Metro", "Bandar Lampung", "Medan"):
        new_visits = Visit.objects.bulk_create(
            Visit(
                city=city,
                title=f"Monev {tag} {i}",
                starts_on=(start := datetime.date(2026, 1 + i % 11, 1 + (i * 7) % 27)),
                ends_on=start + datetime.timedelta(days=1),
                status=statuses[(i + city.pk) % 5],
                kind=kinds[i % 4],
                template=template,
                created_by=author,
            )
            for i in range(visits)
        )
        Attendee.objects.bulk_create(
            Attendee(
                visit=visit,
                name=f"Peserta {j}",
                gender=Gender.FEMALE if (i + j) % 3 == 0 else Gender.MALE,
                has_disability=j % 5 == 0,
            )
            for i, visit in enumerate(new_visits)
            for j in range(i % 4 + 1)
        )
        findings = Finding.objects.bulk_create(
            Finding(visit=visit, description=f"Temuan {tag}") for visit in new_visits
        )
        RktlItem.objects.bulk_create(
            RktlItem(
                finding=findings[k % len(findings)],
                city=city,
                category=list(RktlCategory)[k % 7],
                status=(status := list(RktlStatus)[(k + city.pk) % 5]),
                cannot_reason="Di luar kewenangan" if status == RktlStatus.CANNOT else "",
                problem="Masalah",
                action="Tindakan",
                pic_name="Pengelola",
                pic_tier=Tier.PENGELOLA,
                deadline=(deadline := TODAY + datetime.timedelta(days=(k % 40 - 20) * (1 + k % 3))),
                original_deadline=deadline,
                created_by=author,
                created_at=timezone.make_aware(
                    datetime.datetime.combine(
                        TODAY - datetime.timedelta(days=k * 3 % 400), datetime.time(8)
                    )
                ),
            )
            for k in range(items)
        )


def add_bdc_and_ksm(world, *, ksm: int, tag: str) -> None:
    """A BDC with two tranches in Bandar Lampung, a second tranche in Medan, KSM in all stages."""
    bandar = City.objects.get(name="Bandar Lampung")
    bdc, _ = Bdc.objects.get_or_create(city=bandar, defaults={"name": "BDC Bandar Lampung"})
    GrantTranche.objects.get_or_create(
        bdc=bdc,
        stage=1,
        defaults={
            "fiscal_year": 2015,
            "allocated": 600_000_000,
            "disbursed": 600_000_000,
            "spent": 450_000_000,
        },
    )
    GrantTranche.objects.get_or_create(
        bdc=bdc,
        stage=2,
        defaults={"fiscal_year": 2016, "allocated": 400_000_000, "disbursed": 100_000_000},
    )
    GrantTranche.objects.get_or_create(
        bdc=world.theirs["bdc"],
        stage=2,
        defaults={
            "fiscal_year": 2016,
            "allocated": 900_000_000,
            "disbursed": 900_000_000,
            "spent": 900_000_000,
        },
    )
    for city in cities_named("Metro", "Bandar Lampung", "Medan"):
        kec = Kecamatan.objects.create(city=city, name=f"Kecamatan {tag}")
        kel = Kelurahan.objects.create(kecamatan=kec, name=f"Kelurahan {tag}")
        Ksm.objects.bulk_create(
            Ksm(name=f"KSM {tag} {i}", city=city, kelurahan=kel, ppmk_stage=1 + (i * i) % 3)
            for i in range(ksm)
        )


def cities_named(*names):
    return list(City.objects.filter(name__in=names).order_by("name"))


@pytest.fixture
def grown(world):
    add_field_work(world, visits=14, items=60, tag="a")
    add_bdc_and_ksm(world, ksm=9, tag="a")
    return world


# ---- The numbers, computed the obvious way --------------------------------------------------


def area_of(persona: str) -> set[int]:
    """The cities each persona's assignment covers, written out (not taken from scope_for)."""
    cities = City.objects.all()
    if persona in ("korkot", "pemda", "fasilitator"):
        cities = cities.filter(code="1872")
    elif persona == "kmw":
        cities = cities.filter(province__code=LAMPUNG)
    elif persona == "kmw_other":
        cities = cities.filter(province__code=SUMUT)
    else:
        assert persona == "pusat"
    return set(cities.values_list("pk", flat=True))


def age_bucket(item: RktlItem) -> str:
    days = (TODAY - timezone.localtime(item.created_at).date()).days
    return (
        "age_0"
        if days <= 30
        else "age_31"
        if days <= 90
        else "age_91"
        if days <= 180
        else ("age_181")
    )


def expected(cities: set[int], date_from=None, date_to=None) -> dict[str, Counter]:
    def in_period(day):
        return (date_from is None or day >= date_from) and (date_to is None or day <= date_to)

    exp = {key: Counter() for key in KEYS}
    for item in RktlItem.objects.select_related("finding__visit"):
        if item.city_id not in cities or not in_period(item.finding.visit.starts_on):
            continue
        exp["rktl_total"][item.city_id] += 1
        exp["rktl_verified"][item.city_id] += item.status == RktlStatus.VERIFIED
        exp["overdue"][item.city_id, item.category] += item.is_overdue(TODAY)
        if item.status in (RktlStatus.OPEN, RktlStatus.IN_PROGRESS):
            exp["age"][age_bucket(item), item.status] += 1
    for visit in Visit.objects.all():
        if visit.city_id in cities and in_period(visit.starts_on):
            exp["visits"][visit.starts_on.replace(day=1), visit.status] += 1
    for person in Attendee.objects.select_related("visit"):
        city = person.visit.city_id
        if city in cities and in_period(person.visit.starts_on):
            exp["attendees"][city] += 1
            exp["women"][city] += person.gender == Gender.FEMALE
            exp["disabled"][city] += person.has_disability
    # The period does not apply to money or KSM stages.
    for tranche in GrantTranche.objects.select_related("bdc"):
        if tranche.bdc.city_id in cities:
            for field in ("allocated", "disbursed", "spent"):
                exp[field][tranche.bdc.city_id] += getattr(tranche, field)
    for ksm in Ksm.objects.all():
        if ksm.city_id in cities:
            exp["ksm"][ksm.city_id, ksm.ppmk_stage] += 1
    return exp


KEYS = (
    "rktl_total",
    "rktl_verified",
    "overdue",
    "age",
    "visits",
    "attendees",
    "women",
    "disabled",
    "allocated",
    "disbursed",
    "spent",
    "ksm",
)


def shown(dash) -> dict[str, Counter]:
    """The numbers in the dashboard's tables, keyed like `expected`."""
    got = {key: Counter() for key in KEYS}
    for row in dash.completion.rows:
        got["rktl_total"][row["city"].pk] = row["total"].value
        got["rktl_verified"][row["city"].pk] = row["verified"].value
    for row in dash.overdue.rows:
        for (category, _short, _label), cell in zip(
            dash.overdue.columns, row["cells"], strict=True
        ):
            got["overdue"][row["city"].pk, category] = cell.value
    for row in dash.age.rows:
        for (status, _label), cell in zip(dash.age.columns, row["cells"], strict=True):
            got["age"][row["bucket"].key, status] = cell.value
    for row in dash.visits.rows:
        for (status, _short, _label), cell in zip(dash.visits.columns, row["cells"], strict=True):
            got["visits"][row["month"], status] = cell.value
    for row in dash.attendance.rows:
        for key, cell in (("attendees", "total"), ("women", "women"), ("disabled", "disabled")):
            got[key][row["city"].pk] = row[cell].value
    for row in dash.blm.rows:
        for key in ("allocated", "disbursed", "spent"):
            got[key][row["city"].pk] = row[key].value or 0
    for row in dash.ksm.rows:
        for stage, cell in zip(dash.ksm.columns, row["cells"], strict=True):
            got["ksm"][row["city"].pk, stage] = cell.value
    return got


def assert_numbers(dash, exp) -> None:
    got = shown(dash)
    for key in KEYS:
        assert +got[key] == +exp[key], key  # unary + drops zero counts on both sides
    # The totals rows add up the same records.
    assert dash.completion.totals["total"].value == exp["rktl_total"].total()
    assert dash.completion.totals["verified"].value == exp["rktl_verified"].total()
    assert dash.overdue.totals["total"].value == exp["overdue"].total()
    assert dash.age.totals["total"].value == exp["age"].total()
    assert dash.visits.totals["total"].value == exp["visits"].total()
    assert dash.attendance.totals["total"].value == exp["attendees"].total()
    assert dash.attendance.totals["women"].value == exp["women"].total()
    assert dash.blm.totals["spent"].value == exp["spent"].total()
    assert dash.ksm.totals["total"].value == exp["ksm"].total()


def dashboard(client, params=None):
    response = client.get(URL, params or {})
    assert response.status_code == 200
    return response


# ---- (1) Every number, per role ----------------------------------------------------------


@pytest.mark.parametrize("persona", ["korkot", "pemda", "kmw", "kmw_other", "pusat"])
def test_every_number_equals_an_independent_count_of_the_personas_area(client, grown, persona):
    response = dashboard(as_(client, grown, persona))
    exp = expected(area_of(persona))
    # The test data reaches every panel, so that a wrong number cannot hide behind a zero.
    assert all(exp[key] for key in KEYS)
    assert_numbers(response.context["dash"], exp)


@pytest.mark.parametrize("persona", ["korkot", "kmw"])
def test_medan_never_reaches_a_metro_or_lampung_dashboard(client, grown, persona):
    response = dashboard(as_(client, grown, persona))
    dash = response.context["dash"]
    lampung = area_of("kmw")
    for panel in (dash.completion, dash.overdue, dash.attendance, dash.blm, dash.ksm):
        assert {row["city"].pk for row in panel.rows} <= lampung
    assert "Medan" not in response.content.decode()


def test_the_korkot_sees_metro_alone_and_the_kmw_all_of_lampung(client, grown):
    korkot = dashboard(as_(client, grown, "korkot")).context["dash"]
    assert [row["city"].name for row in korkot.completion.rows] == ["Metro"]
    kmw = dashboard(as_(client, grown, "kmw")).context["dash"]
    assert [row["city"].name for row in kmw.completion.rows] == ["Bandar Lampung", "Metro"]


# ---- (2) Filters -----------------------------------------------------------------------------


def test_a_province_filter_narrows_every_number_to_that_province(client, grown):
    province = grown.metro.province
    response = dashboard(as_(client, grown, "pusat"), {"province": province.pk})
    assert_numbers(response.context["dash"], expected(area_of("kmw")))


def test_a_city_filter_narrows_every_number_to_that_city(client, grown):
    response = dashboard(as_(client, grown, "pusat"), {"city": grown.medan.pk})
    assert_numbers(response.context["dash"], expected({grown.medan.pk}))


def test_the_period_counts_visits_attendance_and_rktl_by_the_visit_start_date(client, grown):
    # Both ends are start dates of visits (the 3rd and 7th of each city), so that they count.
    start, end = datetime.date(2026, 3, 15), datetime.date(2026, 7, 16)
    params = {"date_from": start.isoformat(), "date_to": end.isoformat()}
    response = dashboard(as_(client, grown, "kmw"), params)
    dash = response.context["dash"]
    exp = expected(area_of("kmw"), start, end)
    assert_numbers(dash, exp)
    unfiltered = expected(area_of("kmw"))
    assert exp["rktl_total"].total() < unfiltered["rktl_total"].total()
    assert exp["visits"].total() < unfiltered["visits"].total()
    # BLM and KSM are shown as they stand, whatever the period.
    assert exp["ksm"] == unfiltered["ksm"] and exp["spent"] == unfiltered["spent"]
    # The months run over the period, newest first.
    months = [row["month"] for row in dash.visits.rows]
    assert months == [datetime.date(2026, m, 1) for m in (7, 6, 5, 4, 3)]


def test_city_and_period_together(client, grown):
    params = {"city": grown.metro.pk, "date_from": "2026-06-01"}
    response = dashboard(as_(client, grown, "pusat"), params)
    exp = expected({grown.metro.pk}, datetime.date(2026, 6, 1))
    assert_numbers(response.context["dash"], exp)


def test_a_city_outside_the_users_area_is_refused_and_shows_nothing_of_it(client, grown):
    response = dashboard(as_(client, grown, "kmw"), {"city": grown.medan.pk})
    assert response.context["form"].errors["city"]
    assert_numbers(response.context["dash"], expected(area_of("kmw")))
    assert "Medan" not in response.content.decode()


def test_a_city_of_another_province_than_the_one_chosen_is_an_error(client, grown):
    params = {"province": grown.metro.province.pk, "city": grown.medan.pk}
    response = dashboard(as_(client, grown, "pusat"), params)
    assert response.context["form"].errors["city"]


def test_the_filter_choices_come_from_the_users_area_only(client, grown):
    form = dashboard(as_(client, grown, "kmw")).context["form"]
    assert "province" not in form.fields  # a single province: nothing to choose
    choices = [
        label for _group, options in form.fields["city"].choices[1:] for _pk, label in options
    ]
    assert choices == ["Kota Bandar Lampung", "Kota Metro", "Kabupaten Pringsewu"]
    form = dashboard(as_(client, grown, "korkot")).context["form"]
    assert "city" not in form.fields and "province" not in form.fields
    form = dashboard(as_(client, grown, "pusat")).context["form"]
    assert len(form.fields["province"].choices) == 1 + 8


# ---- (3) Queries -------------------------------------------------------------------------------


def count_queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        dashboard(client, params)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["pusat", "kmw"])
@pytest.mark.parametrize("params", [{}, {"city": "metro", "date_from": "2026-02-01"}])
def test_the_queries_do_not_grow_with_the_data(
    client, world, persona, params, django_assert_num_queries
):
    as_(client, world, persona)
    params = {k: world.metro.pk if v == "metro" else v for k, v in params.items()}
    add_field_work(world, visits=3, items=5, tag="small")
    add_bdc_and_ksm(world, ksm=2, tag="small")
    small = count_queries(client, params)
    # Session, user, assignments (+ a KMW's cities), cities, the places' stamp for the kept
    # filter form, the bell's unread count, the cities' version (kotaku.kept), the cities
    # again for the panels kept under it (filters.read_again), one query per panel, and the
    # targets panel's eight (tests/monitoring/test_indicators.py) with its own read of the
    # cities again. Nothing is kept yet: later requests read far fewer.
    assert small <= 23
    add_field_work(world, visits=120, items=1000, tag="large")
    add_bdc_and_ksm(world, ksm=300, tag="large")
    assert RktlItem.objects.count() > 3000
    with django_assert_num_queries(small):
        dashboard(client, params)


# ---- (4) Links behind the numbers --------------------------------------------------------------


def link(num) -> tuple[str, dict]:
    parts = urlsplit(num.url)
    return parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}


RKTL_LIST, VISIT_LIST = "/rktl/", "/visits/"


def test_the_rktl_numbers_link_to_the_rktl_list_with_their_filters(client, grown):
    period = {"date_from": "2026-03-01", "date_to": "2026-08-31"}
    dash = dashboard(as_(client, grown, "kmw"), period).context["dash"]
    assert reverse("monitoring:rktl_list") == RKTL_LIST
    on_visits = {"visit_from": "2026-03-01", "visit_to": "2026-08-31"}
    metro = str(grown.metro.pk)

    row = next(r for r in dash.completion.rows if r["city"] == grown.metro)
    assert link(row["total"]) == (RKTL_LIST, {"city": metro, **on_visits})
    assert link(row["verified"]) == (
        RKTL_LIST,
        {"city": metro, "status": RktlStatus.VERIFIED, **on_visits},
    )
    assert link(dash.completion.totals["total"]) == (RKTL_LIST, on_visits)

    row = next(r for r in dash.overdue.rows if r["city"] == grown.metro)
    blm = list(RktlCategory).index(RktlCategory.BLM_USE)
    assert link(row["cells"][blm]) == (
        RKTL_LIST,
        {"city": metro, "category": RktlCategory.BLM_USE, "overdue": "1", **on_visits},
    )
    assert link(row["total"]) == (RKTL_LIST, {"city": metro, "overdue": "1", **on_visits})
    assert link(dash.overdue.totals["cells"][blm]) == (
        RKTL_LIST,
        {"category": RktlCategory.BLM_USE, "overdue": "1", **on_visits},
    )

    # Age buckets: the created-on dates of the bucket, per status.
    buckets = {row["bucket"].key: row for row in dash.age.rows}
    assert link(buckets["age_31"]["cells"][1]) == (
        RKTL_LIST,
        {
            "status": RktlStatus.IN_PROGRESS,
            "created_from": "2026-08-17",  # 90 days before 15 November
            "created_to": "2026-10-15",  # 31 days before
            **on_visits,
        },
    )
    assert link(buckets["age_0"]["cells"][0])[1]["created_from"] == "2026-10-16"
    assert "created_to" not in link(buckets["age_0"]["cells"][0])[1]
    assert link(buckets["age_181"]["cells"][0])[1]["created_to"] == "2026-05-18"
    assert "created_from" not in link(buckets["age_181"]["cells"][0])[1]
    assert link(dash.age.totals["cells"][0]) == (
        RKTL_LIST,
        {"status": RktlStatus.OPEN, **on_visits},
    )


def test_the_visit_and_attendance_numbers_link_to_the_visit_list(client, grown):
    period = {"date_from": "2026-03-10", "date_to": "2026-08-15"}
    dash = dashboard(as_(client, grown, "pusat"), {"city": grown.metro.pk, **period}).context[
        "dash"
    ]
    metro = str(grown.metro.pk)
    months = {row["month"]: row for row in dash.visits.rows}
    approved = list(Visit.Status).index(Visit.Status.APPROVED)
    # A whole month, and the months cut by the period.
    assert link(months[datetime.date(2026, 5, 1)]["cells"][approved]) == (
        VISIT_LIST,
        {
            "city": metro,
            "status": Visit.Status.APPROVED,
            "date_from": "2026-05-01",
            "date_to": "2026-05-31",
        },
    )
    assert link(months[datetime.date(2026, 3, 1)]["total"])[1]["date_from"] == "2026-03-10"
    assert link(months[datetime.date(2026, 8, 1)]["total"])[1]["date_to"] == "2026-08-15"
    row = dash.attendance.rows[0]
    assert link(row["women"]) == (VISIT_LIST, {"city": metro, **period})
    assert link(dash.blm.rows[0]["spent"])[0] == reverse("bdc:bdc_detail", args=["1872"])


def test_following_a_link_finds_as_many_records_as_the_number_says(client, grown):
    """The lists behind the numbers, for the filters both sides understand."""
    dash = dashboard(as_(client, grown, "kmw")).context["dash"]
    numbers = [
        dash.completion.totals["total"],
        dash.completion.totals["verified"],
        dash.overdue.totals["total"],
        *dash.overdue.rows[0]["cells"],
        dash.completion.rows[0]["total"],
        *dash.age.totals["cells"],
        *dash.visits.rows[2]["cells"],
        dash.visits.totals["total"],
    ]
    for num in numbers:
        response = client.get(num.url)
        assert response.status_code == 200, num.url
        assert response.context["page"].paginator.count == num.value, num.url


def test_every_number_of_a_list_carries_a_link(client, grown):
    dash = dashboard(as_(client, grown, "kmw")).context["dash"]
    for panel in (dash.completion, dash.attendance):
        for row in panel.rows:
            assert all(cell.url for key, cell in row.items() if key not in ("city", "share"))
    for panel in (dash.overdue, dash.age, dash.visits):
        for row in panel.rows:
            assert all(cell.url for cell in row["cells"])
        assert all(cell.url for cell in panel.totals["cells"])
    for row in dash.blm.rows:
        assert row["allocated"].url and row["spent"].url


# ---- (5) Who may open it -----------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_without_assignment_gets_a_message_and_no_numbers(client, grown):
    response = dashboard(as_(client, grown, "unassigned"))
    assert response.context["dash"] is None
    assert b'data-testid="dash-no-assignment"' in response.content
    assert b"Medan" not in response.content and b"Metro" not in response.content


def test_it_answers_get_only(client, world):
    assert as_(client, world, "korkot").post(URL).status_code == 405


# ---- The page --------------------------------------------------------------------------------


def test_the_charts_are_inline_svg_without_scripts_or_external_files(client, grown):
    html = dashboard(as_(client, grown, "pusat")).content.decode()
    assert html.count('class="pygal-chart"') == 7
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "DejaVu Sans" in html
    assert "<?xml" not in html
    assert "cdn" not in html.lower()


def test_the_page_names_the_period_rule(client, world):
    response = dashboard(as_(client, world, "kmw"))
    assert b'data-testid="dash-period-note"' in response.content


SVG = "{http://www.w3.org/2000/svg}"


def test_the_visits_chart_counts_in_whole_numbers(client, world):
    # The world's few visits once drew an axis of 0, 0.2, 0.4... visits.
    dash = dashboard(as_(client, world, "korkot")).context["dash"]
    root = ET.fromstring(dash.visits.chart)
    axis = next(g for g in root.iter(f"{SVG}g") if "always_show" in (g.get("class") or "").split())
    ticks = [t.text for t in axis.iter(f"{SVG}text")]
    assert ticks and all(tick.isdigit() for tick in ticks), ticks
