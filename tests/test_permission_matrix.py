"""Every URL of the project, requested by every persona, gets exactly the declared outcome.

The URL patterns are walked from the resolver, so a new view without a declaration in RULES
fails `test_every_url_pattern_is_declared`. Records are reached through "our" city (Kota
Metro); the personas of another city or province must get 404 for them, never 403, so that
they cannot even learn that a record exists.
"""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from notifications.tokens import unsubscribe_token
from tests.world import INSIDE, OUTSIDE, PERSONAS

ALL = tuple(PERSONAS)
SIGNED_IN = ALL
ANON = "anonymous"
LOGIN = "login"  # a redirect to a login page


@dataclass
class Rule:
    """How one view answers each persona. `outcomes` maps persona -> HTTP status."""

    outcomes: dict[str, int]
    method: str = "GET"
    kwargs: Callable = lambda world: {}
    data: Callable = lambda world: {}
    url: Callable | None = None  # for unnamed patterns: builds the path itself


def public(status: int = 200, **kw) -> Rule:
    return Rule({ANON: status, **dict.fromkeys(ALL, status)}, **kw)


def signed_in(status: int = 200, **kw) -> Rule:
    return Rule({ANON: LOGIN, **dict.fromkeys(ALL, status)}, **kw)


def city_read(**kw) -> Rule:
    """A record of our city: readable inside its area, invisible (404) outside."""
    return Rule({ANON: LOGIN, **dict.fromkeys(INSIDE, 200), **dict.fromkeys(OUTSIDE, 404)}, **kw)


def city_write(ok: int = 302, writers=("fasilitator", "pusat"), **kw) -> Rule:
    """A change to a record of our city: `writers` succeed, other readers 403, outsiders 404."""
    outcomes = {ANON: LOGIN, **dict.fromkeys(INSIDE, 403), **dict.fromkeys(OUTSIDE, 404)}
    outcomes.update(dict.fromkeys(writers, ok))
    return Rule(outcomes, method="POST", **kw)


def recorders_only(**kw) -> Rule:
    """A page that creates records in the user's own cities (planning a visit, registering or
    importing KSMs): facilitators of any city and Pusat may; a user who reads an area but
    records nowhere is refused (403); a user with no area at all finds nothing (404)."""
    outcomes = {ANON: LOGIN, **dict.fromkeys(ALL, 403), **dict.fromkeys(RECORDERS, 200)}
    return Rule({**outcomes, "unassigned": 404}, **kw)


def staff_only(pusat: int = 200, **kw) -> Rule:
    """The Django admin: Pusat only; everyone else is sent to the admin's login page."""
    return Rule({ANON: LOGIN, **dict.fromkeys(ALL, LOGIN), "pusat": pusat}, **kw)


def api_list(**kw) -> Rule:
    """An API list: 401 without a token or session (never a login page); for everyone signed
    in, the rows of their own area (an empty list for a user with no area)."""
    return Rule({ANON: 401, **dict.fromkeys(ALL, 200)}, **kw)


def api_city_read(**kw) -> Rule:
    """An API record of our city: readable inside its area, 404 outside, 401 signed out."""
    return Rule({ANON: 401, **dict.fromkeys(INSIDE, 200), **dict.fromkeys(OUTSIDE, 404)}, **kw)


def pusat_only(**kw) -> Rule:
    """A page of Pusat's alone: readers of an area are refused (403), a user without one 404."""
    outcomes = {ANON: LOGIN, **dict.fromkeys(ALL, 403), "pusat": 200}
    return Rule({**outcomes, "unassigned": 404}, **kw)


TARGET = lambda w: {"pk": w.ours["target"].pk}  # noqa: E731


def hook_registrars(**kw) -> Rule:
    """The webhook pages about no particular hook: Pusat and the Korkot of any city; other
    roles are refused (403); a user with no area at all finds nothing (404)."""
    outcomes = {ANON: LOGIN, **dict.fromkeys(ALL, 403), **dict.fromkeys(REGISTRARS, 200)}
    return Rule({**outcomes, "unassigned": 404}, **kw)


def our_hook(ok: int = 200, **kw) -> Rule:
    """A webhook of our city (our Korkot's): our Korkot and Pusat; the other city's Korkot
    finds nothing (404); other roles are refused (403), as on the list."""
    outcomes = {ANON: LOGIN, **dict.fromkeys(ALL, 403), "korkot": ok, "pusat": ok}
    return Rule(
        {**outcomes, "korkot_other": 404, "unassigned": 404},
        kwargs=lambda w: {"pk": w.ours["webhook"].pk},
        **kw,
    )


# Who registers webhooks: Pusat, and a Korkot for their own city.
REGISTRARS = ("korkot", "korkot_other", "pusat")
# Those who record in some city: facilitators (of any city) and Pusat.
RECORDERS = ("fasilitator", "fasilitator_other", "pusat")
VISIT = lambda w: {"code": w.ours["visit"].code}  # noqa: E731
# A finding whose only action has no progress yet, so its author may still remove it.
FINDING = lambda w: {"code": w.ours["visit"].code, "pk": w.ours["rktl_fresh"].finding_id}  # noqa: E731

MEMBER = lambda w: {"code": w.ours["ksm"].code, "pk": w.ours["ksm"].members.first().pk}  # noqa: E731
PRODUCT = lambda w: {"code": w.ours["ksm"].code, "pk": w.ours["ksm"].products.first().pk}  # noqa: E731


RULES: dict[str, Rule] = {
    "home": signed_in(),
    # The API: signed in by a token (tests/api) or, for its documentation page, the session.
    "api:api-root": api_list(),
    # The schema and its documentation page describe the API and hold no data.
    "api:schema": public(),
    "api:docs": public(),
    "api:province-list": api_list(),
    "api:province-detail": api_city_read(kwargs=lambda w: {"code": w.metro.province.code}),
    "api:city-list": api_list(),
    "api:city-detail": api_city_read(kwargs=lambda w: {"code": w.metro.code}),
    # API tokens: everyone signed in makes their own; Pusat sees and revokes everyone's.
    "api:tokens": signed_in(),
    "api:all_tokens": Rule(
        {ANON: LOGIN, **dict.fromkeys(ALL, 403), "unassigned": 404, "pusat": 200}
    ),
    # Revoking our Korkot's token (GET asks first): its owner and Pusat; nobody else finds it.
    "api:token_revoke": Rule(
        {ANON: LOGIN, **dict.fromkeys(ALL, 404), "korkot": 200, "pusat": 200},
        kwargs=lambda w: {"pk": w.ours["api_token"].pk},
    ),
    # Feeds for Excel and Power BI: a filtered list of the user's own area, as a file.
    **{
        f"api:feed-{name}-{fmt}": api_list()
        for name in ("rktl-items", "visits", "attendance", "ksms")
        for fmt in ("csv", "xlsx")
    },
    "api:bdc-list": api_list(),
    "api:bdc-detail": api_city_read(kwargs=lambda w: {"code": w.metro.code}),
    "api:ksm-list": api_list(),
    "api:ksm-detail": api_city_read(kwargs=lambda w: {"code": w.ours["ksm"].code}),
    # A KSM's members through the API: adding one is like adding one on its page (the test
    # client skips the session's CSRF check; tests/api checks it); reading them needs the
    # city's personal data, which the Pemda viewer does not see (403).
    "api:ksm-member-list": Rule(
        {
            ANON: 401,
            **dict.fromkeys(INSIDE, 403),
            **dict.fromkeys(OUTSIDE, 404),
            "fasilitator": 201,
            "pusat": 201,
        },
        method="POST",
        kwargs=lambda w: {"ksm_code": w.ours["ksm"].code},
        data=lambda w: {"name": "Dewi", "gender": "P"},
    ),
    "api:ksm-member-detail": Rule(
        {ANON: 401, **dict.fromkeys(INSIDE, 200), **dict.fromkeys(OUTSIDE, 404), "pemda": 403},
        kwargs=lambda w: {"ksm_code": w.ours["ksm"].code, "pk": w.ours["ksm"].members.first().pk},
    ),
    "api:visit-list": api_list(),
    "api:visit-detail": api_city_read(kwargs=VISIT),
    "api:rktl-item-list": api_list(),
    "api:rktl-item-detail": api_city_read(kwargs=lambda w: {"code": w.ours["rktl"].code}),
    # Reporting progress on an open item: its city's facilitator and Pusat (an empty form is
    # 400), readers 403, outsiders 404. The test client skips CSRF, as it does for the pages;
    # a browser session must send the token (DRF's SessionAuthentication enforces it).
    "api:rktl-item-progress": Rule(
        {
            ANON: 401,
            **dict.fromkeys(INSIDE, 403),
            **dict.fromkeys(OUTSIDE, 404),
            "fasilitator": 400,
            "pusat": 400,
        },
        method="POST",
        kwargs=lambda w: {"code": w.ours["rktl"].code},
    ),
    # Verifying an item done: Korkot, KMW and Pusat (an empty form is 400).
    "api:rktl-item-verify": Rule(
        {
            ANON: 401,
            **dict.fromkeys(INSIDE, 403),
            **dict.fromkeys(OUTSIDE, 404),
            "korkot": 400,
            "kmw": 400,
            "pusat": 400,
        },
        method="POST",
        kwargs=lambda w: {"code": w.ours["rktl_done"].code},
    ),
    # Uploaded files for API clients: readable like the record they belong to.
    "api:file": api_city_read(
        url=lambda w: reverse("api:file", args=[w.ours["visit"].attachments.first().file.name])
    ),
    "healthz": public(),
    # The offline app: its files are public (a service worker updates signed out too); what a
    # phone keeps, and the outbox page, are the signed-in user's own.
    "service_worker": public(),
    "web_manifest": public(),
    "favicon": public(301),
    "offline_outbox": signed_in(),
    "offline_kit": signed_in(),
    # Uploaded files: readable like the record they belong to.
    # Prepared files: the page lists the user's own; a file is its asker's alone (a Korkot's
    # file of Metro here), while they still read its area.
    "downloads": signed_in(),
    "download_file": Rule(
        {ANON: LOGIN, **dict.fromkeys(ALL, 404), "korkot": 200},
        kwargs=lambda w: {"pk": w.ours["download"].pk},
    ),
    "media": city_read(
        url=lambda w: w.ours["visit"].attachments.first().file.url,
    ),
    "login": public(),
    "logout": public(LOGIN, method="POST"),
    "set_language": public(302, method="POST", data=lambda w: {"language": "en", "next": "/"}),
    "monitoring:visit_list": signed_in(),
    "monitoring:visit_detail": city_read(kwargs=VISIT),
    # Planning: facilitators and Pusat only; readers of an area are refused (403).
    "monitoring:visit_create": recorders_only(),
    "monitoring:visit_edit": Rule(
        {
            ANON: LOGIN,
            **dict.fromkeys(INSIDE, 403),
            **dict.fromkeys(OUTSIDE, 404),
            "fasilitator": 200,
            "pusat": 200,
        },
        kwargs=VISIT,
    ),
    "monitoring:visit_section": city_write(
        kwargs=lambda w: {"code": w.ours["visit"].code, "section": "plan"},
        ok=422,  # an empty plan form: allowed, and refused for its missing fields
    ),
    "monitoring:attachment_add": city_write(kwargs=VISIT, ok=422),
    "monitoring:attachment_delete": city_write(
        kwargs=lambda w: {
            "code": w.ours["visit"].code,
            "pk": w.ours["visit"].attachments.first().pk,
        }
    ),
    "monitoring:finding_add": city_write(kwargs=VISIT, ok=422),
    "monitoring:finding_delete": city_write(kwargs=FINDING),
    "monitoring:rktl_add": city_write(kwargs=FINDING, ok=422),
    "monitoring:rktl_delete": city_write(
        kwargs=lambda w: {"code": w.ours["visit"].code, "pk": w.ours["rktl_fresh"].pk},
    ),
    # Our visit is an incomplete draft: its writers are refused with 409 (the page says why).
    "monitoring:visit_submit": city_write(ok=409, kwargs=VISIT),
    # Our visit is a draft: only its author may cancel it (an empty reason is allowed).
    "monitoring:visit_cancel": city_write(kwargs=VISIT, writers=("fasilitator",)),
    # Our visit is a draft: nobody may reopen it (only approved visits are reopened).
    "monitoring:visit_reopen": Rule(
        {ANON: LOGIN, **dict.fromkeys(INSIDE, 403), **dict.fromkeys(OUTSIDE, 404)},
        method="POST",
        kwargs=VISIT,
    ),
    # Our visit is a draft: nobody may review it yet, and outsiders do not see it.
    "monitoring:visit_review": Rule(
        {ANON: LOGIN, **dict.fromkeys(INSIDE, 403), **dict.fromkeys(OUTSIDE, 404)},
        method="POST",
        kwargs=VISIT,
    ),
    "monitoring:rktl_detail": city_read(kwargs=lambda w: {"code": w.ours["rktl"].code}),
    "monitoring:rktl_list": signed_in(),
    "monitoring:rktl_export": signed_in(),
    "monitoring:rktl_export_csv": signed_in(),
    # An open item: its city's facilitator (and Pusat) report progress; an empty form is 422.
    "monitoring:rktl_progress": city_write(ok=422, kwargs=lambda w: {"code": w.ours["rktl"].code}),
    # An item done and awaiting verification: Korkot, KMW and Pusat verify.
    "monitoring:rktl_verify": city_write(
        ok=422,
        writers=("korkot", "kmw", "pusat"),
        kwargs=lambda w: {"code": w.ours["rktl_done"].code},
    ),
    # Asking for a new deadline: the city's facilitator (and Pusat); an empty form is 422.
    "monitoring:rktl_deadline": city_write(ok=422, kwargs=lambda w: {"code": w.ours["rktl"].code}),
    # Deciding on a facilitator's pending request: Korkot, KMW and Pusat.
    "monitoring:rktl_deadline_decide": city_write(
        ok=422,
        writers=("korkot", "kmw", "pusat"),
        kwargs=lambda w: {
            "code": w.ours["rktl_done"].code,
            "pk": w.ours["deadline_request"].pk,
        },
    ),
    # Notifications: one's own, signed in; an unsubscribe link works signed out.
    "notifications:list": signed_in(),
    "notifications:settings": signed_in(),
    "notifications:read_all": signed_in(302, method="POST"),
    # Opening a notice: its recipient only; everyone else finds nothing.
    "notifications:open": Rule(
        {ANON: LOGIN, **dict.fromkeys(ALL, 404), "korkot": 302},
        method="POST",
        kwargs=lambda w: {"pk": w.ours["notification"].pk},
    ),
    "notifications:unsubscribe": public(
        kwargs=lambda w: {"token": unsubscribe_token(w.users["korkot"], "rktl_done")}
    ),
    # Webhooks: the list and the form; a hook's page, form and actions (tests/webhooks).
    "webhooks:hook_list": hook_registrars(),
    "webhooks:hook_create": hook_registrars(),
    "webhooks:hook_detail": our_hook(),
    "webhooks:hook_edit": our_hook(),
    "webhooks:hook_ping": our_hook(302, method="POST"),
    "webhooks:hook_resume": our_hook(302, method="POST"),
    "webhooks:hook_rotate": our_hook(302, method="POST"),
    "webhooks:hook_delete": our_hook(302, method="POST"),
    "ksm:ksm_detail": city_read(kwargs=lambda w: {"code": w.ours["ksm"].code}),
    "bdc:bdc_detail": city_read(kwargs=lambda w: {"city_code": w.metro.code}),
    "monitoring:dashboard": signed_in(),
    # Targets: set by Pusat; every reader of an area is refused (403), a user with no area
    # finds nothing (404). Others read targets on the dashboard.
    "monitoring:target_list": pusat_only(),
    "monitoring:target_create": pusat_only(),
    "monitoring:target_edit": pusat_only(kwargs=TARGET),
    # PDF reports: read like the pages they print; the RKTL report shows only the user's area.
    "monitoring:visit_report_pdf": city_read(kwargs=VISIT),
    "monitoring:rktl_report_pdf": signed_in(),
    "bdc:bdc_profile_pdf": city_read(kwargs=lambda w: {"city_code": w.metro.code}),
    "ksm:ksm_list": signed_in(),
    "monitoring:city_detail": city_read(kwargs=lambda w: {"code": w.metro.code}),
    # Maps: a city's map and its data read like the city page; the area map shows the user's
    # own cities (none for a user without an area).
    "monitoring:city_map": city_read(kwargs=lambda w: {"code": w.metro.code}),
    "monitoring:city_map_data": city_read(kwargs=lambda w: {"code": w.metro.code}),
    "monitoring:area_map": signed_in(),
    "monitoring:area_map_data": signed_in(),
    # Adding or editing an outlet (and its position): like changing the BDC's records.
    "bdc:outlet_add": Rule(
        {
            ANON: LOGIN,
            **dict.fromkeys(INSIDE, 403),
            **dict.fromkeys(OUTSIDE, 404),
            "fasilitator": 200,
            "pusat": 200,
        },
        kwargs=lambda w: {"city_code": w.metro.code},
    ),
    "bdc:outlet_edit": Rule(
        {
            ANON: LOGIN,
            **dict.fromkeys(INSIDE, 403),
            **dict.fromkeys(OUTSIDE, 404),
            "fasilitator": 200,
            "pusat": 200,
        },
        kwargs=lambda w: {"city_code": w.metro.code, "pk": w.ours["outlet"].pk},
    ),
    # Importing the Komite/Pengelola list: like changing the BDC's records.
    "bdc:people_import": Rule(
        {
            ANON: LOGIN,
            **dict.fromkeys(INSIDE, 403),
            **dict.fromkeys(OUTSIDE, 404),
            "fasilitator": 200,
            "pusat": 200,
        },
        kwargs=lambda w: {"city_code": w.metro.code},
    ),
    "bdc:people_import_template": Rule(
        {
            ANON: LOGIN,
            **dict.fromkeys(INSIDE, 403),
            **dict.fromkeys(OUTSIDE, 404),
            "fasilitator": 200,
            "pusat": 200,
        },
        kwargs=lambda w: {"city_code": w.metro.code},
    ),
    # The Quick Status file holds only the user's area; without a year it is the choice page.
    "ksm:quick_status": signed_in(),
    # Importing KSMs: like registering one, facilitators and Pusat only.
    "ksm:ksm_import": recorders_only(),
    "ksm:ksm_import_template": recorders_only(),
    # Registering a KSM: facilitators and Pusat only; readers of an area are refused (403).
    "ksm:ksm_create": recorders_only(),
    # The KSM forms of our city: its facilitator and Pusat get the form, readers 403.
    "ksm:ksm_edit": Rule(
        {
            ANON: LOGIN,
            **dict.fromkeys(INSIDE, 403),
            **dict.fromkeys(OUTSIDE, 404),
            "fasilitator": 200,
            "pusat": 200,
        },
        kwargs=lambda w: {"code": w.ours["ksm"].code},
    ),
    "ksm:member_add": Rule(
        {
            ANON: LOGIN,
            **dict.fromkeys(INSIDE, 403),
            **dict.fromkeys(OUTSIDE, 404),
            "fasilitator": 200,
            "pusat": 200,
        },
        kwargs=lambda w: {"code": w.ours["ksm"].code},
    ),
    "ksm:product_add": Rule(
        {
            ANON: LOGIN,
            **dict.fromkeys(INSIDE, 403),
            **dict.fromkeys(OUTSIDE, 404),
            "fasilitator": 200,
            "pusat": 200,
        },
        kwargs=lambda w: {"code": w.ours["ksm"].code},
    ),
    # Editing and removing a member or product: those who may add them (ksm/access.py).
    "ksm:member_edit": Rule(
        {
            ANON: LOGIN,
            **dict.fromkeys(INSIDE, 403),
            **dict.fromkeys(OUTSIDE, 404),
            "fasilitator": 200,
            "pusat": 200,
        },
        kwargs=MEMBER,
    ),
    "ksm:member_delete": city_write(kwargs=MEMBER),
    "ksm:product_edit": Rule(
        {
            ANON: LOGIN,
            **dict.fromkeys(INSIDE, 403),
            **dict.fromkeys(OUTSIDE, 404),
            "fasilitator": 200,
            "pusat": 200,
        },
        kwargs=PRODUCT,
    ),
    "ksm:product_delete": city_write(kwargs=PRODUCT),
    "ksm:assessment_add": Rule(
        {
            ANON: LOGIN,
            **dict.fromkeys(INSIDE, 403),
            **dict.fromkeys(OUTSIDE, 404),
            "fasilitator": 200,
            "pusat": 200,
        },
        kwargs=lambda w: {"code": w.ours["ksm"].code},
    ),
}


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}" if p.name else None, prefix + str(p.pattern), p


def project_urls() -> list[tuple[str | None, str]]:
    return [(name, route) for name, route, _ in _walk(get_resolver().url_patterns)]


# ---- The Django admin: every pattern, built from the registry --------------------------------

ADMIN_OBJECT_VIEWS = ("change", "history", "delete")


class _Superuser:
    is_active = is_staff = is_superuser = True

    def has_perm(self, perm, obj=None):
        return True


SUPERUSER_REQUEST = type("Request", (), {"user": _Superuser(), "method": "GET"})()


def _admin_rule(name: str) -> Rule | None:
    short = name.removeprefix("admin:")
    if short in {"index", "password_change", "password_change_done", "jsi18n"}:
        return staff_only()
    if short == "autocomplete":
        return staff_only(
            data=lambda w: {"app_label": "monitoring", "model_name": "visit", "field_name": "city"}
        )
    if short == "logout":
        return None  # POST-only sign-out of the admin, covered by `logout`
    if short == "login":
        return Rule({ANON: 200, **dict.fromkeys(ALL, 200), "pusat": 302})
    if short == "view_on_site":
        return None  # redirects to a model's get_absolute_url; no model defines one
    if short == "app_list":
        return None  # expanded per app below
    for model, model_admin in admin.site._registry.items():
        base = f"{model._meta.app_label}_{model._meta.model_name}_"
        if short.startswith(base):
            view = short.removeprefix(base)
            # Where a ModelAdmin forbids a view on purpose (axes' logs, view-only reviews),
            # even Pusat gets 403: read from the ModelAdmin's own permission methods.
            allowed = {
                "add": model_admin.has_add_permission(SUPERUSER_REQUEST),
                "delete": model_admin.has_delete_permission(SUPERUSER_REQUEST),
            }.get(view, True)
            pusat = 200 if allowed else 403
            if view in {"changelist", "add"}:
                return staff_only(pusat)
            if view in ADMIN_OBJECT_VIEWS:
                return staff_only(pusat, kwargs=lambda w, m=model: {"object_id": _any_pk(m)})
            if view == "simple_history":
                return staff_only(url=lambda w, m=model, n=name: reverse(n, args=_history_args(m)))
            if view == "password_change":
                return staff_only(kwargs=lambda w: {"id": w.users["pusat"].pk})
    return None


def _history_args(model) -> list:
    record = model.history.order_by("history_id").first()
    assert record is not None, f"the test world has no history of {model.__name__}"
    return [record.id, record.history_id]


def _unnamed_admin_rule(route: str) -> Rule | None:
    """Admin patterns without a name: the old object URL that redirects to the change page,
    and the catch-all that answers unknown admin paths."""
    if route.endswith("<path:object_id>/"):
        app_model = route.removeprefix("admin/").split("/")[:2]
        model = apps.get_model(*app_model)
        return staff_only(
            302,
            url=lambda w, m=model, r=route: "/" + r.replace("<path:object_id>", str(_any_pk(m))),
        )
    if route == "admin/(?P<url>.*)$":
        return staff_only(404, url=lambda w: "/admin/no-such-page/")
    return None


def _any_pk(model) -> int:
    obj = model.objects.order_by("pk").first()
    assert obj is not None, f"the test world has no {model.__name__}"
    return obj.pk


def _cases():
    for name, route in project_urls():
        if name is None:
            rule = _unnamed_admin_rule(route) if route.startswith("admin/") else None
            if rule is not None:
                yield route, None, rule
            continue
        if name == "admin:app_list":
            for app_label in sorted({m._meta.app_label for m in admin.site._registry}):
                rule = staff_only(kwargs=lambda w, a=app_label: {"app_label": a})
                yield f"{name}[{app_label}]", name, rule
            continue
        rule = RULES.get(name) or (_admin_rule(name) if name.startswith("admin:") else None)
        if rule is not None:
            yield name, name, rule


UNCOVERED_ADMIN = {"admin:logout", "admin:view_on_site"}


def test_every_url_pattern_is_declared():
    undeclared = []
    for name, route in project_urls():
        if name is None:
            if not (route.startswith("admin/") and _unnamed_admin_rule(route)):
                undeclared.append(route)
        elif name.startswith("admin:"):
            if name not in UNCOVERED_ADMIN and name != "admin:app_list" and not _admin_rule(name):
                undeclared.append(name)
        elif name not in RULES:
            undeclared.append(name)
    assert not undeclared, f"declare the expected outcome of these views in RULES: {undeclared}"


def test_no_declaration_is_left_over():
    names = {name for name, _ in project_urls()}
    assert not set(RULES) - names


CASES = list(_cases())


@pytest.fixture(scope="module")
def signed_in_sessions(shared_world, django_db_blocker) -> dict[str, str]:
    """A session of each persona, made once per module inside the shared world's transaction.

    Signing in through the client for each of the ~3,000 requests below cost a quarter of the
    matrix's time (django-axes logs every sign-in and sign-out); the views meet the same
    signed-in session either way.
    """
    engine = import_module(settings.SESSION_ENGINE)
    # The backend Client.force_login would record: the first that can load a user.
    backend = next(
        b for b in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(b), "get_user")
    )
    keys = {}
    with django_db_blocker.unblock():
        for persona, user in shared_world.users.items():
            session = engine.SessionStore()
            session[SESSION_KEY] = user._meta.pk.value_to_string(user)
            session[BACKEND_SESSION_KEY] = backend
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.save()
            keys[persona] = session.session_key
    return keys


@pytest.mark.parametrize(("case", "name", "rule"), CASES, ids=[c[0] for c in CASES])
def test_view_answers_every_persona_as_declared(
    client, records, signed_in_sessions, case, name, rule
):
    world = records
    kwargs = rule.kwargs(world)
    url = rule.url(world) if rule.url else reverse(name, kwargs=kwargs)
    got = {}
    for persona in rule.outcomes:
        # Each persona meets the same world: whatever one of them changes (their session
        # included) is rolled back.
        with transaction.atomic():
            client.cookies.clear()
            if persona != ANON:
                client.cookies[settings.SESSION_COOKIE_NAME] = signed_in_sessions[persona]
            call = client.post if rule.method == "POST" else client.get
            response = call(url, rule.data(world))
            transaction.set_rollback(True)
        got[persona] = response.status_code
        if response.status_code == 302 and "/login/" in response["Location"]:
            got[persona] = LOGIN
    wrong = {p: (got[p], want) for p, want in rule.outcomes.items() if got[p] != want}
    assert not wrong, f"{rule.method} {url}: persona -> (got, declared): {wrong}"


def matrix_size() -> tuple[int, int]:
    """(views, requests) checked; printed at the end of every run by tests/conftest.py."""
    return len(CASES), sum(len(rule.outcomes) for _, _, rule in CASES)


def test_the_matrix_covers_every_persona_for_every_view():
    for case, _, rule in CASES:
        assert set(rule.outcomes) == {ANON, *ALL}, f"{case} leaves out a persona"
    views, requests = matrix_size()
    assert requests == views * (len(ALL) + 1)


def test_every_model_is_reachable_in_the_admin():
    """On a page of its own, or as an inline on the page of the record it belongs to."""
    ours = {"kotaku", "notifications", "webhooks", "bdc", "ksm", "monitoring"}
    inlines = {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    # Bookkeeping no one edits or reads as a record: what the triggers count (kotaku.versions).
    internal = {"CityVersion"}
    missing = [
        m.__name__
        for m in apps.get_models()
        if m._meta.app_label in ours
        and not m.__name__.startswith("Historical")
        and m.__name__ not in internal
        and m not in admin.site._registry
        and m not in inlines
    ]
    assert not missing, f"register these models in the admin, or show them inline: {missing}"
