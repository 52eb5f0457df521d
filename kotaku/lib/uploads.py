"""Checks and processing for uploaded photos and documents.

The uploaded file name and the browser's content type are never trusted: the kind of file is
read from its first bytes, photos are decoded and re-encoded, and stored names are generated.
Re-encoding keeps the pixels only (turned upright as EXIF says): every piece of metadata goes,
EXIF included. When and where the photo was taken is read from its EXIF first
(kotaku/lib/exif.py) and handed back to be stored on the record, not in the file.
"""

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject

from kotaku.lib import exif

# Signatures of the document types people attach: PDF, Office (zip-based and legacy).
DOCUMENT_SIGNATURES = {
    b"%PDF-": "pdf",
    b"PK\x03\x04": "zip",  # docx, xlsx, pptx, odt ...
    b"\xd0\xcf\x11\xe0": "ole",  # doc, xls
}
# What a zip archive holds when it is an office document, and the extension that follows.
OOXML_PARTS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
WEB_MAX_SIDE = 1600
# Decoding a huge image can exhaust memory; refuse anything beyond ~50 megapixels.
MAX_PIXELS = 50_000_000


# Actions a PDF reader may run by itself: scripts and starting programs.
ACTIVE_PDF_ACTIONS = {"/JavaScript", "/Launch"}


def accepted_kinds_message() -> str:
    return _(
        "This kind of file cannot be attached. Attach a photo (JPEG, PNG or WebP) or a "
        "document as PDF, Word or Excel."
    )


def max_upload_bytes() -> int:
    return getattr(settings, "MAX_UPLOAD_BYTES", 10 * 1024 * 1024)


def check_size(upload: UploadedFile) -> None:
    if upload.size > max_upload_bytes():
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_upload_bytes())}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))


@dataclass
class Photo:
    original: ContentFile  # re-encoded at full size
    web: ContentFile  # downscaled for pages and reports
    width: int
    height: int
    # When and where it was taken, from the uploaded file's EXIF (none in the files above).
    place: exif.PhotoPlace = field(default_factory=exif.PhotoPlace)


NOT_A_PHOTO = gettext_lazy("This file is not a photo (JPEG, PNG or WebP).")


def process_photo(upload: UploadedFile) -> Photo:
    """Decode an uploaded image and re-encode it, at full size and for the web.

    Raises ValidationError when the content is not an image we accept.
    """
    check_size(upload)
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            if probe.format not in IMAGE_FORMATS:
                raise ValidationError(NOT_A_PHOTO, code="not_a_photo")
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The photo is too large in pixels."))
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            place = exif.read(image)
            image = ImageOps.exif_transpose(image).convert("RGB")
            original = _jpeg(image, quality=90)
            image.thumbnail((WEB_MAX_SIDE, WEB_MAX_SIDE))
            web = _jpeg(image, quality=80)
            return Photo(original, web, image.width, image.height, place)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(str(NOT_A_PHOTO), code="not_a_photo") from None


def _jpeg(image: Image.Image, quality: int) -> ContentFile:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True)
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def check_document(upload: UploadedFile) -> str:
    """Accept PDF and office documents by their content; return the file extension to store."""
    check_size(upload)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, kind in DOCUMENT_SIGNATURES.items():
        if head.startswith(signature):
            if kind == "pdf":
                check_pdf(upload)
                return "pdf"
            if kind == "zip":
                # Any zip starts like an office document: look inside for what it really is.
                ext = _office_archive_kind(upload)
                upload.seek(0)
                if ext:
                    return ext
                break
            # Legacy Office files do not say cheaply which program wrote them: keep the user's
            # extension only when it is one of theirs.
            ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            return ext if ext in {"doc", "xls", "ppt"} else "ole"
    raise ValidationError(accepted_kinds_message(), code="kind")


def check_pdf(upload: UploadedFile) -> None:
    """Refuse a PDF that can act by itself when opened: JavaScript, launch actions (which
    start programs) or embedded files, in the document's catalog or in its pages'
    annotations. A PDF too damaged to be checked is refused as well."""
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            reason = _("This PDF is protected by a password and cannot be checked.")
        else:
            reason = _pdf_active_content(reader)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError,
            RecursionError, NotImplementedError):  # fmt: skip
        reason = _("This PDF is damaged and cannot be checked. Save it again as PDF.")
    finally:
        upload.seek(0)
    if reason:
        raise ValidationError(reason, code="active_pdf")


def _pdf_active_content(reader: PdfReader) -> str | None:
    """Why the PDF is refused, or None when it holds nothing that acts by itself."""
    scripts = _("This PDF contains scripts or actions that start programs. Print it to a new PDF "
                "without them, or attach it as a Word document.")  # fmt: skip
    attached = _("This PDF contains embedded files. Attach those files separately.")
    catalog = reader.trailer["/Root"].get_object()
    names = _resolve(catalog.get("/Names"))
    if isinstance(names, DictionaryObject):
        if "/JavaScript" in names:
            return scripts
        if "/EmbeddedFiles" in names:
            return attached
    if _acts(catalog.get("/OpenAction")) or _any_acts(catalog.get("/AA")):
        return scripts
    form = _resolve(catalog.get("/AcroForm"))
    if isinstance(form, DictionaryObject):
        if "/XFA" in form:  # XML forms carry their own scripts
            return scripts
        fields = _walk(_resolve(form.get("/Fields")) or [], _kids)
        if any(_node_acts(field) for field in fields):
            return scripts
    # Bookmarks run an action when clicked: each level is a chain of /Next from its /First.
    outlines = _resolve(catalog.get("/Outlines"))
    first = outlines.get("/First") if isinstance(outlines, DictionaryObject) else None
    if any(_node_acts(item) for item in _walk([first], _bookmark_links)):
        return scripts
    for page in reader.pages:
        if _any_acts(page.get("/AA")):
            return scripts
        for annotation in _resolve(page.get("/Annots")) or []:
            annotation = _resolve(annotation)
            if not isinstance(annotation, DictionaryObject):
                continue
            if annotation.get("/Subtype") == "/FileAttachment":
                return attached
            if _node_acts(annotation):
                return scripts
    return None


# More nodes than this in a form's field tree or the bookmarks: the file is made to tire us.
MAX_PDF_NODES = 20_000


def _node_acts(node: DictionaryObject) -> bool:
    """Whether an annotation, form field or bookmark runs a script or a program."""
    return _acts(node.get("/A")) or _any_acts(node.get("/AA"))


def _walk(start: list, children) -> Iterator[DictionaryObject]:
    """The dictionaries reachable from the `start` references through `children(node)` (a
    list of references), each once, depth first; ValueError past MAX_PDF_NODES."""
    stack, seen = list(start), set()
    while stack:
        reference = stack.pop()
        key = getattr(reference, "idnum", None) or id(reference)
        if reference is None or key in seen:
            continue
        seen.add(key)
        if len(seen) > MAX_PDF_NODES:
            raise ValueError("A PDF tree too large to check.")
        node = _resolve(reference)
        if isinstance(node, DictionaryObject):
            yield node
            stack.extend(children(node))


def _kids(field: DictionaryObject) -> list:
    return list(_resolve(field.get("/Kids")) or [])


def _bookmark_links(item: DictionaryObject) -> list:
    return [item.get("/First"), item.get("/Next")]


def _resolve(value):
    return value.get_object() if value is not None else None


def _acts(action, depth: int = 0) -> bool:
    """Whether an action dictionary (or the chain of actions it starts with /Next) runs a
    script or a program. A destination (an array: "open at page 1") does neither."""
    action = _resolve(action)
    if depth > 20:
        return True  # a chain this long is made to hide something
    if isinstance(action, ArrayObject):
        return any(_acts(item, depth + 1) for item in action)
    if not isinstance(action, DictionaryObject):
        return False
    if action.get("/S") in ACTIVE_PDF_ACTIONS or "/JS" in action:
        return True
    return _acts(action.get("/Next"), depth + 1)


def _any_acts(additional_actions) -> bool:
    """Whether any of an /AA dictionary's actions (on open, on close, on focus...) acts."""
    additional_actions = _resolve(additional_actions)
    if not isinstance(additional_actions, DictionaryObject):
        return False
    return any(_acts(action) for action in additional_actions.values())


def _office_archive_kind(upload: UploadedFile) -> str | None:
    """The extension of the office document a zip archive holds, or None when it holds none.

    Reads only the archive's directory and the few bytes of an ODF `mimetype` entry, so a
    compressed "zip bomb" is never inflated.
    """
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    return ODF_MIMETYPES.get(entry.read(100).strip())
            if "[Content_Types].xml" in names:
                for prefix, ext in OOXML_PARTS.items():
                    if any(name.startswith(prefix) for name in names):
                        return ext
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError):  # fmt: skip
        return None
    return None


@dataclass
class CheckedUpload:
    """An upload that passed: a photo (decoded and re-encoded), or a document."""

    photo: Photo | None
    extension: str  # of the file to store: "jpg" for photos


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Accept a photo or a PDF/office document, judged by content; ValidationError otherwise."""
    check_size(upload)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if any(head.startswith(signature) for signature in DOCUMENT_SIGNATURES):
        return CheckedUpload(None, check_document(upload))
    try:
        return CheckedUpload(process_photo(upload), "jpg")
    except ValidationError as error:
        if error.code == "not_a_photo":  # neither photo nor document: say what is accepted
            raise ValidationError(accepted_kinds_message(), code="kind") from None
        raise
