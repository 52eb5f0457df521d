"""Printable reports: Django templates rendered to PDF with WeasyPrint.

Reports are rendered from templates under `templates/reports/`, which extend
`reports/base_report.html`; their style is in `reports/base_report.css` (A4 page, running
header and footer, fonts) and the report's own `reports/<report>.css`. Everything a report
shows is in the HTML it is given: photos, QR codes and charts arrive as data: URIs or inline
SVG, built by the report's service. The fetcher below reads nothing from the network or the
server's disk; it only resolves data: URIs, static files (through the staticfiles finders) and
media (through Django's storage, which in tests is in memory).
"""

import base64
import functools
import io
import logging
import mimetypes
from collections.abc import Sequence

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from PIL import Image, ImageOps, UnidentifiedImageError
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from kotaku.lib.collector import full_collections_deferred

# WeasyPrint logs each rendering step at INFO; keep its warnings (unsupported CSS, a resource
# it could not fetch) but not the steps. (Its first import logs three steps before this line.)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Installed with fonts-dejavu-core; covers Latin with all the diacritics names use. Set on
# the body, in the page margin boxes and in SVG charts: none of them inherit it from another.
FONT_FAMILY = "DejaVu Sans"
# Relative URLs in report templates resolve against this, and are answered by ReportFetcher.
BASE_URL = "https://reports.invalid/"
# Photos are embedded at most this many pixels on the long side: a photo in a three-column
# grid on A4 is about 6 cm wide, so 800 px is more than 300 dpi there.
PHOTO_MAX_SIDE = 800
PHOTO_QUALITY = 75


class ReportFetcher(URLFetcher):
    """Resolves the resources a report may use, and refuses everything else."""

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        static_prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
        media_prefix = BASE_URL + settings.MEDIA_URL.lstrip("/")
        if url.startswith(static_prefix):
            path = finders.find(url.removeprefix(static_prefix))
            if not path:
                raise ValueError(f"no static file {url}")
            with open(path, "rb") as f:
                return self._response(url, f.read())
        if url.startswith(media_prefix):
            with default_storage.open(url.removeprefix(media_prefix)) as f:
                return self._response(url, f.read())
        raise ValueError(f"reports do not fetch {url}")

    @staticmethod
    def _response(url: str, body: bytes) -> URLFetcherResponse:
        content_type = mimetypes.guess_type(url)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def render_pdf(template_name: str, context: dict, *, language: str | None = None) -> bytes:
    """Render a report template to PDF bytes, in `language` (default: the active one)."""
    with translation.override(language or translation.get_language()):
        html = render_to_string(template_name, context)
        stylesheets = report_stylesheets(template_name)
    return html_to_pdf(html, stylesheets)


def html_to_pdf(html: str, stylesheets: Sequence[CSS] = ()) -> bytes:
    """A report's HTML, as rendered from its template, laid out and written as PDF bytes."""
    with full_collections_deferred():
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=ReportFetcher())
        return document.write_pdf(stylesheets=stylesheets, font_config=FontConfiguration())


def report_stylesheets(template_name: str) -> tuple[CSS, ...]:
    """The parsed stylesheets of report `template_name` in the active language: the shared
    one and the report's own (`reports/visit_report.css` for `reports/visit_report.html`).

    Parsed once per process and language (the page counter is translated), as a stylesheet
    in the HTML would be parsed again for every PDF; read afresh when debugging, so that an
    edited stylesheet shows at once.
    """
    language = translation.get_language()
    if settings.DEBUG:
        return _parsed_stylesheets.__wrapped__(template_name, language)
    return _parsed_stylesheets(template_name, language)


@functools.cache
def _parsed_stylesheets(template_name: str, language: str) -> tuple[CSS, ...]:
    # Given to WeasyPrint as user stylesheets: with no author stylesheet left in the HTML
    # (only style attributes, which win either way), they cascade as they did inline.
    with translation.override(language):
        context = {"page_counter_css": page_counter_css(), "font_family": FONT_FAMILY}
        names = ("reports/base_report.css", template_name.removesuffix(".html") + ".css")
        return tuple(
            CSS(string=render_to_string(name, context), base_url=BASE_URL) for name in names
        )


def css_string(text: str) -> str:
    """`text` as a quoted CSS string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def page_counter_css() -> str:
    """The CSS `content` value for "Page N of M" in the active language.

    The sentence is translated as a whole (word order differs between languages), then cut at
    the placeholders, which become the page counters.
    """
    marker = "\x00"
    text = gettext("Page %(n)s of %(total)s") % {
        "n": f"{marker}n{marker}",
        "total": f"{marker}t{marker}",
    }
    parts = []
    for i, piece in enumerate(text.split(marker)):
        if i % 2:
            parts.append("counter(page)" if piece == "n" else "counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def image_data_uri(name: str, *, max_side: int = PHOTO_MAX_SIDE) -> str | None:
    """A stored image, downscaled to `max_side` and re-encoded as a JPEG data: URI.

    Reads the file through Django's default storage. Returns None when the file is missing or
    is not an image, so that one bad photo does not stop a report.
    """
    try:
        with default_storage.open(name) as f, Image.open(f) as image:
            # For JPEGs, let the decoder scale down by a power of two while decoding (to no
            # less than the target size): much faster than decoding at full size.
            # (Rounded down: the decoder picks its scale by integer division by this size.)
            scale = max_side / max(image.size)
            if scale < 1:
                image.draft("RGB", (int(image.width * scale), int(image.height * scale)))
            ImageOps.exif_transpose(image, in_place=True)
            if image.mode != "RGB":
                image = image.convert("RGB")
            if max(image.size) > max_side:  # (a no-op thumbnail may still resample a pixel)
                image.thumbnail((max_side, max_side))
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=PHOTO_QUALITY)
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def svg_data_uri(svg: str | bytes) -> str:
    data = svg.encode("utf-8") if isinstance(svg, str) else svg
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


def pdf_response(pdf: bytes, filename: str, *, as_attachment: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response
