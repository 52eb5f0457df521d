"""Documents that tests upload: real ones, since uploads are judged by their content."""

import io

from pypdf import PdfWriter


def pdf_bytes() -> bytes:
    """A small, well-formed PDF of one blank page."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
