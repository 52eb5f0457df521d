"""The map tile server: none by default, and when set, the only outside host the Content
Security Policy lets images come from."""

import pytest
from django.urls import reverse

from kotaku.lib.tiles import tile_image_source
from tests.kotaku.test_deploy import evaluate, production_env, run  # noqa: F401


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://tile.example.org/{z}/{x}/{y}.png", "https://tile.example.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://10.0.0.5:8080/tiles/{z}/{x}/{y}.png?key=abc", "http://10.0.0.5:8080"),
    ],
)
def test_the_policy_allows_only_the_tile_host(url, source):
    assert tile_image_source(url) == source


@pytest.mark.parametrize(
    "url",
    ["tile.example.org/{z}/{x}/{y}.png", "ftp://tile.example.org/x", "https:///{z}.png",
     "https://{z}.{x}.example.org/{y}.png", "javascript:alert(1)"],
)  # fmt: skip
def test_anything_but_an_http_url_with_a_host_is_refused(url):
    with pytest.raises(ValueError):
        tile_image_source(url)


def test_by_default_no_tile_server_and_no_outside_image_host(client, world, settings):
    assert settings.MAP_TILE_URL == ""
    client.force_login(world.users["korkot"])
    response = client.get(reverse("monitoring:city_map", args=[world.metro.code]))
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["img-src"] == "'self' data:"
    assert 'data-tile-url=""' in response.content.decode()


def test_a_configured_tile_server_is_the_one_host_added(production_env):  # noqa: F811
    env = {
        **production_env,
        "MAP_TILE_URL": "https://{s}.tile.example.org/{z}/{x}/{y}.png",
        "MAP_TILE_ATTRIBUTION": "&copy; Example contributors",
    }
    code = (
        "from django.conf import settings as s; d = s.CONTENT_SECURITY_POLICY['DIRECTIVES']; "
        "print(json.dumps([d['img-src'], d['default-src'], d['script-src'], "
        "[str(v) for v in d['style-src']], s.MAP_TILE_ATTRIBUTION]))"
    )
    img, default, script, style, attribution = evaluate(env, code)
    assert img == ["'self'", "data:", "https://*.tile.example.org"]
    assert default == ["'self'"] and script == ["'self'"]
    assert "tile.example.org" not in " ".join(style)
    assert attribution == "&copy; Example contributors"


def test_a_wrong_tile_url_stops_the_app_at_start(production_env):  # noqa: F811
    result = run({**production_env, "MAP_TILE_URL": "tile.example.org"}, "manage.py", "check")
    assert result.returncode != 0
    assert "MAP_TILE_URL" in result.stderr
