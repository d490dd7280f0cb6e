from pathlib import Path

import pytest

from assistant.errors import InvalidInput, UnsupportedFile
from assistant.ingest.loaders import load, sniff
from tests.conftest import SAMPLE_LV


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with real text (offsets computed, so any reader accepts it)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_markdown_front_matter_is_read():
    doc = load(Path("x.md"), SAMPLE_LV.encode(), "fallback")
    assert (doc.doc_id, doc.lang, doc.type, doc.jurisdiction) == (
        "sample-landfill-tax-lv",
        "lv",
        "regulation",
        "LV",
    )
    assert doc.translation_of == "sample-landfill-tax-en"
    assert doc.reviewed == "2026-11-24"
    assert [s.path for s in doc.sections] == [["Likmes"], ["Zāģskaidas"]]


def test_markdown_without_front_matter_gets_defaults():
    doc = load(Path("Notes.md"), "# Piezīmes\n\nŠķelda un zāģskaidas.".encode(), "notes")
    assert doc.doc_id == "notes" and doc.title == "Piezīmes" and doc.lang == "lv"


@pytest.mark.parametrize("field,value", [("lang", "de"), ("type", "poem")])
def test_invalid_front_matter_values_are_rejected(field, value):
    text = f"---\nid: a\n{field}: {value}\n---\n# A\ntext"
    with pytest.raises(InvalidInput, match=field):
        load(Path("a.md"), text.encode(), "a")


def test_html_keeps_headings_as_sections():
    html = (
        b"<html><head><title>Permits</title><script>x()</script></head><body>"
        b"<h1>Permits</h1><h2>VVD</h2><p>Apply through TULPE.</p></body></html>"
    )
    doc = load(Path("p.html"), html, "p")
    assert doc.title == "Permits"
    assert doc.sections[0].path == ["VVD"] and "TULPE" in doc.sections[0].text
    assert "x()" not in doc.sections[0].text


def test_pdf_text_is_extracted_per_page():
    doc = load(Path("r.pdf"), minimal_pdf("Landfill tax 130 EUR per tonne"), "r")
    assert doc.sections[0].path == ["p. 1"]
    assert "Landfill tax 130" in doc.sections[0].text


def test_broken_pdf_is_a_clear_error():
    with pytest.raises(InvalidInput):
        load(Path("b.pdf"), b"%PDF-1.4\nthis is not really a pdf", "b")


def test_plain_text_uses_first_line_as_title():
    doc = load(Path("t.txt"), b"Water reuse\n\nCooling water can feed fish farms.", "t")
    assert doc.title == "Water reuse" and doc.format == "text"


def test_unsupported_extension():
    with pytest.raises(UnsupportedFile):
        load(Path("sheet.xlsx"), b"PK", "s")


@pytest.mark.parametrize(
    "fmt,data",
    [("pdf", b"hello"), ("markdown", b"\x00\x01binary"), ("html", b"just text, no markup")],
)
def test_content_sniffing_rejects_mislabelled_files(fmt, data):
    with pytest.raises(UnsupportedFile):
        sniff(fmt, data)
