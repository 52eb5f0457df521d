from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from notifications.forms import PreferencesForm
from notifications.kinds import EmailMode, Kind
from notifications.models import EmailPreference, Notification
from notifications.tokens import read_unsubscribe_token


@require_http_methods(["GET", "HEAD"])
def inbox(request: HttpRequest) -> HttpResponse:
    """The user's notices they may read now, newest first: a fixed number of queries."""
    notices = Notification.objects.for_user(request.user).select_related("city")
    page = Paginator(notices, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a notice read and go to its record (which checks access again)."""
    notice = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    if notice.read_at is None:
        Notification.objects.filter(pk=notice.pk).update(read_at=timezone.now())
    if not url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None):
        return redirect("notifications:list")
    return redirect(notice.url)


@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    current = dict(request.user.email_preferences.values_list("kind", "mode"))
    form = PreferencesForm(request.POST or None, current=current)
    if form.is_valid():
        with transaction.atomic():
            for kind, mode in form.cleaned_data.items():
                EmailPreference.objects.update_or_create(
                    user=request.user, kind=kind, defaults={"mode": mode}
                )
        messages.success(request, _("Your email settings are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """A mail's unsubscribe link, signed-out: GET asks, POST stops that kind of mail."""
    found = read_unsubscribe_token(token)
    user = found and get_user_model().objects.filter(pk=found[0], is_active=True).first()
    if not user:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    kind = Kind(found[1])
    done = False
    if request.method == "POST":
        EmailPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"mode": EmailMode.OFF}
        )
        done = True
    return render(request, "notifications/unsubscribe.html", {"kind": kind, "done": done})
