from django.shortcuts import get_object_or_404

from ksm.models import Ksm


def get_ksm_for_user(user, code: str) -> Ksm:
    """The KSM with this code, if the user may read it; 404 otherwise."""
    ksms = Ksm.objects.visible_to(user).select_related("city__province", "kelurahan__kecamatan")
    return get_object_or_404(ksms, code=code)
