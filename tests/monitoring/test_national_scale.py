"""What changes when an area holds the whole country: the dashboard rolls its rows up to
provinces, and large areas' counts come from a short cache that the pages date."""

from django.core.cache import cache

from kotaku.kept import LIVE_COUNT_CITIES
from kotaku.models import City, Province
from monitoring.dashboard import AREA_ROWS_MAX


def add_cities(n: int) -> None:
    papua = Province.objects.create(code="94", name="Papua")
    City.objects.bulk_create(
        City(code=f"94{i:02d}", province=papua, kind=City.Kind.KABUPATEN, name=f"Kab {i}")
        for i in range(1, n + 1)
    )


def test_the_national_dashboard_shows_one_row_per_province(client, world):
    cache.clear()
    add_cities(AREA_ROWS_MAX)
    client.force_login(world.users["pusat"])
    response = client.get("/dashboard/")
    dash = response.context["dash"]
    assert dash.by_province
    assert [r["city"].name for r in dash.completion.rows] == ["Lampung", "Sumatera Utara"]
    assert dash.completion.totals["total"].value == 4  # the world's two items in each city
    assert b'data-testid="dash-scale-note"' in response.content
    # The city filter waits for a province: 40 options would outweigh the page.
    form = response.context["form"]
    assert [value for value, _label in form.fields["city"].widget.choices] == [""]
    response = client.get("/dashboard/", {"province": world.metro.province_id})
    assert not response.context["dash"].by_province
    assert [r["city"] for r in response.context["dash"].completion.rows] == [world.metro]


def test_a_large_areas_dashboard_figures_are_dated(client, world):
    cache.clear()
    client.force_login(world.users["pusat"])
    assert client.get("/dashboard/").context["dash"].counted_at is None
    add_cities(AREA_ROWS_MAX)
    first = client.get("/dashboard/").context["dash"]
    again = client.get("/dashboard/").context["dash"]
    assert first.counted_at is not None and again.counted_at == first.counted_at


def test_a_large_areas_rktl_counts_are_dated_and_a_citys_are_live(client, world):
    cache.clear()
    client.force_login(world.users["pusat"])
    assert client.get("/rktl/").context["counted_at"] is None
    add_cities(LIVE_COUNT_CITIES)
    response = client.get("/rktl/")
    assert response.context["counted_at"] is not None
    assert b'data-testid="counted-at"' in response.content
    assert response.context["total"] == 4
    client.force_login(world.users["korkot"])
    assert client.get("/rktl/").context["counted_at"] is None


def test_a_large_areas_overdue_count_on_the_home_page_is_dated_and_a_citys_is_live(
    client, world, time_machine
):
    from monitoring.models import RktlItem

    time_machine.move_to("2026-11-15 09:00 +0700", tick=False)
    cache.clear()
    client.force_login(world.users["pusat"])
    small = client.get("/")
    assert small.context["needs"]["rktl_overdue_counted_at"] is None
    assert b'data-testid="overdue-counted-at"' not in small.content
    add_cities(LIVE_COUNT_CITIES)
    first = client.get("/")
    counted = first.context["needs"]["rktl_overdue"]
    assert first.context["needs"]["rktl_overdue_counted_at"] is not None
    assert b'data-testid="overdue-counted-at"' in first.content
    # Kept for the minute the page names, then counted again.
    RktlItem.objects.update(deadline="2000-01-01", status="belum")
    assert client.get("/").context["needs"]["rktl_overdue"] == counted
    time_machine.shift(61)
    assert client.get("/").context["needs"]["rktl_overdue"] == RktlItem.objects.count()
    # A Korkot's city is always counted live.
    client.force_login(world.users["korkot"])
    assert client.get("/").context["needs"]["rktl_overdue_counted_at"] is None
