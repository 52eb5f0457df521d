"""The admin, as a national admin (superuser) uses it on day one.

Every registered model is covered by iterating `admin.site._registry`, so a model registered
later is tested without touching this file (its change page needs a record: see `records`).
"""

import datetime
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from bdc.models import Bdc, BdcPerson
from kotaku.models import Assignment, City, Kecamatan, Kelurahan, Province, Role
from ksm.models import Assessment, Ksm
from monitoring.models import (
    Attachment,
    ChecklistTemplate,
    Finding,
    RktlCategory,
    RktlItem,
    RktlStatus,
    RktlUpdate,
    Tier,
    Visit,
)
from tests.documents import pdf_bytes

REGISTRY = sorted(admin.site._registry.items(), key=lambda pair: pair[0]._meta.label)
IDS = [model._meta.label for model, _ in REGISTRY]


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY, ids=IDS)
def test_the_changelist_opens(admin_client, records, model, model_admin):
    assert admin_client.get(_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY, ids=IDS)
def test_the_changelist_search_runs(admin_client, records, model, model_admin):
    # Catches search_fields naming a field that does not exist (only fails when searching).
    response = admin_client.get(_url(model, "changelist"), {"q": "Metro"})
    assert response.status_code == 200


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY, ids=IDS)
def test_the_add_page_opens_unless_adding_is_not_allowed(
    admin_client, admin_user, records, model, model_admin
):
    request = RequestFactory().get("/")
    request.user = admin_user
    expected = 200 if model_admin.has_add_permission(request) else 403
    assert admin_client.get(_url(model, "add")).status_code == expected


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY, ids=IDS)
def test_the_change_page_opens(admin_client, records, model, model_admin):
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"add a {model.__name__} to tests/world.py or `records`"
    assert admin_client.get(_url(model, "change", obj.pk)).status_code == 200


HISTORY_REGISTRY = [
    (model, model_admin)
    for model, model_admin in REGISTRY
    if hasattr(model._meta, "simple_history_manager_attribute")
]


@pytest.mark.parametrize(
    ("model", "model_admin"), HISTORY_REGISTRY, ids=[m._meta.label for m, _ in HISTORY_REGISTRY]
)
def test_a_model_with_history_shows_its_audit_trail(admin_client, records, model, model_admin):
    assert isinstance(model_admin, SimpleHistoryAdmin)
    obj = model._default_manager.order_by("pk").first()
    assert admin_client.get(_url(model, "history", obj.pk)).status_code == 200


# ---- A list page runs the same number of queries for 3 rows as for 30 ----------------------


def _cities(start: int, count: int) -> list[City]:
    province = Province.objects.get(code="18")
    return [
        City.objects.create(
            code=f"9{n:03d}", province=province, kind=City.Kind.KOTA, name=f"Uji {n}"
        )
        for n in range(start, start + count)
    ]


def _kelurahan(city: City) -> Kelurahan:
    kecamatan = Kecamatan.objects.create(city=city, name=f"Kec {city.name}")
    return Kelurahan.objects.create(kecamatan=kecamatan, name=f"Kel {city.name}")


def _make_ksms(start: int, count: int) -> None:
    for city in _cities(start, count):
        Ksm.objects.create(name=f"KSM {city.name}", city=city, kelurahan=_kelurahan(city))


def _make_visit(city: City, n: int) -> Visit:
    author = User.objects.create_user(f"penulis-{n}")
    return Visit.objects.create(
        city=city,
        title=f"Kunjungan {n}",
        starts_on=datetime.date(2026, 7, 1),
        ends_on=datetime.date(2026, 7, 2),
        template=ChecklistTemplate.objects.get(is_default=True),
        created_by=author,
    )


def _make_visits(start: int, count: int) -> None:
    for n, city in enumerate(_cities(start, count), start):
        _make_visit(city, n)


def _make_rktl_items(start: int, count: int) -> None:
    for n, city in enumerate(_cities(start, count), start):
        visit = _make_visit(city, n)
        finding = Finding.objects.create(visit=visit, description=f"Temuan {n}")
        RktlItem.objects.create(
            finding=finding,
            city=city,
            category=RktlCategory.BUSINESS_PLAN,
            problem="Masalah",
            action=f"Tindakan {n}",
            pic_name="Ketua",
            pic_tier=Tier.KOMITE,
            deadline=datetime.date(2020, 1, 1),
            original_deadline=datetime.date(2020, 1, 1),
            created_by=visit.created_by,
        )


def _make_users(start: int, count: int) -> None:
    for n, city in enumerate(_cities(start, count), start):
        user = User.objects.create_user(f"pengguna-{n}")
        Assignment.objects.create(user=user, role=Role.FASILITATOR, city=city)
        Assignment.objects.create(user=user, role=Role.KMW, province=city.province)


@pytest.mark.parametrize(
    ("model", "make"),
    [(Ksm, _make_ksms), (Visit, _make_visits), (RktlItem, _make_rktl_items), (User, _make_users)],
    ids=["ksm", "visit", "rktlitem", "user"],
)
def test_a_changelist_runs_a_constant_number_of_queries(admin_client, db, model, make):
    url = _url(model, "changelist")
    make(0, 3)
    admin_client.get(url)  # warm up: session, content types
    with CaptureQueriesContext(connection) as small:
        assert admin_client.get(url).status_code == 200
    make(3, 27)
    with CaptureQueriesContext(connection) as large:
        response = admin_client.get(url)
    assert response.context["cl"].result_count >= 30
    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)


# ---- What the admin adds to the models' own rules ---------------------------------------


def test_the_user_list_shows_each_users_roles(admin_client, world):
    response = admin_client.get(_url(User, "changelist"))
    assert f"{Role.KORKOT.label} · Kota Metro" in response.content.decode()
    assert f"{Role.KMW.label} · Lampung" in response.content.decode()


def test_the_rktl_list_can_show_only_overdue_items(admin_client, world, time_machine):
    time_machine.move_to("2026-10-15 09:00 +0700")  # after the world's 30 September deadline
    url = _url(RktlItem, "changelist")
    assert admin_client.get(url, {"overdue": "yes"}).context["cl"].result_count == 2
    # Not overdue: each city's item done and awaiting verification.
    assert admin_client.get(url, {"overdue": "no"}).context["cl"].result_count == 2
    RktlItem.objects.filter(city=world.metro).update(status=RktlStatus.VERIFIED)
    assert admin_client.get(url, {"overdue": "yes"}).context["cl"].result_count == 1


def _management(prefix: str, total: int = 0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": 0}


def _rktl_post(world, **overrides) -> dict:
    finding = world.ours["rktl"].finding
    return {
        "finding": finding.pk,
        "city": world.metro.pk,
        "category": RktlCategory.TRANSPARENCY,
        "problem": "Laporan keuangan belum dipublikasikan",
        "action": "Menempel laporan keuangan di papan informasi",
        "pic_name": "Bendahara",
        "pic_tier": Tier.PENGELOLA,
        "deadline": "2026-12-31",
        "original_deadline": "",
        "status": RktlStatus.OPEN,
        "cannot_reason": "",
        "concern": "bdc",
        "created_by": world.users["fasilitator"].pk,
        **_management("updates"),
        **_management("deadline_requests"),
        **overrides,
    }


def test_a_new_rktl_item_takes_its_deadline_as_original_deadline(admin_client, world):
    response = admin_client.post(_url(RktlItem, "add"), _rktl_post(world))
    assert response.status_code == 302, response.context["adminform"].form.errors
    item = RktlItem.objects.get(pic_name="Bendahara")
    assert item.original_deadline == datetime.date(2026, 12, 31)


def test_neither_deadline_nor_status_is_changed_in_the_admin_once_saved(admin_client, world):
    # A deadline moves through an approved request; the status through the workflow.
    item = world.ours["rktl"]
    response = admin_client.post(
        _url(RktlItem, "change", item.pk),
        _rktl_post(
            world,
            deadline="2027-01-31",
            original_deadline="2027-01-31",
            status=RktlStatus.VERIFIED,
        ),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.deadline == datetime.date(2026, 9, 30)
    assert item.original_deadline == datetime.date(2026, 9, 30)
    assert item.status == RktlStatus.OPEN


def test_an_rktl_item_takes_the_city_of_its_finding_whatever_is_posted(admin_client, world):
    response = admin_client.post(_url(RktlItem, "add"), _rktl_post(world, city=world.medan.pk))
    assert response.status_code == 302
    assert RktlItem.objects.get(pic_name="Bendahara").city == world.metro


def test_a_ksm_takes_the_city_of_its_kelurahan_whatever_is_posted(admin_client, world):
    kelurahan_in_medan = world.theirs["ksm"].kelurahan
    data = {
        "name": "KSM Kota Dari Kelurahan",
        "city": world.metro.pk,
        "kelurahan": kelurahan_in_medan.pk,
        "type": Ksm.Type.EKONOMI,
        "ppmk_stage": Ksm.PpmkStage.I,
        "maturity": Ksm.Maturity.TUNAS,
        **_management("members"),
        **_management("products"),
    }
    response = admin_client.post(_url(Ksm, "add"), data)
    assert response.status_code == 302
    assert Ksm.objects.get(name="KSM Kota Dari Kelurahan").city == world.medan


def test_an_assessment_derives_score_and_stage_from_the_ticked_criteria(admin_client, world):
    criteria = ["voluntary", "activity", "rules", "democratic", "meetings", "savings"]
    data = {
        "ksm": world.ours["ksm"].pk,
        "assessed_on": "2026-08-01",
        "criteria": criteria,
        "note": "",
        "assessed_by": "",
    }
    response = admin_client.post(_url(Assessment, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assessment = Assessment.objects.get(assessed_on=datetime.date(2026, 8, 1))
    assert assessment.score == 6
    assert assessment.maturity == Ksm.Maturity.TUMBUH
    assert assessment.criteria_met == criteria


def test_komite_and_pengelola_rows_are_saved_in_their_own_body(admin_client, world):
    city = City.objects.get(code="1571")  # Kota Jambi: no BDC in the world yet
    person = {"unsur": BdcPerson.Unsur.PEMDA, "gender": "P", "is_active": "on", "phone": ""}
    data = {
        "city": city.pk,
        "name": "BDC Kota Jambi",
        **_management("people", 1),
        "people-0-body": BdcPerson.Body.KOMITE,
        "people-0-name": "Ibu Komite",
        "people-0-position": "Ketua",
        **{f"people-0-{k}": v for k, v in person.items()},
        **_management("people-2", 1),
        "people-2-0-body": BdcPerson.Body.PENGELOLA,
        "people-2-0-name": "Pak Pengelola",
        "people-2-0-position": "Manajer",
        **{f"people-2-0-{k}": v for k, v in person.items()},
        **_management("outlets"),
        **_management("tranches"),
        **_management("plan_activities"),
    }
    response = admin_client.post(_url(Bdc, "add"), data)
    assert response.status_code == 302, response.context["errors"]
    bdc = Bdc.objects.get(city=city)
    assert dict(bdc.people.values_list("name", "body")) == {
        "Ibu Komite": BdcPerson.Body.KOMITE,
        "Pak Pengelola": BdcPerson.Body.PENGELOLA,
    }
    page = admin_client.get(_url(Bdc, "change", bdc.pk)).content.decode()
    # Each inline lists only its own body's people.
    komite, pengelola = page.split('id="people-2-group"')
    assert "Ibu Komite" in komite and "Pak Pengelola" not in komite
    assert "Pak Pengelola" in pengelola


def test_a_visit_saves_its_methods_from_checkboxes(admin_client, world):
    data = {
        "city": world.metro.pk,
        "kind": Visit.Kind.FIELD_VISIT,
        "title": "Monev kedua",
        "starts_on": "2026-09-01",
        "ends_on": "2026-09-02",
        "location": "",
        "methods": [Visit.Method.INTERVIEW, Visit.Method.FGD],
        "template": ChecklistTemplate.objects.get(is_default=True).pk,
        "team_others": "",
        "summary": "",
        "status": Visit.Status.DRAFT,
        "created_by": world.users["fasilitator"].pk,
        **_management("answers"),
        **_management("document_checks"),
        **_management("attendees"),
        **_management("findings"),
        **_management("attachments"),
        **_management("reviews"),
    }
    response = admin_client.post(_url(Visit, "add"), data)
    assert response.status_code == 302, response.context["errors"]
    visit = Visit.objects.get(title="Monev kedua")
    assert visit.methods == [Visit.Method.INTERVIEW, Visit.Method.FGD]


def test_an_attachment_added_in_the_admin_records_who_uploaded_it(admin_client, admin_user):
    visit = _make_visit(_cities(0, 1)[0], 0)
    data = {
        "visit": visit.pk,
        "kind": Attachment.Kind.FILE,
        "file": SimpleUploadedFile("notulen.pdf", pdf_bytes()),
        "original_name": "",
        "caption": "Notulen",
        "taken_at_0": "",
        "taken_at_1": "",
        "latitude": "",
        "longitude": "",
    }
    response = admin_client.post(_url(Attachment, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Attachment.objects.get(caption="Notulen").uploaded_by == admin_user


def test_rktl_updates_are_not_added_in_the_admin(admin_client, world):
    """Progress and verifications go through the workflow; the inline only shows them."""
    item = world.ours["rktl"]
    data = _rktl_post(world, action=item.action, pic_name=item.pic_name, deadline="2026-09-30")
    data.update(
        {
            **_management("updates", 1),
            "updates-0-kind": RktlUpdate.Kind.VERIFY,
            "updates-0-note": "Diverifikasi lewat admin",
            "updates-0-status_before": RktlStatus.IN_PROGRESS,
            "updates-0-status_after": RktlStatus.VERIFIED,
            "updates-0-created_at_0": "2026-08-01",
            "updates-0-created_at_1": "10:00:00",
        }
    )
    admin_client.post(_url(RktlItem, "change", item.pk), data)
    assert not item.updates.filter(note="Diverifikasi lewat admin").exists()


# ---- The index: what a national admin manages ------------------------------------------------

# Everything else is an inline on one of these, or reached from one (change links, the "+" of a
# related field, autocompletes), so it stays registered but is left out of the index.
INDEX = {
    "auth": {"User"},
    "kotaku": {"Province", "City", "Kelurahan"},
    "bdc": {"Bdc"},
    "ksm": {"Ksm"},
    # Deadline requests: Pusat decides them here too (admin actions).
    "monitoring": {"ChecklistTemplate", "Visit", "RktlItem", "DeadlineRequest", "Target"},
    "axes": {"AccessAttempt"},  # who is locked out after wrong passwords
    "notifications": {"Delivery"},  # mails that could not be sent
    "webhooks": {"Webhook", "Delivery"},  # every hook, and what was sent to it
    "django_tasks_database": {"DBTaskResult"},  # the background jobs and how they ended
    "api": {"ApiToken"},  # everyone's API tokens, which Pusat revokes
}


def test_the_index_lists_what_a_national_admin_manages(admin_client):
    response = admin_client.get(reverse("admin:index"))
    listed = {
        app["app_label"]: {model["object_name"] for model in app["models"]}
        for app in response.context["app_list"]
    }
    assert listed == INDEX
    names = {app["app_label"]: app["name"] for app in response.context["app_list"]}
    assert names["axes"] == "Perlindungan masuk"  # not "Axes"


@pytest.mark.parametrize("app_label", sorted(INDEX))
def test_each_apps_page_lists_its_part_of_the_index(admin_client, app_label):
    response = admin_client.get(reverse("admin:app_list", args=[app_label]))
    [app] = response.context["app_list"]
    assert {model["object_name"] for model in app["models"]} == INDEX[app_label]


def test_the_user_pages_read_in_correct_indonesian(admin_client):
    page = admin_client.get(_url(User, "add")).content.decode()
    assert "Autentidikasi" not in page and "berdasarkan-sandi" not in page
    assert "Masuk dengan kata sandi" in page
    # The chooser of groups and permissions is drawn by the admin's script, from its catalogue.
    script = admin_client.get(reverse("admin:jsi18n")).content.decode()
    assert "Pindahkan%s" not in script
    assert "Keluarkan %s dengan menandainya" in script


class _FormValues(HTMLParser):
    """The values a browser would post from the page's main form, as rendered."""

    def __init__(self):
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "file", "button"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.append((name, a.get("value") or "on"))
                return
            self.data.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.append((name, ""))

    def handle_data(self, data):
        if self._textarea:
            name, value = self.data.pop()
            self.data.append((name, value + data.lstrip("\n")))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


@pytest.mark.parametrize("model", [City, Ksm, User], ids=["city", "ksm", "user"])
def test_a_page_with_inlines_saves_as_the_browser_sends_it(admin_client, records, model):
    # The inlines added to these pages (a city's kecamatan, a KSM's assessments, a user's
    # profile) must not break saving the page unchanged.
    obj = model._default_manager.order_by("pk").first()
    if model is Ksm:
        assessment = Assessment(ksm=obj, assessed_on=datetime.date(2026, 8, 1))
        assessment.set_criteria(["voluntary", "activity"])
        assessment.save()
    if model is User:
        obj = User.objects.get(username="pusat")
    url = _url(model, "change", obj.pk)
    parser = _FormValues()
    parser.feed(admin_client.get(url).content.decode())
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")
