"""Loaders for Markdown (with YAML front matter), plain text, HTML and PDF."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from assistant import yamlio
from assistant.errors import InvalidInput, UnsupportedFile
from assistant.ingest.parsed import DOC_TYPES, LANGS, ParsedDocument, Section

SUPPORTED = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)
_LV_LETTERS = set("āčēģīķļņšūž")


def format_of(path: Path) -> str:
    fmt = SUPPORTED.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFile(f"{path.name}: unsupported file type {path.suffix or '(none)'}")
    return fmt


def load(path: Path, data: bytes, default_id: str) -> ParsedDocument:
    fmt = format_of(path)
    loader = {"markdown": _markdown, "text": _text, "html": _html, "pdf": _pdf}[fmt]
    return loader(path, data, default_id)


def sniff(fmt: str, data: bytes) -> None:
    """Check that the content is what the extension claims (uploads are checked by content)."""
    if fmt == "pdf":
        if not data.lstrip()[:5].startswith(b"%PDF-"):
            raise UnsupportedFile("the file is not a PDF (no %PDF header)")
        return
    if b"\x00" in data[:8192]:
        raise UnsupportedFile("the file is binary, not text")
    text = _decode(data)
    if fmt == "html" and not re.search(r"<(html|body|p|h[1-6]|div)\b", text[:20000], re.I):
        raise UnsupportedFile("the file does not look like HTML")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput("the file is not valid UTF-8 text", str(exc)) from exc


def guess_lang(text: str) -> str:
    sample = text[:5000].lower()
    letters = sum(ch.isalpha() for ch in sample) or 1
    return "lv" if sum(ch in _LV_LETTERS for ch in sample) / letters > 0.01 else "en"


def _meta(raw: dict[str, Any], default_id: str, title: str, body: str, fmt: str) -> ParsedDocument:
    lang = str(raw.get("lang") or guess_lang(body))
    doc_type = str(raw.get("type") or "guide")
    if lang not in LANGS:
        raise InvalidInput(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    if doc_type not in DOC_TYPES:
        raise InvalidInput(f"type must be one of {', '.join(DOC_TYPES)}, not {doc_type!r}")
    sources = raw.get("sources") or []
    if isinstance(sources, str):
        sources = [sources]
    if not isinstance(sources, list):
        raise InvalidInput("sources must be a list of URLs or legal references")
    reviewed = raw.get("reviewed")
    return ParsedDocument(
        doc_id=str(raw.get("id") or default_id).strip(),
        title=str(raw.get("title") or title).strip(),
        lang=lang,
        type=doc_type,
        jurisdiction=str(raw.get("jurisdiction") or "").strip(),
        sources=[str(s) for s in sources],
        format=fmt,
        reviewed=reviewed.isoformat()
        if isinstance(reviewed, date)
        else (str(reviewed) if reviewed else None),
        translation_of=str(raw["translation_of"]) if raw.get("translation_of") else None,
    )


def _markdown(path: Path, data: bytes, default_id: str) -> ParsedDocument:
    text = _decode(data)
    raw: dict[str, Any] = {}
    match = _FRONT.match(text)
    if match:
        try:
            raw = yamlio.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            raise InvalidInput("the YAML front matter does not parse", str(exc)) from exc
        if not isinstance(raw, dict):
            raise InvalidInput("the YAML front matter must be a mapping")
        text = text[match.end() :]
    title, sections = _markdown_sections(text)
    doc = _meta(raw, default_id, title or path.stem, text, "markdown")
    doc.sections = sections
    return doc


def _markdown_sections(text: str) -> tuple[str | None, list[Section]]:
    title: str | None = None
    stack: list[tuple[int, str]] = []
    sections: list[Section] = []
    lines: list[str] = []
    in_fence = False

    def flush() -> None:
        body = "\n".join(lines).strip()
        if body:
            sections.append(Section([h for _, h in stack], body))
        lines.clear()

    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
        if not heading:
            lines.append(line)
            continue
        flush()
        level, name = len(heading.group(1)), heading.group(2).strip()
        if level == 1 and title is None and not sections:
            title = name
            continue
        stack = [(lvl, h) for lvl, h in stack if lvl < level] + [(level, name)]
    flush()
    return title, sections


def _text(path: Path, data: bytes, default_id: str) -> ParsedDocument:
    text = _decode(data)
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    title = first if 0 < len(first) <= 120 else path.stem
    doc = _meta({}, default_id, title, text, "text")
    doc.sections = [Section([], text.strip())] if text.strip() else []
    return doc


def _html(path: Path, data: bytes, default_id: str) -> ParsedDocument:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode(data), "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "noscript"]):
        tag.decompose()
    lines: list[str] = []
    for node in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "pre"]):
        text = " ".join(node.get_text(" ", strip=True).split())
        if not text:
            continue
        name = node.name or ""
        lines.append(f"{'#' * int(name[1])} {text}" if name.startswith("h") else text + "\n")
    title_tag = soup.title.get_text(strip=True) if soup.title else None
    h1_title, sections = _markdown_sections("\n".join(lines))
    body = soup.get_text(" ", strip=True)
    doc = _meta({}, default_id, title_tag or h1_title or path.stem, body, "html")
    doc.sections = sections
    return doc


def _pdf(path: Path, data: bytes, default_id: str) -> ParsedDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        meta_title = (reader.metadata.title if reader.metadata else None) or None
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise InvalidInput("the PDF cannot be read", str(exc)) from exc
    body = "\n".join(pages)
    if not body.strip():
        raise InvalidInput("the PDF has no extractable text (scanned images are not supported)")
    doc = _meta({}, default_id, str(meta_title or path.stem), body, "pdf")
    doc.sections = [Section([f"p. {n}"], text) for n, text in enumerate(pages, 1) if text]
    return doc
