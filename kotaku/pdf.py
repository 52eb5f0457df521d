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
import hashlib
import io
import logging
import mimetypes
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import caches
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
# Made PDFs and downsized photos are kept in this cache (settings.CACHES): a report whose HTML
# is the same as one made before is sent again, not laid out again. See `render_pdf`.
KEPT_REPORTS = "reports"
# A larger PDF (a long report full of photos) is not kept: it would push out many others.
KEEP_PDF_UP_TO = 1024 * 1024
# Kept PDFs live as long as the cache keeps them; the key already names all they show.
KEEP_SECONDS = 24 * 60 * 60


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


@dataclass(frozen=True)
class ReportStyles:
    sheets: tuple[CSS, ...]
    digest: bytes  # of the sheets' text, for the key of a kept PDF


def render_pdf(template_name: str, context: dict, *, language: str | None = None) -> bytes:
    """Render a report template to PDF bytes, in `language` (default: the active one).

    Laying out a report takes WeasyPrint most of a second, and the same report is often
    printed again (the reviewers of a visit, a Korkot's quarter printed for a meeting). So a
    made PDF is kept under a hash of its HTML and of the stylesheets it was laid out with:
    everything the PDF shows is in that HTML (data, language, names or not, the printing
    date, photos and QR code as data: URIs), so a kept PDF is exactly the one that would be
    made now, whoever asks. Another user's kept PDF is only reached with the same HTML, which
    they could only have been shown themselves.
    """
    with translation.override(language or translation.get_language()):
        html = render_to_string(template_name, context)
        styles = report_styles(template_name)
    key = kept_pdf_key(html, styles)
    kept = caches[KEPT_REPORTS].get(key)
    if kept is not None:
        return kept
    pdf = html_to_pdf(html, styles.sheets)
    if len(pdf) <= KEEP_PDF_UP_TO:
        caches[KEPT_REPORTS].set(key, pdf, KEEP_SECONDS)
    return pdf


def kept_pdf_key(html: str, styles: ReportStyles) -> str:
    """What a PDF is kept under: its HTML, its stylesheets' text and WeasyPrint's version."""
    digest = hashlib.sha256(styles.digest + html.encode()).hexdigest()
    return f"pdf:{weasyprint.__version__}:{digest}"


def html_to_pdf(html: str, stylesheets: Sequence[CSS] = ()) -> bytes:
    """A report's HTML, as rendered from its template, laid out and written as PDF bytes."""
    with full_collections_deferred():
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=ReportFetcher())
        return document.write_pdf(stylesheets=stylesheets, font_config=thread_fonts())


_fonts = threading.local()


def thread_fonts() -> FontConfiguration:
    """This thread's font configuration, made at its first report and used for all after.

    A new one reads Fontconfig's configuration and starts a Pango font map with nothing
    loaded: every report then opened its fonts and shaped its first words cold, some 4% of
    a visit report's time. Reports bring no fonts of their own (no @font-face), so what it
    holds is the same for all of them. A Pango font map is not safe to share between
    threads, and a server may make reports in several at once: one per thread."""
    config = getattr(_fonts, "config", None)
    if config is None:
        config = _fonts.config = FontConfiguration()
    return config


def report_stylesheets(template_name: str) -> tuple[CSS, ...]:
    return report_styles(template_name).sheets


def report_styles(template_name: str) -> ReportStyles:
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
def _parsed_stylesheets(template_name: str, language: str) -> ReportStyles:
    # Given to WeasyPrint as user stylesheets: with no author stylesheet left in the HTML
    # (only style attributes, which win either way), they cascade as they did inline.
    with translation.override(language):
        context = {"page_counter_css": page_counter_css(), "font_family": FONT_FAMILY}
        names = ("reports/base_report.css", template_name.removesuffix(".html") + ".css")
        texts = [render_to_string(name, context) for name in names]
        return ReportStyles(
            sheets=tuple(CSS(string=text, base_url=BASE_URL) for text in texts),
            digest=hashlib.sha256("\0".join(texts).encode()).digest(),
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

    Kept by the file's name: an upload's stored name is new for every file (a record's code),
    so it names one picture for good. A report printed again then costs no decoding.
    A missing or broken file is not kept, in case it was only out of reach for a moment.
    """
    key = f"photo:{max_side}:{hashlib.sha256(name.encode()).hexdigest()}"
    uri = caches[KEPT_REPORTS].get(key)
    if uri is None:
        uri = _downscaled_data_uri(name, max_side)
        if uri is not None:
            caches[KEPT_REPORTS].set(key, uri, KEEP_SECONDS)
    return uri


def _downscaled_data_uri(name: str, max_side: int) -> str | None:
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


def png_data_uri(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def svg_data_uri(svg: str | bytes) -> str:
    data = svg.encode("utf-8") if isinstance(svg, str) else svg
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


def pdf_response(pdf: bytes, filename: str, *, as_attachment: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response
