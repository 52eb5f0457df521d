"""kotaku/lib/uploads.py: the kind of a file is read from its content, never from its name."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

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


# What a refusal says, and PDFs that act by themselves ---------------------------------------


def test_a_refusal_says_which_files_are_accepted():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        uploads.check_upload(SimpleUploadedFile("x.html", b"<html><script>alert(1)</script>"))
    assert refused.value.messages == [
        "This kind of file cannot be attached. Attach a photo (JPEG, PNG or WebP) or a "
        "document as PDF, Word or Excel."
    ]


def test_a_zip_that_is_no_office_document_is_refused_with_the_same_answer():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        uploads.check_upload(_zip({"payload.php": "<?php ?>"}))
    assert "a document as PDF, Word or Excel" in refused.value.messages[0]


def _pdf(build=None) -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if build:
        build(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile("laporan.pdf", buffer.getvalue())


def _names_javascript(writer):
    script = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("x")}
    )
    tree = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("a"), writer._add_object(script)])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})


def _launch(writer):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
    )


def _open_script(writer):
    script = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("x")}
    )
    writer._root_object[NameObject("/AA")] = DictionaryObject(
        {NameObject("/WC"): writer._add_object(script)}
    )


def _page_script(writer):
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): DictionaryObject({NameObject("/JS"): TextStringObject("x")})}
    )


def _chained_launch(writer):
    launch = DictionaryObject({NameObject("/S"): NameObject("/Launch")})
    first = DictionaryObject(
        {NameObject("/S"): NameObject("/GoTo"), NameObject("/Next"): writer._add_object(launch)}
    )
    writer._root_object[NameObject("/OpenAction")] = first


def _annotation(annotation: dict):
    def build(writer):
        entries = {NameObject("/Type"): NameObject("/Annot"), **annotation}
        writer.pages[0][NameObject("/Annots")] = ArrayObject(
            [writer._add_object(DictionaryObject(entries))]
        )

    return build


def _script() -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("x")}
    )


def _form_field_script(writer):
    # A field without a widget on any page: only the form's field tree holds it.
    kid = writer._add_object(DictionaryObject({NameObject("/AA"): DictionaryObject(
        {NameObject("/K"): _script()})}))  # fmt: skip
    field = writer._add_object(DictionaryObject({NameObject("/Kids"): ArrayObject([kid])}))
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([field])}
    )


def _xfa_form(writer):
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp/>")}
    )


def _bookmarks(action_of_the_nested_one):
    def build(writer):
        top = writer.add_outline_item(title="Bab 1", page_number=0)
        nested = writer.add_outline_item(title="Bagian 1.1", page_number=0, parent=top)
        writer.add_outline_item(title="Bab 2", page_number=0)
        if action_of_the_nested_one is not None:
            nested.get_object()[NameObject("/A")] = action_of_the_nested_one()

    return build


LINK_TO_SCRIPT = _annotation({
    NameObject("/Subtype"): NameObject("/Link"),
    NameObject("/A"): DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("x")}
    ),
})  # fmt: skip
FILE_ATTACHMENT = _annotation({NameObject("/Subtype"): NameObject("/FileAttachment")})


@pytest.mark.parametrize(
    ("build", "says"),
    [
        (_names_javascript, "scripts"),
        (_launch, "scripts"),
        (_open_script, "scripts"),
        (_page_script, "scripts"),
        (_chained_launch, "scripts"),
        (LINK_TO_SCRIPT, "scripts"),
        (lambda w: w.add_attachment("payload.exe", b"MZ..."), "embedded files"),
        (FILE_ATTACHMENT, "embedded files"),
        (_form_field_script, "scripts"),
        (_xfa_form, "scripts"),
        (_bookmarks(_script), "scripts"),
    ],
    ids=["names-javascript", "open-launch", "document-aa", "page-aa", "next-chain",
         "annotation-action", "embedded-files", "file-attachment-annotation",
         "form-field-script", "xfa-form", "bookmark-script"],
)  # fmt: skip
def test_a_pdf_that_acts_by_itself_is_refused(build, says):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        uploads.check_upload(_pdf(build))
    assert says in refused.value.messages[0]


def _open_at_first_page(writer):
    # Word and LibreOffice write this: a destination, not an action.
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [writer.pages[0].indirect_reference, NameObject("/Fit")]
    )


def _link_to_website(writer):
    _annotation({
        NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/A"): DictionaryObject(
            {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("https://pu.go.id")}
        ),
    })(writer)  # fmt: skip


@pytest.mark.parametrize("build", [None, _open_at_first_page, _link_to_website, _bookmarks(None)])
def test_an_ordinary_pdf_is_accepted(build):
    assert uploads.check_upload(_pdf(build)).extension == "pdf"


def test_a_pdf_too_damaged_to_check_is_refused():
    with translation.override("en"), pytest.raises(ValidationError, match="damaged"):
        uploads.check_upload(SimpleUploadedFile("x.pdf", b"%PDF-1.4\n garbage without objects"))


def test_a_pdf_locked_by_a_password_is_refused():
    def encrypt(writer):
        writer.encrypt(user_password="rahasia", owner_password="pemilik")

    with translation.override("en"), pytest.raises(ValidationError, match="password"):
        uploads.check_upload(_pdf(encrypt))
