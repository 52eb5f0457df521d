import datetime
import io
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from PIL import Image

from kotaku.lib.codes import new_code
from monitoring.models import RktlItem, RktlStatus, RktlUpdate
from tests.documents import pdf_bytes

LIST = "/rktl/"


# The moment every test of this module runs at; the shared world is built at it too.
FROZEN_AT = "2026-11-22 09:00 +0700"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)


def as_(client, world, persona):
    client.force_login(world.users[persona])
    return client


def add_items(world, n, city="metro", **fields):
    ours = world.ours if city == "metro" else world.theirs
    finding = ours["rktl"].finding
    base = {
        "category": "kapasitas",
        "problem": "p",
        "action": "a",
        "pic_name": "x",
        "pic_tier": "pengelola",
        "deadline": datetime.date(2026, 12, 31),
        "original_deadline": datetime.date(2026, 12, 31),
        "created_by": ours["visit"].created_by,
    }
    base.update(fields)
    return RktlItem.objects.bulk_create(
        RktlItem(finding=finding, city=finding.visit.city, code=new_code(), **base)
        for i in range(n)
    )


def codes(response):
    return {item.code for item in response.context["page"].object_list}


def test_the_list_shows_only_the_users_area_with_counts_per_status(client, world):
    response = as_(client, world, "korkot").get(LIST)
    assert codes(response) == {world.ours["rktl"].code, world.ours["rktl_done"].code}
    counts = {value: n for value, _label, n in response.context["status_counts"]}
    assert counts["belum"] == 1 and counts["selesai"] == 1 and counts["terverifikasi"] == 0
    assert response.context["total"] == 2


def test_the_status_tabs_count_every_status_while_one_is_chosen(client, world):
    response = as_(client, world, "korkot").get(LIST, {"status": "selesai"})
    assert codes(response) == {world.ours["rktl_done"].code}
    counts = {value: n for value, _label, n in response.context["status_counts"]}
    # What choosing another tab would show, not zero because this one is chosen.
    assert counts["belum"] == 1 and counts["selesai"] == 1
    assert response.context["total"] == 2  # the "All" tab
    assert response.context["page"].paginator.count == 1
    # Another filter in error leaves the status applied, and the length agrees with it.
    response = as_(client, world, "korkot").get(LIST, {"status": "selesai", "deadline_from": "x"})
    assert codes(response) == {world.ours["rktl_done"].code}
    assert response.context["page"].paginator.count == 1


def test_the_list_filters_by_status_category_and_overdue(client, world):
    add_items(world, 3, deadline=datetime.date(2026, 11, 1), status="proses")
    add_items(world, 2, deadline=datetime.date(2026, 11, 1), status="terverifikasi")
    client = as_(client, world, "pusat")
    overdue = client.get(LIST, {"overdue": "on"}).context["page"].object_list
    # Overdue: past the deadline and not done: the 3 added, and each city's open item of the
    # world (due 30 Sep 2026).
    assert len(overdue) == 5
    assert all(i.status in ("belum", "proses") for i in overdue)
    assert len(client.get(LIST, {"status": "terverifikasi"}).context["page"].object_list) == 2
    assert len(client.get(LIST, {"category": "transparansi"}).context["page"].object_list) == 2
    medan = client.get(LIST, {"city": world.medan.pk}).context["page"].object_list
    assert {i.city for i in medan} == {world.medan}


@pytest.mark.parametrize("place", ["city", "province", None])
def test_the_visit_dates_with_a_place_find_what_a_plain_count_finds(client, world, place):
    """The visit-date filter names the place on the visit too (monitoring.rktl_forms): the
    items must be the same as counted from each item's own visit."""
    client = as_(client, world, "pusat")
    params = {"visit_from": "2026-01-01", "visit_to": "2026-12-31"}
    expected = RktlItem.objects.filter(
        finding__visit__starts_on__range=(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    )
    if place == "city":
        params["city"] = world.metro.pk
        expected = [i for i in expected if i.finding.visit.city_id == world.metro.pk]
    elif place == "province":
        params["province"] = world.metro.province_id
        expected = [
            i for i in expected if i.finding.visit.city.province_id == world.metro.province_id
        ]
    listed = client.get(LIST, params).context["page"].object_list
    assert expected and sorted(i.pk for i in listed) == sorted(i.pk for i in expected)


def test_the_list_refuses_a_city_outside_the_users_area(client, world):
    response = as_(client, world, "korkot").get(LIST, {"city": world.medan.pk})
    assert "city" in response.context["filters"].errors
    assert world.theirs["rktl"].code not in codes(response)


def test_the_list_sorts_and_paginates_in_constant_queries(client, world):
    client = as_(client, world, "pusat")
    with CaptureQueriesContext(connection) as small:
        client.get(LIST)
    add_items(world, 1500)
    add_items(world, 1500, city="medan")
    with CaptureQueriesContext(connection) as large:
        response = client.get(LIST, {"sort": "-deadline", "page": 3})
    assert len(large.captured_queries) == len(small.captured_queries)
    assert response.context["total"] == 3004
    deadlines = [i.deadline for i in response.context["page"].object_list]
    assert deadlines == sorted(deadlines, reverse=True)


def test_sorted_by_city_each_page_holds_what_the_plain_order_puts_there(client, world):
    from kotaku.models import City

    # Cities named against the order of their ids, one named as Medan, and shared deadlines:
    # the order is by name, then deadline, then id, across cities of the same name too.
    province = world.metro.province
    for code, name in (("9901", "Kota Aceh"), ("9902", world.medan.name), ("9903", "Kota Zeta")):
        city = City.objects.create(code=code, province=province, kind="kota", name=name)
        for day in (3, 1, 3, 2, 1, 3, 2):
            (item,) = add_items(world, 1, deadline=datetime.date(2026, 12, day))
            RktlItem.objects.filter(code=item.code).update(city=city)
        add_items(world, 2, deadline=datetime.date(2026, 12, 5), category="pemasaran")
    add_items(world, 9, deadline=datetime.date(2026, 12, 2))
    add_items(world, 9, city="medan", deadline=datetime.date(2026, 12, 1))
    for items in (RktlItem.objects.all(), RktlItem.objects.filter(category="kapasitas")):
        plain = list(items.order_by("city__name", "deadline", "id").values_list("pk", flat=True))
        assert len(plain) > 40
        for offset, limit in ((0, 30), (0, 7), (5, 7), (29, 3), (30, 30), (len(plain) - 2, 30)):
            assert items.ids_in_city_order(offset, limit) == plain[offset : offset + limit]
        assert items.ids_in_city_order(len(plain), 30) == []
    # And on the page, as pusat sees it.
    client = as_(client, world, "pusat")
    expected = list(
        RktlItem.objects.filter(category="kapasitas")
        .order_by("city__name", "deadline", "id")
        .values_list("code", flat=True)
    )
    response = client.get(LIST, {"category": "kapasitas", "sort": "city", "page": 2})
    listed = [item.code for item in response.context["page"].object_list]
    assert listed == expected[30:60]


def test_the_export_has_the_filtered_rows_of_the_users_area_only(client, world):
    add_items(world, 5, city="medan", action="Aksi Medan")
    response = as_(client, world, "kmw").get("/rktl/export.xlsx", {"status": "belum"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="rktl-')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Kode", "Provinsi", "Kota/Kabupaten")
    assert [r[0] for r in rows[1:]] == [world.ours["rktl"].code]
    assert rows[1][2] == "Kota Metro" and rows[1][14] == "Ya"  # overdue since 30 Sep


def test_every_export_row_says_what_the_item_itself_says(world):
    """The export reads plain values (no model instances, for speed); each column must still
    agree with the item's own methods: labels, overdue, and what the action is about."""
    from django.utils import translation

    from monitoring.exports import rktl_rows
    from monitoring.models import RktlConcern

    ksm, outlet = world.ours["ksm"], world.ours["outlet"]
    add_items(world, 2, concern=RktlConcern.KSM, concern_ksm=ksm, status="proses")
    add_items(world, 1, concern=RktlConcern.OUTLET, concern_outlet=outlet, status="selesai")
    add_items(world, 1, concern=RktlConcern.BDC, deadline=datetime.date(2020, 1, 1))
    today = datetime.date(2026, 11, 1)
    items = RktlItem.objects.filter(city=world.metro).order_by("pk")
    for language in ("id", "en"):
        with translation.override(language):
            rows = {row[0]: row for row in rktl_rows(items, today)}
            assert len(rows) == items.count() >= 5
            for item in items.select_related("concern_ksm", "concern_outlet", "finding__visit"):
                row = rows[item.code]
                assert row[1:3] == [item.city.province.name, str(item.city)]
                assert row[6] == item.get_category_display()
                assert row[10] == item.get_pic_tier_display()
                assert row[13] == item.get_status_display()
                assert row[14] == (_("Yes") if item.is_overdue(today) else _("No"))
                assert row[16] == item.concern_label()


def test_the_export_reads_the_same_number_of_queries_for_any_number_of_rows(world):
    from monitoring.exports import rktl_rows

    items = RktlItem.objects.all()
    with CaptureQueriesContext(connection) as few:
        list(rktl_rows(items))
    add_items(world, 300)
    with CaptureQueriesContext(connection) as many:
        rows = list(rktl_rows(items))
    assert len(rows) == RktlItem.objects.count() > 300
    assert len(many.captured_queries) == len(few.captured_queries)


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 90, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile("bukti.jpg", buffer.getvalue(), content_type="image/jpeg")


def progress(client, item, **data):
    return client.post(reverse("monitoring:rktl_progress", args=[item.code]), data)


def test_a_facilitator_reports_progress_with_evidence(client, world):
    item = world.ours["rktl"]
    response = progress(
        as_(client, world, "fasilitator"),
        item,
        status="selesai",
        note="Buku kas diisi",
        evidence=[_jpeg(), SimpleUploadedFile("notulen.pdf", pdf_bytes())],
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == RktlStatus.DONE
    update = item.updates.latest("id")
    assert (update.kind, update.status_before, update.status_after) == (
        "progres",
        "belum",
        "selesai",
    )
    assert update.author == world.users["fasilitator"]
    assert sorted(e.original_name for e in update.evidence.all()) == ["bukti.jpg", "notulen.pdf"]


def test_cannot_be_done_needs_a_reason_and_keeps_the_note(client, world):
    item = world.ours["rktl"]
    response = progress(
        as_(client, world, "fasilitator"), item, status="tidak_dapat", note="Catatan"
    )
    assert response.status_code == 422
    assert response.context["progress_form"].errors["reason"]
    assert "Catatan" in response.content.decode()
    item.refresh_from_db()
    assert item.status == RktlStatus.OPEN


def test_evidence_that_is_not_a_photo_or_document_is_refused(client, world):
    item = world.ours["rktl"]
    bad = SimpleUploadedFile("bukti.jpg", b"MZ\x90\x00 not an image")
    response = progress(
        as_(client, world, "fasilitator"), item, status="proses", note="x", evidence=[bad]
    )
    assert response.status_code == 422
    assert response.context["progress_form"].errors["evidence"]
    assert not RktlUpdate.objects.filter(item=item, note="x").exists()


def verify(client, item, **data):
    return client.post(reverse("monitoring:rktl_verify", args=[item.code]), data)


def test_korkot_rejects_with_a_reason_then_verifies(client, world):
    item = world.ours["rktl_done"]
    client = as_(client, world, "korkot")
    assert verify(client, item, decision="reject").status_code == 422
    assert verify(client, item, decision="reject", note="Belum ada bukti foto").status_code == 302
    item.refresh_from_db()
    assert item.status == RktlStatus.IN_PROGRESS
    progress(as_(client, world, "fasilitator"), item, status="selesai", note="Foto dilampirkan")
    assert verify(as_(client, world, "korkot"), item, decision="verify").status_code == 302
    item.refresh_from_db()
    assert item.status == RktlStatus.VERIFIED
    kinds = list(item.updates.order_by("id").values_list("kind", flat=True))
    assert kinds[-3:] == ["tolak", "progres", "verifikasi"]


def test_a_kmw_may_verify_but_a_facilitator_may_not(client, world):
    item = world.ours["rktl_done"]
    assert verify(as_(client, world, "fasilitator"), item, decision="verify").status_code == 403
    assert verify(as_(client, world, "kmw"), item, decision="verify").status_code == 302


def test_a_deadline_change_asked_and_approved_keeps_the_original_and_its_reason(client, world):
    item = world.ours["rktl"]
    url = reverse("monitoring:rktl_deadline", args=[item.code])
    facilitator = as_(client, world, "fasilitator")
    assert facilitator.post(url, {"deadline": "2027-01-31"}).status_code == 422  # no reason
    assert facilitator.post(url, {"deadline": "2026-11-01", "reason": "x"}).status_code == 422
    asked = {"deadline": "2027-01-31", "reason": "Menunggu pencairan BLM"}
    assert facilitator.post(url, asked).status_code == 302
    request = item.deadline_requests.get()
    decide = reverse("monitoring:rktl_deadline_decide", args=[item.code, request.pk])
    korkot = as_(client, world, "korkot")
    assert korkot.post(decide, {"decision": "approve"}).status_code == 302
    item.refresh_from_db()
    assert item.deadline == datetime.date(2027, 1, 31)
    assert item.original_deadline == datetime.date(2026, 9, 30)
    assert not item.is_overdue()
    page = korkot.get(reverse("monitoring:rktl_detail", args=[item.code])).content.decode()
    assert "Menunggu pencairan BLM" in page and "30 September 2026" in page


def test_an_overdue_item_is_marked_on_its_page(client, world):
    page = as_(client, world, "pemda").get(
        reverse("monitoring:rktl_detail", args=[world.ours["rktl"].code])
    )
    assert 'data-testid="overdue"' in page.content.decode()
    assert page.context["progress_form"] is None  # the viewer only reads


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.ids += [value for name, value in attrs if name == "id"]


def ids_of(html: str) -> Counter:
    parser = _Ids()
    parser.feed(html)
    return Counter(parser.ids)


@pytest.mark.parametrize(
    ("persona", "item", "forms"),
    [
        ("fasilitator", "rktl", ("progress_form", "deadline_form")),
        ("korkot", "rktl_done", ("verify_form",)),  # a Korkot decides deadlines, never asks
        ("pusat", "rktl", ("progress_form", "deadline_form")),
    ],
)
def test_the_item_page_gives_every_element_its_own_id(client, world, persona, item, forms):
    # The progress and deadline forms both had a field "reason": two id="id_reason", and a
    # label that focused the wrong text box.
    code = world.ours[item].code
    response = as_(client, world, persona).get(reverse("monitoring:rktl_detail", args=[code]))
    assert all(response.context[form] for form in forms)
    html = response.content.decode()
    twice = [id_ for id_, n in ids_of(html).items() if n > 1]
    assert not twice, f"ids used more than once: {twice}"
    # Every label still points at an element of the page.
    labels = re.findall(r'<label[^>]* for="([^"]+)"', html)
    assert labels and set(labels) <= set(ids_of(html)), set(labels) - set(ids_of(html))
