"""Heading-aware chunking: sections split on paragraphs, then sentences, up to a size."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.ingest.parsed import ParsedDocument

_SENTENCE = re.compile(r"(?<=[.!?;])\s+")


@dataclass(frozen=True)
class ChunkDraft:
    ordinal: int
    section: str  # "Title > Heading > Subheading", for citations
    text: str


def chunk_document(doc: ParsedDocument, max_chars: int) -> list[ChunkDraft]:
    drafts: list[ChunkDraft] = []
    for section in doc.sections:
        path = " > ".join([doc.title, *section.path])
        for piece in split_text(section.text, max_chars):
            drafts.append(ChunkDraft(len(drafts), path, piece))
    return drafts


def split_text(text: str, max_chars: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    for block in _blocks(text, max_chars):
        if current and len(current) + len(block) + 2 > max_chars:
            pieces.append(current)
            current = block
        else:
            current = f"{current}\n\n{block}" if current else block
    if current:
        pieces.append(current)
    return pieces


def _blocks(text: str, max_chars: int) -> list[str]:
    """Paragraphs, with any paragraph longer than the limit cut at sentence ends."""
    blocks: list[str] = []
    for para in (p.strip() for p in re.split(r"\n\s*\n", text)):
        if not para:
            continue
        if len(para) <= max_chars:
            blocks.append(para)
            continue
        current = ""
        for sentence in _SENTENCE.split(para):
            while len(sentence) > max_chars:
                blocks.append(sentence[:max_chars])
                sentence = sentence[max_chars:]
            if current and len(current) + len(sentence) + 1 > max_chars:
                blocks.append(current)
                current = sentence
            else:
                current = f"{current} {sentence}".strip()
        if current:
            blocks.append(current)
    return blocks
