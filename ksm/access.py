from django.shortcuts import get_object_or_404

from kotaku.access import can_change, for_editing, scope_for
from ksm.models import Ksm, Member, Product


def can_register_ksms(user) -> bool:
    """Whether the user registers and imports KSMs somewhere (facilitators, and Pusat)."""
    return scope_for(user).may_record


def get_ksm_for_user(user, code: str) -> Ksm:
    """The KSM with this code, if the user may read it; 404 otherwise."""
    ksms = Ksm.objects.visible_to(user).select_related("city__province", "kelurahan__kecamatan")
    return get_object_or_404(ksms, code=code)


def can_change_ksm(user, ksm: Ksm) -> bool:
    """Whether the user may edit the KSM and record its members, products and assessments
    (facilitators of its city, and Pusat). Runs one query."""
    return can_change(user, ksm)


def get_ksm_for_editing(user, code: str) -> Ksm:
    """The KSM for a change: 404 when the user may not read it, 403 when they may only read it."""
    return for_editing(user, get_ksm_for_user(user, code), can_change_ksm)


def get_member_for_editing(user, code: str, pk: int) -> Member:
    """A member of the KSM, for a change or a removal: 404 when the user may not read the
    KSM or it has no such member, 403 when they may only read it (as for adding members)."""
    return get_object_or_404(get_ksm_for_editing(user, code).members, pk=pk)


def get_product_for_editing(user, code: str, pk: int) -> Product:
    """A product of the KSM, for a change or a removal; the same answers as for members."""
    return get_object_or_404(get_ksm_for_editing(user, code).products, pk=pk)
