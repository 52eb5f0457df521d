"""Maps: a city's visits, KSMs and outlets; RKTL follow-up per city across a province or the
country. Each page lists what its map draws, so it works with JavaScript off; the map
(static/js/maps.js) reads the same data from the page's JSON endpoint."""

import datetime
import json
from urllib.parse import urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from kotaku.access import cities_readable_by
from kotaku.kept import EXACT_SECONDS, keeping, kept_city_html, kept_with
from kotaku.models import City, Province
from monitoring import maps


def _tiles() -> dict:
    """The tile server, if one is configured: none by default (a plain background)."""
    return {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}


def _city(request: HttpRequest, code: str) -> City:
    return get_object_or_404(cities_readable_by(request.user), code=code)


@require_safe
def city_map(request: HttpRequest, code: str) -> HttpResponse:
    city = _city(request, code)
    # Some 550 points of a city listed: kept as HTML while the city's records stay.
    map_list = kept_city_html(
        city.pk,
        f"city-map-list|{city.pk}",
        "monitoring/includes/_city_map_list.html",
        lambda: {"points": maps.city_points(request.user, city), "max_points": maps.MAX_POINTS},
    )
    context = {
        "city": city,
        "map_list": map_list,
        "stages": maps.stage_legend(),
        "visit_colour": maps.VISIT_COLOUR,
        "outlet_colour": maps.OUTLET_COLOUR,
        "tiles": _tiles(),
        "data_url": reverse("monitoring:city_map_data", args=[city.code]),
    }
    return render(request, "monitoring/city_map.html", context)


@require_safe
def city_map_data(request: HttpRequest, code: str) -> HttpResponse:
    city = _city(request, code)

    def data() -> tuple[bytes, None]:
        # Kept as JSON while the city's records stay, as the page's list of the same points.
        payload = {"city": city.code, **maps.city_points(request.user, city)}
        return json.dumps(payload, cls=DjangoJSONEncoder).encode(), None

    keep = keeping([city.pk], f"city-map-data|{city.pk}", EXACT_SECONDS)
    payload = kept_with(keep, "city-map-data", data)
    return HttpResponse(payload, content_type="application/json")


def _province(request: HttpRequest) -> Province | None:
    """The province asked for (?province=<code>) among the user's; 404 for another."""
    code = request.GET.get("province", "")
    if not code:
        return None
    mine = Province.objects.filter(pk__in=cities_readable_by(request.user).values("province_id"))
    return get_object_or_404(mine, code=code)


@require_safe
def area_map(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    today = timezone.localdate()
    keep = maps.numbers_keeping(maps.area_city_ids(request.user, province), province, today)
    numbers, counted_at = maps.cached_area_numbers(request.user, keep, province, today)

    def table() -> tuple[tuple[str, int, int], datetime.datetime | None]:
        # 270 rows for the country: kept as HTML as long as the numbers they show. The cities
        # are read after the version the HTML is kept under, so a rename is never kept
        # under a version older than it.
        places = maps.area_cities(request.user, province)
        rows = maps.area_rows(places, numbers)
        shown = places[0].province if province is not None and places else province
        context = {"rows": rows, "province": shown}
        html = render_to_string("monitoring/includes/_area_table.html", context)
        return (html, sum(1 for r in rows if r.lat is not None), len(rows)), counted_at

    html, drawn, listed = kept_with(keep, "map-table", table)
    provinces = Province.objects.filter(
        pk__in=cities_readable_by(request.user).values("province_id")
    ).order_by("name")
    context = {
        "province": province,
        "provinces": provinces,
        "table": mark_safe(html),  # rendered by the template engine, escaped there
        "listed": listed,
        "counted_at": counted_at,
        "drawn": drawn,
        "bands": [*maps.COMPLETION_BANDS, maps.NO_ITEMS],
        "tiles": _tiles(),
        "data_url": reverse("monitoring:area_map_data")
        + (f"?{urlencode({'province': province.code})}" if province else ""),
    }
    return render(request, "monitoring/area_map.html", context)


@require_safe
def area_map_data(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    today = timezone.localdate()
    keep = maps.numbers_keeping(maps.area_city_ids(request.user, province), province, today)
    numbers, counted_at = maps.cached_area_numbers(request.user, keep, province, today)

    def data() -> tuple[bytes, datetime.datetime | None]:
        # Kept as JSON as long as the numbers it holds (as the page's table): 270 cities'
        # rows, their links and names took 15 ms a request. Cities read after the version.
        cities = maps.area_cities(request.user, province)
        payload = {
            "province": province.code if province else None,
            "counted_at": counted_at,
            "cities": [row.as_json() for row in maps.area_rows(cities, numbers)],
        }
        return json.dumps(payload, cls=DjangoJSONEncoder).encode(), counted_at

    return HttpResponse(kept_with(keep, "map-data", data), content_type="application/json")
