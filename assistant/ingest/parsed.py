"""A parsed document: metadata plus sections that keep their heading path."""

from __future__ import annotations

from dataclasses import dataclass, field

DOC_TYPES = ("regulation", "good_practice", "guide", "glossary", "case", "company")
LANGS = ("lv", "en")


@dataclass
class Section:
    path: list[str]  # headings below the title, outermost first
    text: str


@dataclass
class ParsedDocument:
    doc_id: str
    title: str
    lang: str
    type: str
    jurisdiction: str
    sources: list[str]
    format: str
    sections: list[Section] = field(default_factory=list)
    reviewed: str | None = None
    translation_of: str | None = None
