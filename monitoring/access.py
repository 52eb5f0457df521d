"""Fetching monitoring records for a user: scoped in the query, so outsiders get 404.

A user who may read a record but not change it gets 403 from the `..._for_editing` helpers.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from kotaku.access import scope_for
from monitoring.models import Attachment, Evidence, RktlItem, Visit


def get_visit_for_user(user, code: str) -> Visit:
    visits = Visit.objects.visible_to(user).select_related(
        "city__province", "created_by", "template"
    )
    return get_object_or_404(visits, code=code)


def can_edit_visit(user, visit: Visit) -> bool:
    """Facilitators edit their own visits while drafts or sent back; Pusat may always fix them."""
    scope = scope_for(user)
    if scope.national:
        return visit.status != Visit.Status.APPROVED
    return (
        visit.city_id in scope.writable_cities
        and visit.created_by_id == user.pk
        and visit.is_editable_by_author
    )


def get_visit_for_editing(user, code: str) -> Visit:
    visit = get_visit_for_user(user, code)
    if not can_edit_visit(user, visit):
        raise PermissionDenied
    return visit


def get_rktl_for_user(user, code: str) -> RktlItem:
    items = RktlItem.objects.visible_to(user).select_related(
        "city__province", "finding__visit", "finding__item", "created_by"
    )
    return get_object_or_404(items, code=code)


def may_read_attachment_file(user, path: str) -> bool:
    """Whether `path` (under visits/) is a photo or document of a visit the user may read."""
    attachments = Attachment.objects.visible_to(user)
    return attachments.filter(Q(file=path) | Q(web_image=path)).exists()


def may_read_evidence_file(user, path: str) -> bool:
    """Whether `path` (under rktl/) is evidence of an RKTL item the user may read."""
    items = RktlItem.objects.visible_to(user)
    return Evidence.objects.filter(update__item__in=items, file=path).exists()
