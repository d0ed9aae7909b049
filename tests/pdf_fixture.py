"""A small PDF with a text layer, written byte by byte so the test owns every part of it.

One page, Helvetica in WinAnsiEncoding (which covers German letters and „ “), one
line of text per entry; an empty entry leaves a blank line, as between paragraphs.
"""

from __future__ import annotations

LINE_HEIGHT = 16
TOP = 800


def _literal(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_with_lines(lines: list[str], *, title: str | None = None, author: str | None = None) -> bytes:
    """The bytes of a one-page PDF showing `lines`, with an optional document title and author."""
    content = b"".join(
        b"BT /F1 11 Tf 56 %d Td %s Tj ET\n" % (TOP - number * LINE_HEIGHT, _literal(line))
        for number, line in enumerate(lines)
        if line
    )
    info = b"<<"
    if title:
        info += b" /Title " + _literal(title)
    if author:
        info += b" /Author " + _literal(author)
    info += b" >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%sendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        info,
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        len(objects),
        xref,
    )
    return bytes(out)
