"""Bar charts for pages and PDF reports: one look, drawn one way, as self-contained SVG.

pygal draws the charts. Each is plain SVG with no script, no external file and no JavaScript
tooltips: the pages need no JavaScript and no CDN, and WeasyPrint embeds the same SVG in a PDF.
Where a chart is shown sets only its text sizes, its background and its width (`SCREEN`,
`PRINT`); fonts, colours of text and lines, and what is stripped are the same everywhere.
"""

import contextlib
import hashlib
import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.utils.translation import get_language, gettext
from pygal.graph.horizontal import HorizontalGraph
from pygal.graph.stackedbar import StackedBar as StackedGraph
from pygal.style import Style

# Fonts named explicitly: an SVG in a PDF (or an <img>) inherits no font from the page.
FONT = "DejaVu Sans, Arial, sans-serif"


@dataclass(frozen=True)
class Medium:
    """Where a chart is shown: what differs between a page and a printed report."""

    background: str
    foreground: str
    foreground_strong: str
    foreground_subtle: str
    label_font_size: int
    value_font_size: int
    width: int
    # Horizontal charts grow with the number of bars: this much, and this much more a bar.
    bar_chart_base: int
    bar_height: int
    # pygal's own options (margins, spacing...) for this medium.
    config: tuple[tuple[str, object], ...] = ()

    def height(self, horizontal: bool, labels: int, rotated: bool) -> int:
        if horizontal:
            return self.bar_chart_base + self.bar_height * labels
        return 220 + (40 if rotated else 0)


# A page: the SVG scales to the width of its column, so the viewBox width (380) sets the text
# size, narrow enough that labels stay readable on a 360px phone.
SCREEN = Medium(
    background="transparent",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#ced4da",
    label_font_size=15,
    value_font_size=14,
    width=380,
    bar_chart_base=50,
    bar_height=36,
    config=(
        ("max_scale", 5),
        ("margin", 6),
        ("margin_right", 24),  # room for the last x label ("100%") of horizontal charts
        ("spacing", 8),
    ),
)
# A4 paper, the width of the text.
PRINT = Medium(
    background="white",
    foreground="#333",
    foreground_strong="#111",
    foreground_subtle="#ccc",
    label_font_size=13,
    value_font_size=11,
    width=900,
    bar_chart_base=60,
    bar_height=26,
    config=(("margin", 10),),
)


def chart_style(colours: Iterable[str], medium: Medium = SCREEN) -> Style:
    return Style(
        font_family=FONT,
        background=medium.background,
        plot_background=medium.background,
        foreground=medium.foreground,
        foreground_strong=medium.foreground_strong,
        foreground_subtle=medium.foreground_subtle,
        opacity="1",
        opacity_hover="1",
        colors=tuple(colours),
        label_font_size=medium.label_font_size,
        major_label_font_size=medium.label_font_size,
        value_font_size=medium.value_font_size,
        tooltip_font_size=12,
        no_data_font_size=16,
    )


# pygal always embeds a config <script>. Each value also gets <desc> elements for the
# JavaScript tooltips, which are never shown (no script) and were half of a national
# dashboard's weight; charts are aria-hidden, the table beside them reads out. The <title>s
# are tooltips too. Coordinates keep one decimal: pygal writes sixteen digits.
STRIPPED = {"script", "desc", "title"}
COORDINATES = ("x", "y", "width", "height", "x1", "x2", "y1", "y2", "cx", "cy", "r")


def _strip_scripts(root):
    for parent in root.iter():
        for child in list(parent):
            # Comments (pygal's credits) have a function as their tag.
            if not isinstance(child.tag, str) or child.tag.rsplit("}", 1)[-1] in STRIPPED:
                parent.remove(child)
        for name in COORDINATES:
            value = parent.get(name)
            if value and "." in value:
                with contextlib.suppress(ValueError):
                    parent.set(name, f"{float(value):.1f}")
    return root


Series = tuple[str, list, str]  # name, values (one per label), colour

# In place of pygal's style.css and graph.css: the rules a still bar chart uses.
CHART_CSS = "file://" + str(Path(__file__).with_name("chart.css"))


def render_chart(
    kind: type, labels: list[str], series: list[Series], medium: Medium = SCREEN, **config
) -> str:
    """A pygal bar chart as self-contained inline SVG (no script, no external file).

    Horizontal charts list their labels from the top, in the order of the table beside them,
    and grow with the number of bars.
    The legend is not drawn in the SVG: pygal lays it out in fixed columns that overlap on a
    phone, so the page draws it in HTML (`legend_of`). `config` is passed on to pygal, after
    the medium's own options.
    """
    horizontal = issubclass(kind, HorizontalGraph)
    if horizontal:
        # pygal draws the first label at the bottom.
        labels = labels[::-1]
        series = [(name, values[::-1], colour) for name, values, colour in series]
    chart = kind(
        width=medium.width,
        height=medium.height(horizontal, len(labels), bool(config.get("x_label_rotation"))),
        style=chart_style((colour for _, _, colour in series), medium),
        js=[],
        css=[CHART_CSS],  # pygal inlines it, nothing is linked
        disable_xml_declaration=True,
        show_legend=False,
        truncate_label=-1,
        no_data_text=gettext("No data"),
        **{**dict(medium.config), **config},
    )
    chart.add_xml_filter(_strip_scripts)
    # An id from what is drawn, in place of pygal's random one: the chart's stylesheet repeats
    # it in every rule, a hundred times, and random ids defeat compression (the seven charts
    # of a national dashboard weighed 8 KB compressed in their <style>s alone). Charts on one
    # page draw different things.
    # (A function in the config, such as a value formatter, by its name: its repr holds its
    # address, which differs between the server's processes.)
    options = sorted((key, getattr(value, "__qualname__", value)) for key, value in config.items())
    drawn = repr((kind.__name__, [str(x) for x in labels], series, options))
    chart.uuid = hashlib.sha256(drawn.encode()).hexdigest()[:10]
    chart.x_labels = labels
    ticks = count_ticks(kind, series, config)
    if ticks:
        chart.y_labels = ticks  # the value axis, whichever way the chart lies
    for name, values, _colour in series:
        chart.add(str(name), values)
    return chart.render(is_unicode=True)


# The most steps on a count axis, above 0.
MAX_TICKS = 6


def count_ticks(kind: type, series: list[Series], config: dict) -> list[int] | None:
    """Whole-number ticks for a chart of counts (visits, items...), from 0 to at least the
    highest bar, at most MAX_TICKS steps of 1, 2, 5, 10, 20, 50...; None for any other chart.

    pygal spaces its ticks evenly whatever the values, which drew "0.8 1.6 2.4" visits.
    A chart that sets its own scale or formatting (percentages) keeps it.
    """
    if {"range", "y_labels", "value_formatter"} & set(config):
        return None
    values = [v for _, vs, _ in series for v in vs if v is not None]
    if not values or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return None
    if issubclass(kind, StackedGraph):
        top = max(
            sum(v or 0 for v in bar) for bar in zip(*(vs for _, vs, _ in series), strict=True)
        )
    else:
        top = max(values)
    top = max(top, 1)
    for magnitude in itertools.count():
        for multiple in (1, 2, 5):
            step = multiple * 10**magnitude
            steps = math.ceil(top / step)
            if steps <= MAX_TICKS:
                return list(range(0, steps * step + 1, step))


# Bump when render_chart changes what it draws, so that charts cached before are not reused.
CHART_VERSION = 7
CHART_CACHE_SECONDS = 24 * 60 * 60


def cached_chart(kind: type, labels: list[str], series: list[Series], **config) -> str:
    """`render_chart` on a page, remembered: the SVG depends only on these arguments and the
    language.

    pygal takes 20-40 ms per chart, far more than the queries behind it; the numbers of a
    city change a few times a day, so the same chart is drawn again and again. The cache key
    is a hash of everything the drawing reads, so a cached chart is never a stale one.
    """
    key = hashlib.sha256(
        repr(
            (
                CHART_VERSION,
                kind.__name__,
                get_language(),
                [str(label) for label in labels],
                [(str(n), list(v), c) for n, v, c in series],
                sorted((k, getattr(v, "__qualname__", v)) for k, v in config.items()),
            )
        ).encode()
    ).hexdigest()
    key = f"dash-chart:{key}"
    svg = cache.get(key)
    if svg is None:
        svg = render_chart(kind, labels, series, **config)
        cache.set(key, svg, CHART_CACHE_SECONDS)
    return svg


def legend_of(series: list[Series]) -> list[tuple[str, str]]:
    """(name, colour) of each series, for the HTML legend under a chart of several series."""
    return [(str(name), colour) for name, _values, colour in series] if len(series) > 1 else []


def gaps(values: Iterable) -> list:
    """Zero as None, so that a stacked bar draws no empty segment."""
    return [v or None for v in values]


def percent_label(value: float) -> str:
    """A value formatter for charts of percentages: 52%."""
    return f"{value:.0f}%"
