"""Printable reports: Django templates rendered to PDF with WeasyPrint.

Reports are rendered from templates under `templates/reports/`, which extend
`reports/base_report.html` (A4 page, running header and footer, fonts). Everything a report
shows is in the HTML it is given: photos, QR codes and charts arrive as data: URIs or inline
SVG, built by the report's service. The fetcher below reads nothing from the network or the
server's disk; it only resolves data: URIs, static files (through the staticfiles finders) and
media (through Django's storage, which in tests is in memory).
"""

import base64
import io
import logging
import mimetypes

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from PIL import Image, ImageOps, UnidentifiedImageError
from weasyprint import HTML
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
        context = {"page_counter_css": page_counter_css(), "font_family": FONT_FAMILY, **context}
        html = render_to_string(template_name, context)
    return html_to_pdf(html)


def html_to_pdf(html: str) -> bytes:
    """A report's HTML, as rendered from its template, laid out and written as PDF bytes."""
    with full_collections_deferred():
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=ReportFetcher())
        return document.write_pdf(font_config=FontConfiguration())


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
