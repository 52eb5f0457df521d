from django.shortcuts import get_object_or_404

from bdc.models import Bdc
from kotaku.access import can_change, for_editing


def get_bdc_for_user(user, city_code: str) -> Bdc:
    """The BDC of the city with this code, if the user may read it; 404 otherwise."""
    return get_object_or_404(
        Bdc.objects.visible_to(user).select_related("city__province"), city__code=city_code
    )


def can_change_bdc(user, bdc: Bdc) -> bool:
    """Whether the user may change the BDC's records, e.g. import its Komite and Pengelola
    (facilitators of its city, and Pusat). Runs one query."""
    return can_change(user, bdc)


def get_bdc_for_editing(user, city_code: str) -> Bdc:
    """The BDC for a change: 404 outside the user's area, 403 for those who only read it."""
    return for_editing(user, get_bdc_for_user(user, city_code), can_change_bdc)


def can_read_bdc_file(user, path: str) -> bool:
    """Whether `path` (under bdc/) is the feasibility study of a BDC the user may read."""
    return Bdc.objects.visible_to(user).filter(feasibility_study_file=path).exists()
