"""A list's filter form, rendered once and kept as HTML.

The RKTL list's sixteen filter fields, rendered through crispy-forms' templates, took a fifth
of the page's time on every request, most often for the same empty form. The lists keep the
form's HTML (the `{% cache %}` tag) under `filters_key`: the form's class and the data it was
given (so its values and its errors), the user's area and the places it may choose from, the
language and the day (date checks). A city or province renamed or added shows at once: the
key holds their count and latest change.
"""

import hashlib

from django.db.models import Count, Max
from django.forms import Form
from django.utils import timezone
from django.utils.translation import get_language

from kotaku.access import scope_for
from kotaku.models import City

# Only bounds the memory: the key changes whenever the HTML would.
FILTERS_SECONDS = 60 * 60


def places_stamp() -> tuple:
    """The count of cities and their provinces' latest changes: one query."""
    got = City.objects.aggregate(
        n=Count("pk"), cities=Max("updated_at"), provinces=Max("province__updated_at")
    )
    return (got["n"], got["cities"], got["provinces"])


def filters_key(user, form: Form, *also) -> str:
    """What the filter form's HTML depends on (see the module's doc); `also`: anything more a
    form's choices depend on."""
    scope = scope_for(user)
    area = "all" if scope.national else sorted(scope.readable_cities)
    data = sorted(form.data.lists()) if form.is_bound else None
    signature = repr(
        (
            type(form).__module__,
            type(form).__qualname__,
            data,
            area,
            places_stamp(),
            get_language(),
            timezone.localdate(),
            also,
        )
    )
    return hashlib.sha256(signature.encode()).hexdigest()
