"""Generated input for the fuzz tests: form values, hostile values, and uploaded files.

A form's data is drawn either all valid (so that successful saves are exercised too) or field by
field from a mix of valid values and junk: control characters, very long text, numbers out of
range, impossible dates, wrong choices, a list where one value is expected, a missing field.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass
from operator import mul

from hypothesis import strategies as st
from PIL import Image

from tests.documents import pdf_bytes

OMIT = None  # a field drawn as OMIT is left out of the post

# Text people type, in any script, without control characters.
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
)
DATE = st.dates(datetime.date(2020, 1, 1), datetime.date(2035, 12, 31)).map(str)
BOOL = st.sampled_from(["on", "true", "1", ""])

SCALAR_JUNK = st.one_of(
    st.text(max_size=30),  # any code point but surrogates: NUL, controls, RTL marks...
    st.builds(mul, st.characters(codec="utf-8"), st.integers(150, 6000)),  # very long
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "-1",
            "0",
            "1e309",
            "NaN",
            "-inf",
            "0x1F",
            "9" * 40,
            "1.5",
            "0000-00-00",
            "2026-02-30",
            "0001-01-01",
            "9999-12-31",
            "10000-01-01",
            "31/12/2026",
            "2026-13-01",
            "null",
            "[]",
            "{}",
            "on",
            "\u202e",
            "\U0001d518\U0001d52b",  # astral-plane letters
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "../../etc/passwd",
            "%00",
        ]
    ),
)


def junk(valid: st.SearchStrategy) -> st.SearchStrategy:
    """A field's value: valid, junk, a list of values, or missing."""
    one = st.one_of(valid, SCALAR_JUNK)
    return st.one_of(valid, SCALAR_JUNK, st.lists(one, min_size=2, max_size=3), st.none())


def form(valid: dict[str, st.SearchStrategy]) -> st.SearchStrategy:
    """Post data for a form whose fields are drawn from `valid`: all valid, or mixed with junk,
    or a bag of unrelated keys."""
    return st.one_of(
        st.fixed_dictionaries(valid),
        st.fixed_dictionaries({name: junk(strategy) for name, strategy in valid.items()}),
        st.dictionaries(st.text(max_size=10), SCALAR_JUNK, max_size=4),
    ).map(lambda data: {k: v for k, v in data.items() if v is not OMIT})


def ids(*valid: int) -> st.SearchStrategy:
    """A primary key: one of `valid`, or any other number (another city's record, none at all)."""
    return st.one_of(st.sampled_from(valid), st.integers(-5, 10**6)).map(str)


# ---- Files ----------------------------------------------------------------------------------


def _image(fmt: str, size=(40, 30), mode="RGB", **options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "teal").save(buffer, fmt, **options)
    return buffer.getvalue()


def _zip(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


TYPES = "[Content_Types].xml"


JPEG = _image("JPEG")
PNG = _image("PNG", mode="RGBA")
# Images the app accepts: small, in every format people's phones produce.
IMAGES = [JPEG, PNG, _image("WEBP"), _image("GIF", mode="P"), _image("JPEG", mode="CMYK")]
# ~50 megapixels in a few kilobytes: must be refused before it is decoded.
BOMB = _image("PNG", size=(7200, 7200), mode="1")
DOCUMENTS = [
    pdf_bytes(),
    _zip({TYPES: "<Types/>", "word/document.xml": "<w/>"}),  # docx
    _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}),  # ods
]
HOSTILE = [
    b"",
    b"<?php system($_GET['c']); ?>",
    b"<html><script>alert(document.cookie)</script></html>",
    b"GIF89a<script>alert(1)</script>",
    JPEG + b"<?php phpinfo(); ?>",  # polyglot: a photo with a script appended
    JPEG[: len(JPEG) // 2],  # truncated
    PNG[:40],
    b"\xff\xd8\xff\xe0" + b"\x00" * 100,  # a JPEG header and nothing else
    b"%PDF-<html><script>alert(1)</script>",
    b"PK\x03\x04" + b"junk" * 20,  # a zip signature but no archive
    _zip({TYPES: "<Types/>"}),  # an office archive with no document in it
    _zip({"payload.php": "<?php phpinfo(); ?>"}),  # a zip, not an office document
    b"\xd0\xcf\x11\xe0" + b"junk" * 20,  # an OLE signature but no document
    _image("TIFF"),
    _image("BMP"),
    BOMB,
]
NAMES = st.one_of(
    st.sampled_from(
        [
            "photo.jpg",
            "../../x.jpg",
            "..\\..\\x.jpg",
            "/etc/passwd",
            "x.php.jpg",
            "x.jpg.php",
            ".htaccess",
            "CON.jpg",
            "x" * 300 + ".jpg",
            "résumé.png",
            "laporan.pdf",
            "laporan.docx",
            "x.exe",
            "noextension",
            "%2e%2e%2fx.jpg",
            "x\u202egpj.exe",
        ]
    ),
    st.builds("{}.{}".format, TEXT, st.sampled_from(["jpg", "png", "pdf", "docx", "svg"])),
)


# A spreadsheet as CSV: rows of any text, commas and quotes included.
CSV = st.lists(st.lists(st.text(max_size=12), max_size=6), max_size=6).map(
    lambda rows: "\n".join(",".join(row) for row in rows).encode()
)


def oversized(limit: int) -> bytes:
    """A JPEG header padded one byte past the upload limit."""
    return b"\xff\xd8\xff\xe0" + b"\x00" * (limit - 3)


@dataclass(frozen=True)
class RawFile:
    """A file to upload under exactly this name (Django's test client would strip paths)."""

    name: str
    content: bytes


BOUNDARY = "fuzz-boundary-7d1c"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


def multipart(data: dict) -> bytes:
    """Encode post data by hand, file names included as given: `../../x.jpg` reaches the
    server as such, the way a hostile client would send it."""
    parts = []
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, RawFile):
                head = f'name="{key}"; filename="{item.name}"\r\nContent-Type: image/jpeg'
                body = item.content
            else:
                head, body = f'name="{key}"', str(item).encode()
            parts.append(f"--{BOUNDARY}\r\nContent-Disposition: form-data; {head}\r\n\r\n".encode())
            parts.append(body + b"\r\n")
    return b"".join([*parts, f"--{BOUNDARY}--\r\n".encode()])


def files(limit: int, max_size: int = 1) -> st.SearchStrategy:
    """Uploaded files with any name and good, hostile or oversized content."""
    content = st.one_of(
        st.sampled_from(IMAGES),
        st.sampled_from(DOCUMENTS),
        st.sampled_from(HOSTILE),
        st.binary(max_size=200),
        st.just(oversized(limit)),
        CSV,
    )
    upload = st.builds(RawFile, NAMES, content)
    return upload if max_size == 1 else st.lists(upload, max_size=max_size)
