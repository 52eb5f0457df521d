"""The webhook pages: the list, the form, a hook's page with its delivery log, and its actions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from webhooks import events, services
from webhooks.access import get_hook_for_user, require_registrar
from webhooks.forms import WebhookForm
from webhooks.models import Webhook, new_secret


@require_http_methods(["GET", "HEAD"])
def hook_list(request: HttpRequest) -> HttpResponse:
    require_registrar(request.user)
    hooks = Webhook.objects.manageable_by(request.user).select_related("city", "owner")
    return render(request, "webhooks/list.html", {"hooks": hooks})


@require_http_methods(["GET", "HEAD", "POST"])
def hook_create(request: HttpRequest) -> HttpResponse:
    require_registrar(request.user)
    form = WebhookForm(
        request.POST or None, instance=Webhook(owner=request.user), user=request.user
    )
    if form.is_valid():
        hook = form.save()
        messages.success(request, _("Webhook registered. Its signing secret is below."))
        return redirect("webhooks:hook_detail", hook.pk)
    return render(request, "webhooks/form.html", {"form": form, "hook": None})


@require_http_methods(["GET", "HEAD"])
def hook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The hook, its secret and its delivery log (30 a page): a fixed number of queries."""
    hook = get_hook_for_user(request.user, pk)
    deliveries = hook.deliveries.order_by("-created_at", "-id")
    page = Paginator(deliveries, 30).get_page(request.GET.get("page"))
    return render(request, "webhooks/detail.html", {"hook": hook, "page": page})


@require_http_methods(["GET", "HEAD", "POST"])
def hook_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hook = get_hook_for_user(request.user, pk)
    form = WebhookForm(request.POST or None, instance=hook, user=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Webhook saved."))
        return redirect("webhooks:hook_detail", hook.pk)
    return render(request, "webhooks/form.html", {"form": form, "hook": hook})


@require_POST
def hook_ping(request: HttpRequest, pk: int) -> HttpResponse:
    hook = get_hook_for_user(request.user, pk)
    events.ping(hook)
    messages.success(request, _("A test event is on its way: its result shows in the log below."))
    return redirect("webhooks:hook_detail", hook.pk)


@require_POST
def hook_resume(request: HttpRequest, pk: int) -> HttpResponse:
    hook = get_hook_for_user(request.user, pk)
    services.webhook_resume(hook=hook)
    messages.success(request, _("Webhook resumed: the events held meanwhile are sent now."))
    return redirect("webhooks:hook_detail", hook.pk)


@require_POST
def hook_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    hook = get_hook_for_user(request.user, pk)
    hook.secret = new_secret()
    hook.save(update_fields=["secret", "updated_at"])
    messages.success(request, _("New signing secret: deliveries from now on are signed with it."))
    return redirect("webhooks:hook_detail", hook.pk)


@require_POST
def hook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    hook = get_hook_for_user(request.user, pk)
    hook.delete()
    messages.success(request, _("Webhook removed."))
    return redirect("webhooks:hook_list")
