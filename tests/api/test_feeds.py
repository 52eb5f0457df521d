"""Feeds for Excel and Power BI: stable CSV and XLSX addresses, signed in by a token in the
header or the address (or the session), scoped to the user's area, streamed, never a redirect."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from kotaku.language import remember
from kotaku.lib.choices import Gender
from kotaku.lib.codes import new_code
from kotaku.lib.csv_stream import BOM
from kotaku.models import Assignment, Role
from ksm.models import Ksm, Member
from monitoring.attendance import attendance_totals
from monitoring.models import Attendee, RktlItem, RktlStatus, Visit

FROZEN_AT = "2026-08-01 09:00 +0700"

FEEDS = ("rktl-items", "visits", "attendance", "ksms")
FORMATS = ("csv", "xlsx")
# The column holding each feed's record code.
CODE = {"rktl-items": "code", "visits": "code", "attendance": "visit_code", "ksms": "code"}


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


def url(feed: str, fmt: str = "csv", query: str = "") -> str:
    return f"/api/v1/feeds/{feed}.{fmt}" + (f"?{query}" if query else "")


def content(response) -> bytes:
    assert response.status_code == 200, response.content
    assert response.streaming
    return b"".join(response.streaming_content)


def rows(response) -> list[dict]:
    """The rows of a CSV or XLSX feed's response, as dicts keyed by the header."""
    data = content(response)
    if response["Content-Type"].startswith("text/csv"):
        text = data.decode("utf-8")
        assert text.startswith(BOM)
        return list(csv.DictReader(io.StringIO(text.removeprefix(BOM))))
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    sheet = book.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def header(response) -> list[str]:
    data = content(response)
    if response["Content-Type"].startswith("text/csv"):
        return next(csv.reader(io.StringIO(data.decode("utf-8").removeprefix(BOM))))
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return list(next(book.worksheets[0].iter_rows(values_only=True)))


def codes(response, feed: str) -> set[str]:
    return {row[CODE[feed]] for row in rows(response)}


def ours(world, feed: str) -> set[str]:
    records = world.ours
    return {
        "rktl-items": {records["rktl"].code, records["rktl_done"].code},
        "visits": {records["visit"].code},
        "attendance": {records["visit"].code},
        "ksms": {records["ksm"].code},
    }[feed]


# ---- Addresses, sign-in and headers


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("feed", FEEDS)
def test_a_metro_header_token_gets_metro_rows_and_no_medan_row(api_as, world, feed, fmt):
    response = api_as("korkot").get(url(feed, fmt))
    assert codes(response, feed) == ours(world, feed)
    theirs = {world.theirs["visit"].code, world.theirs["ksm"].code, world.theirs["rktl"].code}
    assert not codes(api_as("korkot").get(url(feed, fmt)), feed) & theirs


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("feed", FEEDS)
def test_the_token_may_be_given_in_the_address(api_as, client, world, feed, fmt):
    raw = api_as("korkot").raw
    response = client.get(url(feed, fmt, f"token={raw}"))
    assert codes(response, feed) == ours(world, feed)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_answer_is_the_file_itself_streamed_and_not_kept_by_caches(api_as, fmt):
    response = api_as("kmw").get(url("rktl-items", fmt))
    assert response.status_code == 200
    assert response.streaming is True
    assert "Location" not in response
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == (
        f'attachment; filename="kotaku-rktl-items-2026-08-01.{fmt}"'
    )
    expected = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    assert response["Content-Type"] == expected[fmt]


def test_a_signed_in_user_clicking_the_link_gets_the_file(client, world):
    client.force_login(world.users["korkot"])
    response = client.get(url("visits", "xlsx"))
    assert codes(response, "visits") == {world.ours["visit"].code}


@pytest.mark.parametrize("feed", FEEDS)
def test_without_a_token_it_answers_401_never_the_login_page(client, db, feed):
    response = client.get(url(feed))
    assert response.status_code == 401
    assert "Location" not in response
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response["Content-Type"] == "application/json"


def test_a_revoked_token_is_refused_in_the_header_and_in_the_address(api_as, client, world):
    api = api_as("korkot")
    assert api.get(url("ksms")).status_code == 200
    world.users["korkot"].api_tokens.update(revoked_at=timezone.now())
    assert api.get(url("ksms")).status_code == 401
    assert client.get(url("ksms", "xlsx", f"token={api.raw}")).status_code == 401


def test_a_read_only_token_reads_the_feeds_until_it_expires(api_as, world, time_machine):
    api = api_as("korkot", read_only=True, lifetime=datetime.timedelta(days=7))
    assert codes(api.get(url("visits", "xlsx")), "visits") == {world.ours["visit"].code}
    time_machine.move_to("2026-08-09 09:00 +0700", tick=False)
    assert api.get(url("visits", "xlsx")).status_code == 401


def test_a_feed_only_answers_get(api_as):
    assert api_as("korkot").post(url("ksms")).status_code == 405


def test_an_unknown_token_in_the_address_is_refused(client, db):
    response = client.get(url("attendance", "csv", "token=kmv_nonsense"))
    assert response.status_code == 401


def test_an_excel_accept_header_still_gets_the_file_or_a_json_error(api_as, client, world):
    excel = "text/csv, application/vnd.ms-excel"
    response = api_as("korkot").get(url("ksms"), HTTP_ACCEPT=excel)
    assert codes(response, "ksms") == {world.ours["ksm"].code}
    response = client.get(url("ksms"), HTTP_ACCEPT=excel)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_a_user_with_no_area_gets_the_header_and_no_row(api_as, world):
    response = api_as("unassigned").get(url("rktl-items"))
    assert rows(response) == []
    assert header(api_as("unassigned").get(url("rktl-items")))[:3] == [
        "code",
        "province_code",
        "province",
    ]


def test_pusat_gets_both_cities(api_as, world):
    response = api_as("pusat").get(url("visits"))
    assert codes(response, "visits") == {world.ours["visit"].code, world.theirs["visit"].code}


# ---- Columns: stable keys, codes and labels, dates, numbers


def test_column_keys_stay_the_same_in_every_language_and_labels_follow_the_user(api_as, world):
    indonesian = api_as("korkot").get(url("rktl-items"))
    remember(world.users["korkot"], "en")
    english = api_as("korkot").get(url("rktl-items"))
    assert header(indonesian) == header(english)
    assert english["Content-Language"] == "en"
    response = api_as("korkot").get(url("rktl-items"))
    # The file is written while it is sent, after the view returned: still in English.
    with translation.override("id"):
        done = next(r for r in rows(response) if r["status"] == "selesai")
    with translation.override("en"):
        assert done["status_label"] == str(RktlStatus.DONE.label)
    assert done["category"] == "kapasitas"
    assert done["category_label"] == "Komite/Pengelola capacity"


def test_xlsx_cells_are_dates_numbers_and_booleans(api_as, world):
    item = world.ours["rktl"]
    row = next(
        r for r in rows(api_as("korkot").get(url("rktl-items", "xlsx"))) if r["code"] == item.code
    )
    assert row["deadline"] == datetime.datetime(2026, 9, 30)
    assert row["visit_starts_on"] == datetime.datetime(2026, 7, 21)
    assert row["is_open"] is True
    assert row["is_overdue"] is False
    ksm = rows(api_as("korkot").get(url("ksms", "xlsx")))[0]
    assert ksm["members_total"] == 1
    assert ksm["ppmk_stage"] == 1


def test_csv_values_are_iso_dates_and_plain_numbers(api_as, world):
    item = world.ours["rktl"]
    row = next(r for r in rows(api_as("korkot").get(url("rktl-items"))) if r["code"] == item.code)
    assert row["deadline"] == "2026-09-30"
    assert row["is_open"] == "true"
    assert row["created_at"].endswith("+07:00")
    assert datetime.datetime.fromisoformat(row["created_at"]) == item.created_at
    visit = rows(api_as("korkot").get(url("visits")))[0]
    assert (visit["rktl_items"], visit["rktl_open"], visit["rktl_overdue"]) == ("2", "1", "0")


def test_overdue_is_the_models_rule_on_the_day_of_the_request(api_as, world, time_machine):
    time_machine.move_to("2026-11-01 09:00 +0700", tick=False)
    by_code = {r["code"]: r for r in rows(api_as("korkot").get(url("rktl-items")))}
    today = datetime.date(2026, 11, 1)
    for item in RktlItem.objects.filter(code__in=by_code):
        assert by_code[item.code]["is_overdue"] == str(item.is_overdue(today)).lower()
    # The open item is late; the done one awaits only its verification.
    assert by_code[world.ours["rktl"].code]["is_overdue"] == "true"
    assert by_code[world.ours["rktl_done"].code]["is_overdue"] == "false"
    visit = rows(api_as("korkot").get(url("visits")))[0]
    assert visit["rktl_overdue"] == "1"


def test_a_text_that_excel_would_run_as_a_formula_is_neutralised_in_csv(api_as, world):
    RktlItem.objects.filter(pk=world.ours["rktl"].pk).update(problem='=HYPERLINK("http://x")')
    Ksm.objects.filter(pk=world.ours["ksm"].pk).update(phone="+6281234567890")
    item = next(
        r
        for r in rows(api_as("korkot").get(url("rktl-items")))
        if r["code"] == world.ours["rktl"].code
    )
    assert item["problem"] == '\'=HYPERLINK("http://x")'
    # A phone number is a plain number: kept as it is.
    assert rows(api_as("korkot").get(url("ksms")))[0]["phone"] == "+6281234567890"
    # The workbook holds text as text, never as a formula.
    xlsx = next(
        r
        for r in rows(api_as("korkot").get(url("rktl-items", "xlsx")))
        if r["code"] == world.ours["rktl"].code
    )
    assert xlsx["problem"] == '=HYPERLINK("http://x")'


# ---- Personal data


@pytest.fixture
def chair(world):
    Ksm.objects.filter(pk__in=[world.ours["ksm"].pk, world.theirs["ksm"].pk]).update(
        chair_name="Ibu Sari", phone="+6281234567890"
    )


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("persona", ["fasilitator", "korkot", "kmw", "pusat"])
def test_those_who_work_with_the_people_get_the_chair_and_phone(api_as, chair, persona, fmt):
    got = rows(api_as(persona).get(url("ksms", fmt)))
    assert got
    assert all(r["chair_name"] == "Ibu Sari" for r in got)
    assert all(r["phone"] == "+6281234567890" for r in got)


def test_personal_data_is_decided_per_city(api_as, chair, world):
    """Pemda of Metro and Korkot of Medan: Medan's chair, not Metro's."""
    user = world.users["pemda"]
    Assignment.objects.create(user=user, role=Role.KORKOT, city=world.medan)
    got = {r["code"]: r for r in rows(api_as("pemda").get(url("ksms")))}
    assert got[world.theirs["ksm"].code]["chair_name"] == "Ibu Sari"
    assert got[world.ours["ksm"].code]["chair_name"] == ""
    assert got[world.ours["ksm"].code]["phone"] == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_pemda_gets_the_columns_empty(api_as, chair, world, fmt):
    (row,) = rows(api_as("pemda").get(url("ksms", fmt)))
    assert row["code"] == world.ours["ksm"].code
    assert row["chair_name"] in ("", None)
    assert row["phone"] in ("", None)
    # The counts are for everyone.
    assert int(row["members_total"]) == 1


def test_the_attendance_feed_has_totals_and_no_name(api_as, world):
    visit = world.ours["visit"]
    Attendee.objects.bulk_create(
        [
            Attendee(visit=visit, name="Ani", gender=Gender.FEMALE, has_disability=True),
            Attendee(visit=visit, name="Ina", gender=Gender.FEMALE),
            Attendee(visit=visit, name="Ida", gender=Gender.FEMALE),
        ]
    )
    response = api_as("pemda").get(url("attendance"))
    (row,) = rows(response)
    totals = attendance_totals(visit)
    assert totals == {"total": 4, "men": 1, "women": 3, "disabled": 1, "women_share": 75}
    assert {key: int(row[key]) for key in totals} == totals
    names = {"name", "attendee", "attendees", "names"}
    assert not names & set(header(api_as("pemda").get(url("attendance"))))


def test_a_visit_with_nobody_recorded_has_zero_totals_and_no_share(api_as, world):
    Attendee.objects.filter(visit=world.ours["visit"]).delete()
    (row,) = rows(api_as("korkot").get(url("attendance", "xlsx")))
    assert (row["total"], row["women"], row["women_share"]) == (0, 0, None)


# ---- Filters


def test_the_lists_filters_apply(api_as, world):
    api = api_as("korkot")
    done = world.ours["rktl_done"].code
    assert codes(api.get(url("rktl-items", "csv", "status=selesai")), "rktl-items") == {done}
    assert codes(api.get(url("visits", "csv", "kind=fgd")), "visits") == set()
    assert codes(api.get(url("visits", "csv", "kind=kunjungan")), "visits") == {
        world.ours["visit"].code
    }
    assert codes(api.get(url("ksms", "csv", "q=tenun")), "ksms") == {world.ours["ksm"].code}
    assert codes(api.get(url("ksms", "csv", "q=batik")), "ksms") == set()
    kelurahan = world.ours["ksm"].kelurahan_id
    got = api.get(url("ksms", "csv", f"kelurahan={kelurahan}"))
    assert codes(got, "ksms") == {world.ours["ksm"].code}


def test_the_token_in_the_address_is_not_taken_for_a_filter(api_as, client, world):
    raw = api_as("korkot").raw
    response = client.get(url("rktl-items", "csv", f"token={raw}&status=belum"))
    assert codes(response, "rktl-items") == {world.ours["rktl"].code}


@pytest.mark.parametrize(
    ("feed", "query", "field"),
    [
        ("rktl-items", "deadline_from=someday", "deadline_from"),
        ("rktl-items", "status=lost", "status"),
        ("visits", "date_from=2026-08-01&date_to=2026-07-01", "date_to"),
        ("attendance", "kind=party", "kind"),
        ("ksms", "maturity=ripe", "maturity"),
    ],
)
def test_an_invalid_filter_is_refused_with_400_never_ignored(api_as, feed, query, field):
    response = api_as("korkot").get(url(feed, "xlsx", query))
    assert response.status_code == 400
    assert field in response.json()


def test_a_city_outside_the_area_is_an_invalid_choice_in_the_users_language(api_as, world):
    remember(world.users["korkot"], "en")
    response = api_as("korkot").get(url("ksms", "csv", f"city={world.medan.pk}"))
    assert response.status_code == 400
    assert response["Content-Language"] == "en"
    assert "Select a valid choice" in response.json()["city"][0]


def test_cancelled_visits_are_out_unless_asked_for_and_never_in_attendance(api_as, world):
    Visit.objects.filter(pk=world.ours["visit"].pk).update(status=Visit.Status.CANCELLED)
    api = api_as("korkot")
    assert rows(api.get(url("visits"))) == []
    assert codes(api.get(url("visits", "csv", "status=dibatalkan")), "visits") == {
        world.ours["visit"].code
    }
    assert rows(api.get(url("attendance", "csv", "status=dibatalkan"))) == []


def test_updated_since_gives_the_rows_changed_since(api_as, world):
    old = timezone.make_aware(datetime.datetime(2026, 1, 5, 10))
    RktlItem.objects.filter(pk=world.ours["rktl_done"].pk).update(updated_at=old)
    Ksm.objects.filter(pk=world.ours["ksm"].pk).update(updated_at=old)
    Visit.objects.filter(pk=world.ours["visit"].pk).update(updated_at=old)
    api = api_as("korkot")
    since = "updated_since=2026-03-01T00:00:00%2B07:00"
    assert codes(api.get(url("rktl-items", "csv", since)), "rktl-items") == {
        world.ours["rktl"].code
    }
    assert codes(api.get(url("ksms", "xlsx", since)), "ksms") == set()
    assert codes(api.get(url("attendance", "csv", since)), "attendance") == set()
    assert codes(api.get(url("visits", "csv", "updated_since=2026-01-01")), "visits") == {
        world.ours["visit"].code
    }


def test_an_invalid_updated_since_is_refused(api_as):
    response = api_as("korkot").get(url("visits", "csv", "updated_since=yesterday"))
    assert response.status_code == 400
    assert "updated_since" in response.json()


# ---- Constant queries


def add_records(world, n: int) -> None:
    """`n` more RKTL items, visits with attendees, and KSMs with members, in Metro."""
    rktl, visit, ksm = world.ours["rktl"], world.ours["visit"], world.ours["ksm"]
    RktlItem.objects.bulk_create(
        RktlItem(
            finding=rktl.finding,
            city=rktl.city,
            code=new_code(),
            category=rktl.category,
            problem=f"Masalah {i}",
            action=f"Tindakan {i}",
            pic_name="Bendahara",
            pic_tier=rktl.pic_tier,
            deadline=rktl.deadline,
            original_deadline=rktl.deadline,
            concern=rktl.concern,
            concern_ksm=ksm,
            created_by=rktl.created_by,
        )
        for i in range(n)
    )
    visits = Visit.objects.bulk_create(
        Visit(
            city=visit.city,
            code=new_code(),
            title=f"Kunjungan {i}",
            starts_on=visit.starts_on,
            ends_on=visit.ends_on,
            template=visit.template,
            created_by=visit.created_by,
        )
        for i in range(n)
    )
    Attendee.objects.bulk_create(
        Attendee(visit=v, name=f"Peserta {i}", gender=Gender.FEMALE) for i, v in enumerate(visits)
    )
    ksms = Ksm.objects.bulk_create(
        Ksm(code=new_code(), name=f"KSM {i}", city=ksm.city, kelurahan=ksm.kelurahan)
        for i in range(n)
    )
    Member.objects.bulk_create(
        Member(ksm=k, name=f"Anggota {i}", gender=Gender.MALE) for i, k in enumerate(ksms)
    )


@pytest.mark.parametrize(
    ("feed", "fmt", "persona"),
    [
        ("rktl-items", "csv", "korkot"),
        ("rktl-items", "xlsx", "pusat"),
        ("visits", "csv", "kmw"),
        ("attendance", "xlsx", "korkot"),
        ("ksms", "csv", "korkot"),
        ("ksms", "xlsx", "pemda"),
    ],
)
def test_the_number_of_queries_does_not_grow_with_the_rows(
    api_as, world, django_assert_num_queries, feed, fmt, persona
):
    with CaptureQueriesContext(connection) as few:
        small = len(rows(api_as(persona).get(url(feed, fmt))))
    add_records(world, 30)
    with django_assert_num_queries(len(few.captured_queries)):
        large = len(rows(api_as(persona).get(url(feed, fmt))))
    assert large == small + 30
