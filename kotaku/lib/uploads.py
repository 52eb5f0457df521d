"""Checks and processing for uploaded photos and documents.

The uploaded file name and the browser's content type are never trusted: the kind of file is
read from its first bytes, photos are decoded and re-encoded (which drops anything hidden in
them, and EXIF location after we have read it), and stored names are generated.
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

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


def process_photo(upload: UploadedFile) -> Photo:
    """Decode an uploaded image and re-encode it, at full size and for the web.

    Raises ValidationError when the content is not an image we accept.
    """
    check_size(upload)
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            if probe.format not in IMAGE_FORMATS:
                raise ValidationError(_("This file is not a photo (JPEG, PNG or WebP)."))
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The photo is too large in pixels."))
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image).convert("RGB")
            original = _jpeg(image, quality=90)
            image.thumbnail((WEB_MAX_SIDE, WEB_MAX_SIDE))
            web = _jpeg(image, quality=80)
            return Photo(original, web, image.width, image.height)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(_("This file is not a photo (JPEG, PNG or WebP).")) from None


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
    raise ValidationError(_("Only photos, PDF and office documents can be attached."))


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
    return CheckedUpload(process_photo(upload), "jpg")
