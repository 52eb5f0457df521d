"""kotaku/lib/uploads.py: the kind of a file is read from its content, never from its name."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kotaku.lib import uploads


def _zip(entries: dict[str, str], name: str = "laporan.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, content in entries.items():
            archive.writestr(entry, content)
    return SimpleUploadedFile(name, buffer.getvalue())


def _jpeg(extra: bytes = b"", size=(60, 40)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue() + extra)


@pytest.mark.parametrize(
    ("entries", "extension"),
    [
        ({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}, "docx"),
        ({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>"}, "xlsx"),
        ({"mimetype": "application/vnd.oasis.opendocument.text"}, "odt"),
    ],
)
def test_an_office_document_is_stored_with_the_extension_its_content_says(entries, extension):
    # Named .docx whatever it is: the name is not what decides.
    assert uploads.check_upload(_zip(entries, "x.docx")).extension == extension


@pytest.mark.parametrize(
    "upload",
    [
        _zip({"payload.php": "<?php phpinfo(); ?>"}),  # a zip, but not an office document
        _zip({"[Content_Types].xml": "<Types/>"}),  # the marker and no document
        _zip({"mimetype": "text/html"}),
        SimpleUploadedFile("laporan.docx", b"PK\x03\x04" + b"junk" * 20),  # no archive at all
    ],
)
def test_a_zip_that_is_not_an_office_document_is_refused(upload):
    with pytest.raises(ValidationError):
        uploads.check_upload(upload)


def test_a_photo_is_re_encoded_so_anything_appended_to_it_is_gone():
    checked = uploads.check_upload(_jpeg(extra=b"<?php system($_GET['c']); ?>"))
    stored = checked.photo.original.read()
    assert checked.extension == "jpg"
    assert b"<?php" not in stored
    assert Image.open(io.BytesIO(stored)).format == "JPEG"


@pytest.mark.parametrize(
    "content",
    [b"", b"<html><script>alert(1)</script></html>", b"GIF89a<script>", b"\xff\xd8\xff\xe0"],
)
def test_content_that_is_neither_photo_nor_document_is_refused(content):
    with pytest.raises(ValidationError):
        uploads.check_upload(SimpleUploadedFile("foto.jpg", content))


def test_a_truncated_photo_is_refused():
    whole = _jpeg().read()
    with pytest.raises(ValidationError):
        uploads.check_upload(SimpleUploadedFile("foto.jpg", whole[: len(whole) // 2]))


def test_a_file_over_the_limit_is_refused(settings):
    settings.MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError):
        uploads.check_upload(SimpleUploadedFile("x.pdf", b"%PDF-1.4" + b"0" * 1000))


def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded():
    buffer = io.BytesIO()
    Image.new("1", (7200, 7200)).save(buffer, "PNG")  # 52 megapixels in a few kilobytes
    with pytest.raises(ValidationError):
        uploads.check_upload(SimpleUploadedFile("bom.png", buffer.getvalue()))
