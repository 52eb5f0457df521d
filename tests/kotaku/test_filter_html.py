"""A list's filter form kept as HTML (kotaku/filter_html.py): the same HTML as rendered
afresh, and rendered again whenever what it shows would change."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

LISTS = ["/rktl/", "/visits/", "/ksm/"]


def form_html(response) -> str:
    html = response.content.decode()
    return re.search(r'<form method="get".*?</form>', html, re.S).group(0)


def get(client, url, language="en", **params):
    client.cookies["django_language"] = language
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("url", LISTS)
def test_a_kept_form_is_the_html_rendered_afresh_in_fewer_queries(client, world, url):
    client.force_login(world.users["pusat"])
    fresh, fresh_queries = get(client, url)
    kept, kept_queries = get(client, url)
    assert form_html(kept) == form_html(fresh)
    # Its places are not read again.
    assert kept_queries < fresh_queries
    cache.clear()
    assert form_html(get(client, url)[0]) == form_html(fresh)


def test_the_kept_form_follows_what_was_typed_and_its_errors(client, world):
    client.force_login(world.users["pusat"])
    wrong, _ = get(client, "/rktl/", deadline_from="2026-13-45")
    assert 'value="2026-13-45"' in form_html(wrong)
    assert "is-invalid" in form_html(wrong)
    right, _ = get(client, "/rktl/", deadline_from="2026-01-15")
    assert 'value="2026-01-15"' in form_html(right)
    assert "is-invalid" not in form_html(right)
    # Asked again, each comes back as it was.
    assert form_html(get(client, "/rktl/", deadline_from="2026-13-45")[0]) == form_html(wrong)


def test_a_city_renamed_is_offered_under_its_new_name_at_once(client, world):
    client.force_login(world.users["pusat"])
    before, _ = get(client, "/visits/", province=world.metro.province_id)
    assert "Kota Metro<" in form_html(before)
    world.metro.name = "Metro Raya"
    world.metro.save()
    after, _ = get(client, "/visits/", province=world.metro.province_id)
    assert "Kota Metro Raya<" in form_html(after)


def test_each_area_and_language_has_its_own(client, world):
    client.force_login(world.users["pusat"])
    national, _ = get(client, "/rktl/")
    client.force_login(world.users["korkot"])
    korkot, _ = get(client, "/rktl/")
    assert form_html(korkot) != form_html(national)
    assert "Medan" in form_html(national) and "Medan" not in form_html(korkot)
    indonesian, _ = get(client, "/rktl/", language="id")
    assert "Deadline from" in form_html(korkot)
    assert "Deadline from" not in form_html(indonesian)


def test_the_dashboards_kept_form_is_the_one_rendered_afresh_with_its_errors(client, world):
    client.force_login(world.users["pusat"])
    fresh, _ = get(client, "/dashboard/", date_from="2026-09-01", date_to="2026-08-01")
    assert "is-invalid" in form_html(fresh) and 'value="2026-09-01"' in form_html(fresh)
    kept, _ = get(client, "/dashboard/", date_from="2026-09-01", date_to="2026-08-01")
    assert form_html(kept) == form_html(fresh)
    other, _ = get(client, "/dashboard/", date_from="2026-07-01", quarter="2026-Q2")
    assert "is-invalid" not in form_html(other) and 'name="quarter" value="2026-Q2"' in form_html(
        other
    )
    world.metro.name = "Metro Raya"
    world.metro.save()
    renamed, _ = get(client, "/dashboard/", province=world.metro.province_id)
    assert "Kota Metro Raya<" in form_html(renamed)
