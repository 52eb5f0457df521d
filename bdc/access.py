from django.shortcuts import get_object_or_404

from bdc.models import Bdc


def get_bdc_for_user(user, city_code: str) -> Bdc:
    """The BDC of the city with this code, if the user may read it; 404 otherwise."""
    return get_object_or_404(
        Bdc.objects.visible_to(user).select_related("city__province"), city__code=city_code
    )


def may_read_bdc_file(user, path: str) -> bool:
    """Whether `path` (under bdc/) is the feasibility study of a BDC the user may read."""
    return Bdc.objects.visible_to(user).filter(feasibility_study_file=path).exists()
