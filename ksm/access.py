from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ksm.models import Ksm


def get_ksm_for_user(user, code: str) -> Ksm:
    """The KSM with this code, if the user may read it; 404 otherwise."""
    ksms = Ksm.objects.visible_to(user).select_related("city__province", "kelurahan__kecamatan")
    return get_object_or_404(ksms, code=code)


def can_change_ksm(user, ksm: Ksm) -> bool:
    """Whether the user may edit the KSM and record its members, products and assessments
    (facilitators of its city, and Pusat). Runs one query."""
    return Ksm.objects.changeable_by(user).filter(pk=ksm.pk).exists()


def get_ksm_for_editing(user, code: str) -> Ksm:
    """The KSM for a change: 404 when the user may not read it, 403 when they may only read it."""
    ksm = get_ksm_for_user(user, code)
    if not can_change_ksm(user, ksm):
        raise PermissionDenied
    return ksm
