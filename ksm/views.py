from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Value
from django.db.models.functions import Concat
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kotaku.access import (
    can_see_personal_data,
    cities_writable_by,
    refusal,
)
from kotaku.filter_html import filters_key
from kotaku.history import audit_trail
from kotaku.kept import (
    KeptCountPaginator,
    kept_area_html,
    kept_for_area,
    kept_list_count,
    kept_rows,
    list_signature,
    request_version,
)
from kotaku.lib.people import gender_totals
from kotaku.models import Kelurahan
from kotaku.replica import reads_from_replica
from ksm import services
from ksm.access import (
    can_change_ksm,
    can_register_ksms,
    get_ksm_for_editing,
    get_ksm_for_user,
    get_member_for_editing,
    get_product_for_editing,
)
from ksm.forms import (
    AssessmentForm,
    KsmFilterForm,
    KsmForm,
    MemberEditForm,
    MemberForm,
    ProductForm,
)
from ksm.hooks import ksm_page
from ksm.models import Ksm, MaturityCriterion, Member, Product, active_member_count
from ksm.templatetags.ksm_rows import ksm_row

# The KSM's own fields that are a person's details: hidden from readers without personal data.
PERSONAL_KSM_FIELDS = frozenset({"chair_name", "phone"})


# A search matching at most this many KSMs is sorted from its matches (read through the
# trigram indexes); one matching more walks the name index until a page is full.
SORT_MATCHES_UP_TO = 5000
PER_PAGE = 25


def search_matches(matching) -> list[int] | None:
    """The ids of a search's matches in the registry's order (by name), when there are at most
    SORT_MATCHES_UP_TO; None when there are more.

    Ordered by the plain name, PostgreSQL walks the name index and tests each KSM against the
    search: fast when the words are common, but a word found only in names late in the
    alphabet read 93,000 KSMs to fill a page. Ordered by an expression (the same order), it
    collects the matches through the trigram indexes and sorts them: fast when they are few.
    Their ids, read once, give the count and every page, where a count and then the page's
    rows each read the matches again (a search of 1,400 matches: 7 ms, down from 18)."""
    by_name = matching.order_by(Concat("name", Value("")), "id")
    ids = list(by_name.values_list("pk", flat=True)[: SORT_MATCHES_UP_TO + 1])
    return ids if len(ids) <= SORT_MATCHES_UP_TO else None


class MatchedRows:
    """A search's matches for a paginator, known by their ids in order: len() is their count,
    and a page reads its own rows by id (from `rows`, the user's KSMs with the list's columns)."""

    def __init__(self, ids: list[int], rows):
        self.ids, self.rows = ids, rows

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: slice) -> "PageOfMatches":
        return PageOfMatches(self.ids[index], self.rows)


class PageOfMatches:
    """A page of a search's matches, whose rows are read when iterated (not when the page is
    cut, as the page's rows may be kept as HTML: kotaku.kept.kept_rows)."""

    def __init__(self, ids: list[int], rows):
        self.ids, self.rows = ids, rows

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self):
        by_id = self.rows.in_bulk(self.ids)
        return iter([by_id[pk] for pk in self.ids if pk in by_id])


def with_list_columns(ksms):
    """What a row of the registry shows besides the KSM: its place, members and flagships."""
    return (
        ksms.select_related("city", "kelurahan")
        .annotate(member_count=active_member_count())
        .prefetch_related(
            Prefetch(
                "products", queryset=Product.objects.filter(is_flagship=True), to_attr="flagships"
            )
        )
    )


@require_safe
@reads_from_replica
def ksm_list(request: HttpRequest) -> HttpResponse:
    request_version(request)  # before the filters' choices: what is kept is read after it
    user = request.user
    visible = Ksm.objects.visible_to(user)
    filters = KsmFilterForm.for_user(request.GET or None, user)
    matching = filters.filter(visible)
    searched = bool(getattr(filters, "cleaned_data", {}).get("q"))
    ids = None
    if searched:  # the matches' ids, read through the trigram indexes, kept as rows are
        what = f"ksm-search|{list_signature(request, 'ksms', ignore=('page',))}"
        ids = kept_for_area(request, what, lambda: search_matches(matching))
    pages_counted_at = None
    if ids is not None:
        # The ids came from the user's KSMs; their rows are still read from them only.
        paginator = Paginator(MatchedRows(ids, with_list_columns(visible)), PER_PAGE)
    else:
        paginator = KeptCountPaginator(with_list_columns(matching).order_by("name", "id"), PER_PAGE)
        if searched:  # more matches than are sorted: counted now, as a search is
            paginator.count = matching.count()
        else:
            paginator.count, pages_counted_at = kept_list_count(request, "ksms", matching)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    filters_html_key = filters_key(user, filters)
    context = {
        "page": page,
        # Read and written only when the user's cities changed since the page was last shown.
        "rows": kept_rows(request, "ksms", page, lambda: "".join(map(ksm_row, page.object_list))),
        "filters": filters,
        "filters_key": filters_html_key,
        "kelurahan_filter": kept_area_html(
            request,
            f"ksm-kelurahan|{filters_html_key}",
            lambda: render_to_string("ksm/_kelurahan_filter.html", {"filters": filters}),
        ),
        "can_add": can_register_ksms(user),
        "query": query.urlencode(),
        "pages_counted_at": pages_counted_at,
    }
    return render(request, "ksm/ksm_list.html", context)


@require_safe
def ksm_detail(request: HttpRequest, code: str) -> HttpResponse:
    ksm = get_ksm_for_user(request.user, code)
    members = ksm.members.all()
    # Members' names and the group's contacts for those who work with the group; totals only
    # for the Pemda viewer, the history of members and contacts included.
    personal = can_see_personal_data(request.user, ksm.city_id)
    children = [(Member, "ksm_id"), (Product, "ksm_id")] if personal else [(Product, "ksm_id")]
    context = {
        "ksm": ksm,
        "personal_data": personal,
        "members": members if personal else None,
        "member_totals": gender_totals(members),
        "products": ksm.products.all(),
        "assessments": ksm.assessments.select_related("assessed_by"),
        "history": audit_trail(
            ksm, children, hidden_fields=frozenset() if personal else PERSONAL_KSM_FIELDS
        ),
        "can_edit": can_change_ksm(request.user, ksm),
        # The visits to the group and their open RKTL items (monitoring registers them).
        **ksm_page.merged(request.user, ksm),
    }
    return render(request, "ksm/ksm_detail.html", context)


def _save_child(form) -> None:
    """Save a member or product: the row and its KSM's updated_at (kotaku.lib.touch, for the
    API's sync) in one transaction."""
    with transaction.atomic():
        form.save()


def _writable_kelurahans(user):
    return Kelurahan.objects.filter(kecamatan__city__in=cities_writable_by(user))


def _form_page(
    request, form, *, title: str, ksm: Ksm | None = None, remove: tuple[str, str] | None = None
) -> HttpResponse:
    """The form page; `remove` is (url, button label) for a record that can be removed."""
    status = 422 if form.is_bound else 200  # a bound form here failed validation
    context = {"form": form, "title": title, "ksm": ksm, "remove": remove}
    return render(request, "ksm/ksm_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def ksm_create(request: HttpRequest) -> HttpResponse:
    if not can_register_ksms(request.user):
        raise refusal(request.user)  # only facilitators (and Pusat) register KSMs
    form = KsmForm(request.POST or None, kelurahans=_writable_kelurahans(request.user))
    if request.method == "POST" and form.is_valid():
        ksm = form.save()
        messages.success(request, _("KSM registered."))
        return redirect("ksm:ksm_detail", ksm.code)
    return _form_page(request, form, title=_("Add KSM"))


@require_http_methods(["GET", "POST"])
def ksm_edit(request: HttpRequest, code: str) -> HttpResponse:
    ksm = get_ksm_for_editing(request.user, code)
    form = KsmForm(
        request.POST or None, instance=ksm, kelurahans=_writable_kelurahans(request.user)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("KSM saved."))
        return redirect("ksm:ksm_detail", ksm.code)
    return _form_page(request, form, title=_("Edit KSM"), ksm=ksm)


@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, code: str) -> HttpResponse:
    ksm = get_ksm_for_editing(request.user, code)
    form = MemberForm(request.POST or None, instance=Member(ksm=ksm))
    if request.method == "POST" and form.is_valid():
        _save_child(form)
        messages.success(request, _("Member added."))
        return redirect("ksm:ksm_detail", ksm.code)
    return _form_page(request, form, title=_("Add member"), ksm=ksm)


@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    member = get_member_for_editing(request.user, code, pk)
    form = MemberEditForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        _save_child(form)
        messages.success(request, _("Member saved."))
        return redirect("ksm:ksm_detail", code)
    remove = (reverse("ksm:member_delete", args=[code, pk]), _("Remove this member"))
    return _form_page(request, form, title=_("Edit member"), ksm=member.ksm, remove=remove)


@require_POST
def member_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    member = get_member_for_editing(request.user, code, pk)
    member.delete()  # django-simple-history keeps the removal, and who made it
    messages.success(request, _("Member %(name)s removed.") % {"name": member.name})
    return redirect("ksm:ksm_detail", code)


@require_http_methods(["GET", "POST"])
def product_add(request: HttpRequest, code: str) -> HttpResponse:
    ksm = get_ksm_for_editing(request.user, code)
    form = ProductForm(request.POST or None, instance=Product(ksm=ksm))
    if request.method == "POST" and form.is_valid():
        _save_child(form)
        messages.success(request, _("Product added."))
        return redirect("ksm:ksm_detail", ksm.code)
    return _form_page(request, form, title=_("Add product"), ksm=ksm)


@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    product = get_product_for_editing(request.user, code, pk)
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        _save_child(form)
        messages.success(request, _("Product saved."))
        return redirect("ksm:ksm_detail", code)
    remove = (reverse("ksm:product_delete", args=[code, pk]), _("Remove this product"))
    return _form_page(request, form, title=_("Edit product"), ksm=product.ksm, remove=remove)


@require_POST
def product_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    product = get_product_for_editing(request.user, code, pk)
    product.delete()  # django-simple-history keeps the removal, and who made it
    messages.success(request, _("Product %(name)s removed.") % {"name": product.name})
    return redirect("ksm:ksm_detail", code)


@require_http_methods(["GET", "POST"])
def assessment_add(request: HttpRequest, code: str) -> HttpResponse:
    ksm = get_ksm_for_editing(request.user, code)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment = services.assessment_record(
            ksm=ksm,
            assessed_on=form.cleaned_data["assessed_on"],
            criteria=form.cleaned_data["criteria"],
            note=form.cleaned_data["note"],
            user=request.user,
        )
        messages.success(
            request,
            _("Assessment recorded: %(score)s of %(total)s criteria met, stage %(stage)s.")
            % {
                "score": assessment.score,
                "total": len(MaturityCriterion.values),
                "stage": assessment.get_maturity_display(),
            },
        )
        return redirect("ksm:ksm_detail", ksm.code)
    return _form_page(request, form, title=_("Record maturity assessment"), ksm=ksm)
