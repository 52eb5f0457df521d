"""Pieces shared by the monitoring app's admin pages."""

from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from monitoring.rktl_services import RktlError
from monitoring.services import WorkflowError


class RecordsUserMixin:
    """Fills a user field of new inline rows with the signed-in user (e.g. who uploaded)."""

    # {inline model: name of its user field}
    user_fields: dict = {}

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        field = self.user_fields.get(formset.model)
        if field is None:
            return super().save_formset(request, form, formset, change)
        for obj in formset.save(commit=False):
            if not getattr(obj, f"{field}_id"):
                setattr(obj, field, request.user)
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


def _visit_of(obj, path: str):
    for name in path.split("."):
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj


class FrozenVisitMixin:
    """A record of an approved (or cancelled) visit is read-only in the admin as everywhere:
    a correction after approval is a reopening, through the workflow (the visit's actions).

    `visit_path` leads from the record to its visit ("visit", "finding.visit"); the form of a
    new record refuses a frozen visit.
    """

    visit_path = "visit"

    def record_is_frozen(self, obj) -> bool:
        visit = _visit_of(obj, self.visit_path) if obj is not None else None
        return visit is not None and visit.is_frozen

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if self.record_is_frozen(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if self.record_is_frozen(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        path = self.visit_path

        class RefusesFrozenVisit(form):
            def clean(self):
                data = super().clean()
                first, _sep, rest = path.partition(".")
                parent = data.get(first)
                visit = _visit_of(parent, rest) if rest and parent is not None else parent
                if visit is not None and visit.is_frozen:
                    raise ValidationError(
                        _("This visit is approved or cancelled: its records are read-only.")
                    )
                return data

        return RefusesFrozenVisit


class FrozenVisitInlineMixin:
    """An inline of the visit page: read-only once its visit (the page's record) is frozen."""

    def _parent_frozen(self, obj) -> bool:
        return obj is not None and getattr(obj, "is_frozen", False)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return not self._parent_frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return not self._parent_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return not self._parent_frozen(obj) and super().has_delete_permission(request, obj)


class ReadOnlyAdminMixin:
    """Records made by the workflow's services, shown and never edited in the admin."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def with_reason(modeladmin, request: HttpRequest, queryset, *, title: str, label: str, apply):
    """An admin action that needs a reason: the first call shows a page asking for it, the
    second (with the reason) runs `apply(obj, reason)` for each selected record. A WorkflowError
    or RktlError of one record is reported and the others go on."""
    reason = request.POST.get("reason", "").strip()
    if "apply" not in request.POST or not reason:
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "label": label,
            "queryset": queryset,
            "action": request.POST.get("action"),
            "opts": modeladmin.model._meta,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "missing": "apply" in request.POST,
        }
        return TemplateResponse(request, "admin/monitoring/action_reason.html", context)
    run_each(modeladmin, request, queryset, lambda obj: apply(obj, reason))
    return None


def run_each(modeladmin, request: HttpRequest, queryset, apply) -> None:
    """Run `apply(obj)` for each record; say how many succeeded and why the others did not."""
    done = 0
    for obj in queryset:
        try:
            apply(obj)
        except (WorkflowError, RktlError, PermissionDenied) as error:
            modeladmin.message_user(request, f"{obj}: {error}", messages.WARNING)
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request, ngettext("%(n)d record changed.", "%(n)d records changed.", done) % {"n": done}
        )
