"""The pages where people make and revoke their API tokens, and where Pusat sees everyone's.

A new token is shown once, in the answer to the POST that made it: it is never stored in
clear (not even in the session), so reloading the page cannot show it again.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from api.forms import TokenCreateForm, TokenFilterForm
from api.models import ApiToken
from kotaku.access import refusal, scope_for

# An example address for the curl line shown with a new token: a list every user may read.
EXAMPLE_PATH = "/api/v1/cities/?page_size=100"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's own tokens, and the form that makes a new one."""
    form = TokenCreateForm(request.POST or None)
    context = {"form": form, "national": scope_for(request.user).national}
    status = 200
    if form.is_valid():
        token, raw = ApiToken.objects.issue(
            user=request.user,
            name=form.cleaned_data["name"],
            read_only=form.cleaned_data["read_only"],
            lifetime=form.cleaned_data["lifetime"],
        )
        context.update(
            new_token=token,
            raw=raw,
            example_url=settings.SITE_URL + EXAMPLE_PATH,
            form=TokenCreateForm(),
        )
        status = 201
    elif form.is_bound:
        status = 422
    context["tokens"] = request.user.api_tokens.select_related("revoked_by")
    return render(request, "api/token_list.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation, POST revokes. Someone else's token is not found (404),
    except for Pusat, who may revoke anyone's."""
    token = get_object_or_404(
        ApiToken.objects.revocable_by(request.user).select_related("user"), pk=pk
    )
    own = token.user_id == request.user.pk
    back = "api:tokens" if own else "api:all_tokens"
    if request.method == "POST":
        if ApiToken.objects.filter(pk=token.pk).revoke(by=request.user):
            messages.success(
                request,
                _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name},
            )
        else:
            messages.info(request, _("This token was already revoked."))
        return redirect(back)
    return render(request, "api/token_revoke.html", {"token": token, "own": own, "back": back})


@require_safe
def all_tokens(request: HttpRequest) -> HttpResponse:
    """Pusat: every user's tokens, revoked ones too (for the audit), newest first."""
    if not scope_for(request.user).national:
        raise refusal(request.user)
    filters = TokenFilterForm(request.GET or None)
    tokens = ApiToken.objects.select_related("user", "revoked_by").order_by("-created_at", "-pk")
    if filters.is_valid():
        if who := filters.cleaned_data["user"].strip():
            tokens = tokens.filter(
                Q(user__username__icontains=who)
                | Q(user__first_name__icontains=who)
                | Q(user__last_name__icontains=who)
            )
        if status := filters.cleaned_data["status"]:
            tokens = tokens.with_status(status)
    page = Paginator(tokens, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filters": filters, "query": query.urlencode()}
    return render(request, "api/all_tokens.html", context)
