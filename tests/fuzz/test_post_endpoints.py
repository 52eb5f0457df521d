"""Every form-handling POST endpoint, fed generated input by a persona allowed to use it.

Whatever is posted: the answer is never a 500; a refusal (4xx) leaves every table exactly as it
was (no half-written record); whatever a success stores passes the models' full_clean(), and
uploaded files are stored under generated names, photos re-encoded.

Each example runs in a savepoint that is rolled back, so every example meets the same world.
`test_every_post_endpoint_is_fuzzed` fails when a new POST endpoint is not listed here.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from PIL import Image

from bdc.models import Outlet
from kotaku.lib.choices import Gender
from ksm.models import Ksm, MaturityCriterion, Product
from monitoring.indicators import IndicatorKey
from monitoring.models import (
    Answer,
    Attachment,
    ChecklistItem,
    DocumentCheck,
    Evidence,
    Review,
    RktlCategory,
    RktlStatus,
    Tier,
    Visit,
)
from notifications.kinds import EmailMode, Kind
from notifications.models import Notification
from tests.fuzz import strategies as s
from tests.test_permission_matrix import RULES, project_urls
from webhooks.models import Event

UPLOAD_LIMIT = 64 * 1024  # small, so that oversized files are cheap to generate

FUZZ = settings(
    max_examples=25,
    # Every run, in CI as on a developer's machine, explores new examples from a seed that the
    # summary prints (tests/conftest.py); `--hypothesis-seed=N` runs those examples again. No
    # example database: what a run tries depends on the seed alone, and a case once found is
    # kept below as an explicit example.
    database=None,
    # No shrinking: a post of many fields and files shrinks for minutes; the failing example
    # is printed as found.
    phases=[Phase.explicit, Phase.generate],
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass
class Endpoint:
    persona: str
    url: Callable  # world -> URL
    data: Callable  # world -> strategy of post data
    setup: Callable = lambda world: None  # brings the record into the state the post needs


def visit_url(name: str, extra: Callable = lambda w: []) -> Callable:
    return lambda w: reverse(name, args=[w.ours["visit"].code, *extra(w)])


def _plan(w):
    return {
        "city": s.ids(w.metro.pk, w.medan.pk),
        "kind": st.sampled_from(Visit.Kind.values),
        "title": s.TEXT,
        "starts_on": st.just("2026-07-21"),
        "ends_on": st.sampled_from(["2026-07-21", "2026-07-25", "2026-07-01"]),
        "location": s.TEXT,
        "methods": st.lists(st.sampled_from(Visit.Method.values), min_size=1, unique=True),
        "target_bdc": s.BOOL,
        "target_ksms": st.lists(s.ids(w.ours["ksm"].pk, w.theirs["ksm"].pk), max_size=2),
        "target_outlets": st.lists(s.ids(w.ours["outlet"].pk, w.theirs["outlet"].pk), max_size=2),
        "team": st.lists(s.ids(w.users["korkot"].pk, w.users["korkot_other"].pk), max_size=2),
        "team_others": s.TEXT,
        "version": st.just("0"),
    }


def _formset(prefix: str, rows: dict, existing: list[int]):
    """A formset's management form and rows, with a hostile TOTAL_FORMS and foreign row ids."""

    def build(total, initial, forms):
        data = {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": initial, "version": "0"}
        for i, row in enumerate(forms):
            data.update({f"{prefix}-{i}-{k}": v for k, v in row.items() if v is not s.OMIT})
        return data

    row = st.fixed_dictionaries(
        {
            **{k: s.junk(v) for k, v in rows.items()},
            "id": s.junk(s.ids(*existing)),
            "DELETE": s.junk(s.BOOL),
        }
    )
    count = st.one_of(st.integers(0, 3).map(str), s.SCALAR_JUNK)
    return st.builds(build, count, count, st.lists(row, max_size=3))


def _section(w):
    """Any section of the fill-in page: plan, documents, attendees, a checklist section."""
    visit = w.ours["visit"]
    items = list(ChecklistItem.objects.filter(section__template_id=visit.template_id)[:3])
    section = items[0].section
    checklist = {f"cl{section.code}-version": st.just("0")}
    for item in items:
        checklist[f"cl{section.code}-value_{item.pk}"] = st.sampled_from(Answer.Value.values)
        checklist[f"cl{section.code}-note_{item.pk}"] = s.TEXT
    documents = _formset(
        "doc",
        {
            "document": st.sampled_from(DocumentCheck.Document.values),
            "other_name": s.TEXT,
            "status": st.sampled_from(DocumentCheck.Status.values),
            "note": s.TEXT,
        },
        [d.pk for d in visit.document_checks.all()]
        + [w.theirs["visit"].document_checks.first().pk],
    )
    attendees = _formset(
        "att",
        {
            "name": s.TEXT,
            "organisation": s.TEXT,
            "position": s.TEXT,
            "gender": st.sampled_from(Gender.values),
            "has_disability": s.BOOL,
        },
        [a.pk for a in visit.attendees.all()] + [w.theirs["visit"].attendees.first().pk],
    )
    return st.one_of(
        st.tuples(st.just("plan"), s.form(_plan(w))),
        st.tuples(st.just(f"checklist-{section.code}"), s.form(checklist)),
        st.tuples(st.just("documents"), documents),
        st.tuples(st.just("attendees"), attendees),
        st.tuples(st.sampled_from(["checklist-ZZ", "nothing"]), s.form({"version": st.just("0")})),
    )


def _rktl_item(w):
    return {
        "category": st.sampled_from(RktlCategory.values),
        "problem": s.TEXT,
        "action": s.TEXT,
        "pic_name": s.TEXT,
        "pic_tier": st.sampled_from(Tier.values),
        "deadline": s.DATE,
    }


def _prefixed(prefix, fields):
    return {f"{prefix}-{k}": v for k, v in fields.items()}


def _ksm(w):
    kel = w.ours["ksm"].kelurahan_id
    return {
        "name": s.TEXT,
        "kelurahan": s.ids(kel, w.theirs["ksm"].kelurahan_id),
        "type": st.sampled_from(Ksm.Type.values),
        "formed_on": s.DATE,
        "ppmk_stage": st.sampled_from([str(v) for v in Ksm.PpmkStage.values]),
        "maturity": st.sampled_from(Ksm.Maturity.values),
        "is_bdc_partner": s.BOOL,
        "chair_name": s.TEXT,
        "phone": st.from_regex(r"\+?[0-9 ]{6,15}", fullmatch=True),
    }


def _submitted(w):
    Visit.objects.filter(pk=w.ours["visit"].pk).update(status=Visit.Status.SUBMITTED)


def _approved(w):
    Visit.objects.filter(pk=w.ours["visit"].pk).update(status=Visit.Status.APPROVED)


def _with_files(fields: dict, file_field: str, max_files: int):
    """Post data with uploaded files under `file_field`."""
    return st.builds(
        lambda data, uploads: {**data, file_field: uploads} if uploads else data,
        s.form(fields),
        s.files(UPLOAD_LIMIT, max_files),
    )


JUNK = lambda w: s.form({"x": s.TEXT})  # noqa: E731  endpoints that take no input
KSM_URL = lambda name: lambda w: reverse(name, args=[w.ours["ksm"].code])  # noqa: E731


def MEMBER_URL(name):
    return lambda w: reverse(name, args=[w.ours["ksm"].code, w.ours["ksm"].members.first().pk])


def PRODUCT_URL(name):
    return lambda w: reverse(name, args=[w.ours["ksm"].code, w.ours["ksm"].products.first().pk])


RKTL_URL = lambda name, key="rktl": lambda w: reverse(name, args=[w.ours[key].code])  # noqa: E731

ENDPOINTS: dict[str, Endpoint] = {
    # Notifications: the korkot's notice in `records`; the preferences, one choice per kind.
    "notifications:open": Endpoint(
        "korkot",
        lambda w: reverse(
            "notifications:open",
            args=[Notification.objects.filter(recipient=w.users["korkot"]).first().pk],
        ),
        JUNK,
    ),
    "notifications:read_all": Endpoint("korkot", lambda w: reverse("notifications:read_all"), JUNK),
    "notifications:settings": Endpoint(
        "korkot",
        lambda w: reverse("notifications:settings"),
        lambda w: s.form({kind: st.sampled_from([*EmailMode.values, ""]) for kind in Kind.values}),
    ),
    "notifications:unsubscribe": Endpoint(
        "korkot",
        lambda w: reverse("notifications:unsubscribe", args=["not-a-signed-token"]),
        JUNK,
    ),
    # API tokens: made by anyone; the korkot's token in `records`, revoked by its owner.
    "api:tokens": Endpoint(
        "korkot",
        lambda w: reverse("api:tokens"),
        lambda w: s.form(
            {
                "name": s.TEXT,
                "read_only": s.BOOL,
                "lifetime": st.sampled_from(["30", "90", "180", "365", "0", "-1", "99999"]),
            }
        ),
    ),
    "api:token_revoke": Endpoint(
        "korkot", lambda w: reverse("api:token_revoke", args=[w.ours["api_token"].pk]), JUNK
    ),
    "set_language": Endpoint(
        "fasilitator",
        lambda w: reverse("set_language"),
        lambda w: s.form(
            {
                "language": st.sampled_from(["en", "id"]),
                "next": st.sampled_from(["/", "/rktl/", "//evil.example"]),
            }
        ),
    ),
    "monitoring:visit_create": Endpoint(
        "fasilitator", lambda w: reverse("monitoring:visit_create"), lambda w: s.form(_plan(w))
    ),
    "monitoring:visit_section": Endpoint("fasilitator", None, _section),
    "monitoring:attachment_add": Endpoint(
        "fasilitator",
        visit_url("monitoring:attachment_add"),
        lambda w: _with_files({"caption": s.TEXT}, "file", 1),
    ),
    "monitoring:attachment_delete": Endpoint(
        "fasilitator",
        visit_url(
            "monitoring:attachment_delete", lambda w: [w.ours["visit"].attachments.first().pk]
        ),
        JUNK,
    ),
    "monitoring:finding_add": Endpoint(
        "fasilitator",
        visit_url("monitoring:finding_add"),
        lambda w: s.form(
            {
                "description": s.TEXT,
                "item": s.ids(*ChecklistItem.objects.values_list("pk", flat=True)[:3]),
            }
        ),
    ),
    "monitoring:finding_delete": Endpoint(
        "fasilitator",
        visit_url("monitoring:finding_delete", lambda w: [w.ours["rktl_fresh"].finding_id]),
        JUNK,
    ),
    "monitoring:rktl_add": Endpoint(
        "fasilitator",
        visit_url("monitoring:rktl_add", lambda w: [w.ours["rktl_fresh"].finding_id]),
        lambda w: s.form(_prefixed(f"rktl{w.ours['rktl_fresh'].finding_id}", _rktl_item(w))),
    ),
    "monitoring:rktl_delete": Endpoint(
        "fasilitator",
        visit_url("monitoring:rktl_delete", lambda w: [w.ours["rktl_fresh"].pk]),
        JUNK,
    ),
    "monitoring:visit_submit": Endpoint("fasilitator", visit_url("monitoring:visit_submit"), JUNK),
    "monitoring:visit_cancel": Endpoint(
        "fasilitator", visit_url("monitoring:visit_cancel"), lambda w: s.form({"reason": s.TEXT})
    ),
    "monitoring:visit_reopen": Endpoint(
        "kmw",
        visit_url("monitoring:visit_reopen"),
        lambda w: s.form({"reason": s.TEXT}),
        setup=_approved,
    ),
    "monitoring:visit_review": Endpoint(
        "korkot",
        visit_url("monitoring:visit_review"),
        lambda w: s.form(
            {
                "decision": st.sampled_from(Review.Decision.values),
                "comment": s.TEXT,
                **{f"section_{k}": s.TEXT for k in ("plan", "checklist", "findings")},
            }
        ),
        setup=_submitted,
    ),
    # Progress, "done", and "cannot be followed up" with its reason, with evidence files.
    "monitoring:rktl_progress": Endpoint(
        "fasilitator",
        RKTL_URL("monitoring:rktl_progress"),
        lambda w: _with_files(
            {
                "status": st.sampled_from(RktlStatus.values),
                "note": s.TEXT,
                "reason": s.TEXT,
            },
            "evidence",
            3,
        ),
    ),
    # Verify or reject (back to in progress) an item reported done.
    "monitoring:rktl_verify": Endpoint(
        "korkot",
        RKTL_URL("monitoring:rktl_verify", "rktl_done"),
        lambda w: s.form({"decision": st.sampled_from(["verify", "reject"]), "note": s.TEXT}),
    ),
    # A facilitator asks for a new deadline; the Korkot decides on the pending request.
    "monitoring:rktl_deadline": Endpoint(
        "fasilitator",
        RKTL_URL("monitoring:rktl_deadline"),
        lambda w: s.form({"deadline": s.DATE, "reason": s.TEXT}),
    ),
    "monitoring:rktl_deadline_decide": Endpoint(
        "korkot",
        lambda w: reverse(
            "monitoring:rktl_deadline_decide",
            args=[w.ours["rktl_done"].code, w.ours["deadline_request"].pk],
        ),
        lambda w: s.form({"decision": st.sampled_from(["approve", "refuse", "x"]), "note": s.TEXT}),
    ),
    "ksm:ksm_create": Endpoint(
        "fasilitator", lambda w: reverse("ksm:ksm_create"), lambda w: s.form(_ksm(w))
    ),
    "ksm:ksm_edit": Endpoint("fasilitator", KSM_URL("ksm:ksm_edit"), lambda w: s.form(_ksm(w))),
    "ksm:member_add": Endpoint(
        "fasilitator",
        KSM_URL("ksm:member_add"),
        lambda w: s.form(
            {
                "name": s.TEXT,
                "gender": st.sampled_from(Gender.values),
                "has_disability": s.BOOL,
                "business": s.TEXT,
            }
        ),
    ),
    "ksm:product_add": Endpoint(
        "fasilitator",
        KSM_URL("ksm:product_add"),
        lambda w: s.form(
            {
                "name": s.TEXT,
                "category": st.sampled_from(Product.Category.values),
                "is_flagship": s.BOOL,
                "unit": s.TEXT,
                "price": st.integers(0, 10**12).map(str),
                "monthly_capacity": st.integers(0, 2**31).map(str),
                "permits": s.TEXT,
            }
        ),
    ),
    "ksm:member_edit": Endpoint(
        "fasilitator",
        MEMBER_URL("ksm:member_edit"),
        lambda w: s.form(
            {
                "name": s.TEXT,
                "gender": st.sampled_from(Gender.values),
                "has_disability": s.BOOL,
                "business": s.TEXT,
                "is_active": s.BOOL,
            }
        ),
    ),
    "ksm:member_delete": Endpoint("fasilitator", MEMBER_URL("ksm:member_delete"), JUNK),
    "ksm:product_edit": Endpoint(
        "fasilitator",
        PRODUCT_URL("ksm:product_edit"),
        lambda w: s.form(
            {
                "name": s.TEXT,
                "category": st.sampled_from(Product.Category.values),
                "is_flagship": s.BOOL,
                "unit": s.TEXT,
                "price": st.one_of(
                    st.integers(0, 10**13).map(str),
                    st.integers(0, 10**13).map(lambda n: f"{n:,}".replace(",", ".")),
                    s.TEXT,
                ),
                "monthly_capacity": st.one_of(st.integers(0, 2**33).map(str), s.TEXT),
                "permits": s.TEXT,
            }
        ),
    ),
    "ksm:product_delete": Endpoint("fasilitator", PRODUCT_URL("ksm:product_delete"), JUNK),
    "ksm:assessment_add": Endpoint(
        "fasilitator",
        KSM_URL("ksm:assessment_add"),
        lambda w: s.form(
            {
                "assessed_on": s.DATE,
                "criteria": st.lists(st.sampled_from(MaturityCriterion.values), unique=True),
                "note": s.TEXT,
            }
        ),
    ),
    # Targets: Pusat sets one for an indicator, a year and an area (or the country).
    **{
        name: Endpoint(
            "pusat",
            url,
            lambda w: s.form(
                {
                    "indicator": st.sampled_from([*IndicatorKey.values, "nonsense"]),
                    "year": st.sampled_from(["2026", "1999", "2101", "x"]),
                    "province": s.ids(w.metro.province_id, w.medan.province_id),
                    "city": s.ids(w.metro.pk, w.medan.pk),
                    "value": st.sampled_from(["70", "12,5", "-1", "101", "1e9", "x"]),
                }
            ),
        )
        for name, url in (
            ("monitoring:target_create", lambda w: reverse("monitoring:target_create")),
            (
                "monitoring:target_edit",
                lambda w: reverse("monitoring:target_edit", args=[w.ours["target"].pk]),
            ),
        )
    },
    # Webhooks: our Korkot's hook in `records`, and a new one.
    **{
        name: Endpoint(
            "korkot",
            url,
            lambda w: s.form(
                {
                    "url": st.sampled_from(
                        ["https://example.org/hook", "http://10.0.0.1/x", "ftp://x", "x"]
                    ),
                    "city": s.ids(w.metro.pk, w.medan.pk),
                    "events": st.lists(st.sampled_from([*Event.values, "nonsense"]), max_size=3),
                    "is_active": s.BOOL,
                }
            ),
        )
        for name, url in (
            ("webhooks:hook_create", lambda w: reverse("webhooks:hook_create")),
            (
                "webhooks:hook_edit",
                lambda w: reverse("webhooks:hook_edit", args=[w.ours["webhook"].pk]),
            ),
        )
    },
    **{
        f"webhooks:hook_{action}": Endpoint(
            "korkot",
            lambda w, action=action: reverse(
                f"webhooks:hook_{action}", args=[w.ours["webhook"].pk]
            ),
            JUNK,
        )
        for action in ("rotate", "delete", "resume", "ping")
    },
    # Outlets of our BDC, with an optional position.
    **{
        name: Endpoint(
            "fasilitator",
            url,
            lambda w: s.form(
                {
                    "kind": st.sampled_from([*Outlet.Kind.values, "x"]),
                    "name": s.TEXT,
                    "address": s.TEXT,
                    "is_active": s.BOOL,
                    "latitude": st.sampled_from(["", "-5,1134", "91", "x"]),
                    "longitude": st.sampled_from(["", "105.3067", "-181", "x"]),
                }
            ),
        )
        for name, url in (
            ("bdc:outlet_add", lambda w: reverse("bdc:outlet_add", args=[w.metro.code])),
            (
                "bdc:outlet_edit",
                lambda w: reverse("bdc:outlet_edit", args=[w.metro.code, w.ours["outlet"].pk]),
            ),
        )
    },
    # The API's writes, signed in with the session (the test client skips CSRF, as DRF allows).
    "api:ksm-member-list": Endpoint(
        "fasilitator",
        lambda w: reverse("api:ksm-member-list", args=[w.ours["ksm"].code]),
        lambda w: s.form(
            {
                "name": s.TEXT,
                "gender": st.sampled_from(Gender.values),
                "has_disability": s.BOOL,
                "business": s.TEXT,
            }
        ),
    ),
    "api:rktl-item-progress": Endpoint(
        "fasilitator",
        RKTL_URL("api:rktl-item-progress"),
        lambda w: _with_files(
            {"status": st.sampled_from(RktlStatus.values), "note": s.TEXT, "reason": s.TEXT},
            "evidence",
            3,
        ),
    ),
    "api:rktl-item-verify": Endpoint(
        "korkot",
        RKTL_URL("api:rktl-item-verify", "rktl_done"),
        lambda w: s.form({"decision": st.sampled_from(["verify", "reject"]), "note": s.TEXT}),
    ),
    # Imports: the upload (a dry run that writes nothing) or a confirmation with any token.
    "ksm:ksm_import": Endpoint(
        "fasilitator",
        lambda w: reverse("ksm:ksm_import"),
        lambda w: _with_files({"confirm": st.text(max_size=40)}, "file", 1),
    ),
    "bdc:people_import": Endpoint(
        "fasilitator",
        lambda w: reverse("bdc:people_import", args=[w.metro.code]),
        lambda w: _with_files({"confirm": st.text(max_size=40)}, "file", 1),
    ),
}

# POST endpoints deliberately left out, and why.
NOT_FUZZED = {
    "login": "Django's LoginView; each failure is recorded by django-axes on purpose "
    "(tests/kotaku/test_login_protection.py)",
    "logout": "no input",
}

# What a refusal may answer; anything else is a success (200 page or redirect).
REFUSALS = {400, 403, 404, 405, 409, 422}
# Not compared: sessions change with every flash message, and are not the app's records.
UNTRACKED = {Session}
STORED_NAME = re.compile(
    r"^(visits|rktl)/[A-Z0-9]+/[A-Z0-9]+\.(jpg|pdf|docx|xlsx|pptx|odt|ods|odp|doc|xls|ppt|ole)$"
)


def _snapshot() -> dict:
    return {
        model: {row[0]: row for row in model._base_manager.order_by("pk").values_list()}
        for model in apps.get_models()
        if model not in UNTRACKED
    }


def _changed(before: dict, after: dict):
    """(model, pk) of every row added or changed."""
    for model, rows in after.items():
        for pk, row in rows.items():
            if before[model].get(pk) != row:
                yield model, pk


def _check_stored_files(obj, uploads: list[bytes]) -> None:
    """A stored file has a generated name, and a photo was decoded and re-encoded."""
    for field in ("file", "web_image"):
        stored = getattr(obj, field, None)
        if not stored:
            continue
        assert STORED_NAME.match(stored.name), f"stored as {stored.name!r}"
        content = stored.read()
        stored.seek(0)
        if stored.name.endswith(".jpg"):
            with Image.open(io.BytesIO(content)) as image:
                assert image.format == "JPEG"
            assert content not in uploads, "a photo was stored as uploaded"


def _uploaded(data: dict) -> list[bytes]:
    return [
        item.content
        for value in data.values()
        for item in (value if isinstance(value, list) else [value])
        if isinstance(item, s.RawFile)
    ]


@dataclass
class Found:
    """A post that once broke an endpoint, kept as an explicit example: it stands in for the
    drawing object of `st.data()` and gives the post as it was found."""

    endpoint: str
    data: object

    def draw(self, strategy) -> object:
        return self.data


@pytest.mark.parametrize("name", list(ENDPOINTS))
@FUZZ
@given(draw=st.data())
# Verified with no note: stored an update whose note the model required.
@example(draw=Found("monitoring:rktl_verify", {"decision": "verify", "note": ""}))
def test_generated_input_never_breaks_a_post_endpoint(client, records, settings, name, draw):
    if isinstance(draw, Found) and draw.endpoint != name:
        return  # an example found on another endpoint
    world, endpoint = records, ENDPOINTS[name]
    settings.MAX_UPLOAD_BYTES = UPLOAD_LIMIT
    client.force_login(world.users[endpoint.persona])
    if endpoint.url is None:  # the visit sections: the section is part of the draw
        section, data = draw.draw(_section(world))
        url = reverse("monitoring:visit_section", args=[world.ours["visit"].code, section])
    else:
        url, data = endpoint.url(world), draw.draw(endpoint.data(world))
    with transaction.atomic():
        endpoint.setup(world)
        before = _snapshot()
        # The test client re-raises a view's exception: a 500 fails here, with its traceback.
        response = client.post(url, s.multipart(data), content_type=s.MULTIPART)
        _check(response.status_code, before, _snapshot(), _uploaded(data))
        transaction.set_rollback(True)  # an assertion error above rolls back too


def _check(status: int, before: dict, after: dict, uploads: list[bytes]) -> None:
    """Run inside the example's savepoint, where the post's writes are still visible."""
    changed = list(_changed(before, after))
    if status in REFUSALS:
        assert not changed, f"{status} but rows changed: {changed}"
        return
    for model, pk in changed:
        if model.__name__.startswith("Historical"):
            continue  # the audit trail: written by django-simple-history, not by a form
        obj = model._base_manager.get(pk=pk)
        obj.full_clean()
        if isinstance(obj, Attachment | Evidence):
            _check_stored_files(obj, uploads)


def _post_endpoints(client, world) -> set[str]:
    """Named views of the app (not the admin) that accept a POST, probed as Pusat."""
    found = set()
    for name, _route in project_urls():
        if not name or name.startswith("admin:") or name not in RULES:
            continue
        rule = RULES[name]
        url = rule.url(world) if rule.url else reverse(name, kwargs=rule.kwargs(world))
        with transaction.atomic():
            client.force_login(world.users["pusat"])  # again: the probe of `logout` signs out
            status = client.post(url, {}).status_code
            transaction.set_rollback(True)
        if status != 405:
            found.add(name)
    return found


def test_every_post_endpoint_is_fuzzed(client, records):
    post_endpoints = _post_endpoints(client, records)
    unfuzzed = post_endpoints - set(ENDPOINTS) - set(NOT_FUZZED)
    assert not unfuzzed, f"add these POST endpoints to ENDPOINTS: {unfuzzed}"
    stale = set(ENDPOINTS) - post_endpoints
    assert not stale, f"these do not take a POST any more: {stale}"
