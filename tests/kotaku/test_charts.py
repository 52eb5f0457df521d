"""Charts for pages and PDFs: self-contained SVG, read in the order of the table beside them."""

import re
import xml.etree.ElementTree as ET

import pygal
import pytest
from django.core.cache import cache

from kotaku.lib.charts import (
    PRINT,
    SCREEN,
    cached_chart,
    gaps,
    legend_of,
    percent_label,
    render_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
CITIES = ["Kota Metro", "Kota Medan", "Kota Bandar Lampung"]
SERIES = [("Terverifikasi", [3, 1, 2], "#198754"), ("Belum", [1, None, 4], "#ced4da")]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def label_heights(svg: str) -> dict[str, float]:
    """The y of each axis label that names a city."""
    root = ET.fromstring(svg)
    return {t.text: float(t.get("y")) for t in root.iter(f"{SVG}text") if t.text in CITIES}


@pytest.mark.parametrize("medium", [SCREEN, PRINT])
def test_a_chart_is_svg_without_script_tooltips_or_anything_linked(medium):
    svg = render_chart(pygal.HorizontalStackedBar, CITIES, SERIES, medium)
    root = ET.fromstring(svg)
    tags = {element.tag for element in root.iter()}
    assert not tags & {f"{SVG}script", f"{SVG}desc", f"{SVG}title"}
    assert "<!--" not in svg and "http://pygal" not in svg and "kozea.github.io" not in svg
    assert not svg.startswith("<?xml")
    # Coordinates keep one decimal at most.
    assert not re.search(r'\b(?:x|y|width|height)="-?\d+\.\d{2,}"', svg)


def test_a_horizontal_chart_lists_its_labels_from_the_top_in_the_given_order():
    heights = label_heights(render_chart(pygal.HorizontalStackedBar, CITIES, SERIES))
    assert sorted(heights, key=heights.get) == CITIES


def test_the_medium_sets_the_width_and_background_and_bars_add_height():
    screen = ET.fromstring(render_chart(pygal.HorizontalBar, CITIES, SERIES[:1]))
    paper = ET.fromstring(render_chart(pygal.HorizontalBar, CITIES[:2], SERIES[:1], PRINT))
    assert screen.get("viewBox") == f"0 0 380 {50 + 36 * 3}"
    assert paper.get("viewBox") == f"0 0 900 {60 + 26 * 2}"
    assert "fill:white" in ET.tostring(paper, encoding="unicode").replace(" ", "")


def test_every_chart_names_its_fonts_for_pdfs_which_have_no_default():
    for medium in (SCREEN, PRINT):
        assert "font-family:DejaVu Sans" in render_chart(pygal.StackedBar, CITIES, SERIES, medium)


def test_a_chart_is_drawn_once_and_then_comes_from_the_cache():
    first = cached_chart(pygal.StackedBar, CITIES, SERIES, x_title="hari")
    # pygal gives every drawing a new random id: the same string is the cached one.
    assert cached_chart(pygal.StackedBar, CITIES, SERIES, x_title="hari") == first
    assert cached_chart(pygal.StackedBar, CITIES, SERIES, x_title="days") != first
    other = [("Terverifikasi", [3, 1, 5], "#198754"), SERIES[1]]
    assert cached_chart(pygal.StackedBar, CITIES, other, x_title="hari") != first


def test_helpers_for_series_and_values():
    assert gaps([0, 2, None, 3]) == [None, 2, None, 3]
    assert legend_of(SERIES) == [("Terverifikasi", "#198754"), ("Belum", "#ced4da")]
    assert legend_of(SERIES[:1]) == []  # one series needs no legend
    assert percent_label(52.4) == "52%"
