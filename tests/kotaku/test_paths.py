"""Paths reversed once (kotaku.lib.paths, `{% code_url %}`) and dates remembered (`|day`): the
same text as Django's `reverse()`, `{% url %}` and `|date`, only faster."""

import datetime

import pytest
from django.template import engines
from django.urls import reverse, set_script_prefix
from django.utils import timezone, translation

from kotaku.lib.paths import code_url, list_path
from kotaku.templatetags.kotaku_format import day


def render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def test_the_paths_reversed_once_are_djangos_own():
    for name, code in [("monitoring:city_map", "1872"), ("ksm:ksm_detail", "K7Q2ABCD")]:
        assert code_url(name, code) == reverse(name, args=[code])
    assert list_path("monitoring:rktl_list") == reverse("monitoring:rktl_list")
    # Behind a path prefix (a deployment under /kotaku/), each prefix its own.
    set_script_prefix("/kotaku/")
    try:
        assert code_url("monitoring:city_map", "1872") == "/kotaku/maps/city/1872/"
        assert list_path("monitoring:rktl_list") == "/kotaku/rktl/"
    finally:
        set_script_prefix("/")
    assert code_url("monitoring:city_map", "1872") == "/maps/city/1872/"


def test_the_code_url_tag_writes_what_the_url_tag_writes():
    source = '{% load kotaku_urls %}{% code_url "monitoring:visit_detail" code %}'
    assert render(source, code="7KQ2M9XBTR") == reverse(
        "monitoring:visit_detail", args=["7KQ2M9XBTR"]
    )
    url = '{% url "monitoring:visit_detail" code %}'
    assert render(source, code="0AB") == render(url, code="0AB")


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("fmt", ["j M Y", "d-m-Y", "j F Y", None])
def test_day_writes_what_the_date_filter_writes_in_each_language(language, fmt):
    dates = [datetime.date(2026, month, 1 + month) for month in range(1, 13)]
    arg = f':"{fmt}"' if fmt else ""
    with translation.override(language):
        for value in dates * 2:  # the second time from what was remembered
            assert render(f"{{% load kotaku_format %}}{{{{ d|day{arg} }}}}", d=value) == render(
                f"{{{{ d|date{arg} }}}}", d=value
            )


def test_day_remembers_a_date_per_language():
    may = datetime.date(2026, 5, 21)
    with translation.override("id"):
        assert day(may, "j F Y") == "21 Mei 2026"
    with translation.override("en"):
        assert day(may, "j F Y") == "21 May 2026"
    with translation.override("id"):
        assert day(may, "j F Y") == "21 Mei 2026"


def test_day_of_a_datetime_or_nothing_is_the_date_filters():
    moment = timezone.make_aware(datetime.datetime(2026, 5, 21, 23, 30), datetime.UTC)
    with translation.override("id"):
        assert render('{% load kotaku_format %}{{ m|day:"j M Y H:i" }}', m=moment) == render(
            '{{ m|date:"j M Y H:i" }}', m=moment
        )
        # Jakarta (UTC+7): already the next day there.
        assert render('{% load kotaku_format %}{{ m|day:"j M Y" }}', m=moment) == "22 Mei 2026"
    assert day(None, "j M Y") == ""
    assert day("", "j M Y") == ""
