"""A company's material in the reader's language."""

from __future__ import annotations

from assistant.chat.tools import ChatTools
from assistant.text.language import reads_as


def in_reader_language(tools: ChatTools, category: str | None, written: str, lang: str) -> str:
    """The material as the company wrote it when that is the reader's language; otherwise the
    taxonomy's label ("stretch film" in a Latvian answer reads "plastmasas plēve")."""
    if reads_as(written, lang):
        return written
    return material_label(tools, category, written, lang)


def material_label(tools: ChatTools, category: str | None, written: str, lang: str) -> str:
    """The material in the reader's language (the taxonomy's label), not as a company wrote it."""
    found = tools.taxonomy.category(category)
    if found is None:
        return written
    return found.lv if lang == "lv" else found.en
