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
    # Its stylesheet holds what a still chart draws with: no hover or transition rules.
    style = re.search(r"<style[^>]*>(.*?)</style>", svg, re.S).group(1)
    assert ":hover" not in style
    assert "transition" not in style
    assert ".axis .guide.line" in style and ".color-0" in style
    # Coordinates keep one decimal at most.
    assert not re.search(r'\b(?:x|y|width|height)="-?\d+\.\d{2,}"', svg)


def test_a_charts_id_follows_what_it_draws_and_is_short():
    svg = render_chart(pygal.HorizontalStackedBar, CITIES, SERIES)
    chart_id = ET.fromstring(svg).get("id")
    assert re.fullmatch(r"chart-[0-9a-f]{10}", chart_id)
    # Its stylesheet's rules are scoped to it; the same chart drawn again is the same SVG.
    assert f"#{chart_id} .axis" in svg
    assert render_chart(pygal.HorizontalStackedBar, CITIES, SERIES) == svg
    other = [("Terverifikasi", [3, 1, 5], "#198754"), ("Belum", [1, None, 4], "#ced4da")]
    assert ET.fromstring(render_chart(pygal.HorizontalStackedBar, CITIES, other)).get("id") != (
        chart_id
    )


def test_a_charts_id_is_the_same_in_every_process_of_the_server():
    # A value formatter is a function at another address in each process: two copies of one
    # function stand for two processes.
    def formatter():
        def percent(value):
            return f"{value}%"

        return percent

    formatters = [formatter(), formatter()]  # both alive: at two addresses
    ids = {
        ET.fromstring(
            render_chart(pygal.HorizontalStackedBar, CITIES, SERIES, value_formatter=f)
        ).get("id")
        for f in formatters
    }
    assert len(ids) == 1


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


def value_axis_labels(svg: str) -> list[str]:
    """The labels of the axis that carries the values (pygal marks it "always_show")."""
    root = ET.fromstring(svg)
    axis = next(g for g in root.iter(f"{SVG}g") if "always_show" in (g.get("class") or "").split())
    return [t.text for t in axis.iter(f"{SVG}text")]


@pytest.mark.parametrize(
    "kind", [pygal.StackedBar, pygal.HorizontalStackedBar, pygal.HorizontalBar, pygal.Bar]
)
@pytest.mark.parametrize(
    "series",
    [
        [("Diajukan", [1, 2, None], "#0d6efd"), ("Disetujui", [None, 1, 1], "#198754")],
        [("Kunjungan", [1, 1, 1], "#0d6efd")],  # a top of 1: pygal drew 0, 0.2, 0.4...
        [("Kunjungan", [7, 23, 41], "#0d6efd")],
    ],
    ids=["small-stacked", "ones", "larger"],
)
def test_a_chart_of_counts_has_whole_numbers_on_its_axis(kind, series):
    labels = value_axis_labels(render_chart(kind, CITIES, series))
    assert labels and all(label.isdigit() for label in labels), labels
    top = max(map(sum, zip(*[[v or 0 for v in values] for _, values, _ in series], strict=True)))
    if kind in (pygal.HorizontalBar, pygal.Bar):
        top = max(v or 0 for _, values, _ in series for v in values)
    assert int(labels[-1]) >= top  # the axis reaches the highest bar
    assert len(labels) <= 7  # and stays readable


def test_a_chart_of_percentages_keeps_its_own_axis():
    svg = render_chart(
        pygal.HorizontalBar,
        CITIES,
        [("Terpakai", [52.4, 10.0, 99.5], "#198754")],
        range=(0, 100),
        value_formatter=percent_label,
    )
    assert "100%" in value_axis_labels(svg)
