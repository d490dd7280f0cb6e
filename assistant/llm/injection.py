"""Evidence is data: instructions and active markup hidden in it are cut before anyone sees it.

A sentence in a passage (or a park record) that talks to the assistant ("ignore all previous
instructions…", "tu tagad esi…"; the patterns are in injection.yaml, English and Latvian) is
removed from what the language model gets and from what the offline composer quotes. Markup
that makes a client fetch or link an outside address when an answer is rendered (Markdown
images and links, HTML tags) keeps only its visible text, and web addresses go. The findings
go to the trace.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from assistant import yamlio

MARKUP = "markup"  # the finding for neutralised images, links and HTML


@dataclass(frozen=True)
class Pattern:
    id: str
    lang: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Screened:
    text: str
    found: tuple[str, ...] = ()  # ids of the patterns that matched, MARKUP for markup

    @property
    def neutralised(self) -> bool:
        return bool(self.found)


@cache
def patterns() -> tuple[Pattern, ...]:
    text = resources.files("assistant.llm").joinpath("injection.yaml").read_text("utf-8")
    return tuple(
        Pattern(str(p["id"]), str(p["lang"]), re.compile(str(p["pattern"])))
        for p in yamlio.safe_load(text)
    )


def neutralise(text: str) -> Screened:
    """`text` as data: no instruction-like sentence, no active markup or web address (a
    document's own addresses are its `sources`), no invisible characters and nothing that
    looks like the fence around a data block."""
    plain = _FENCE_LIKE.sub("", _visible(text))
    screened = screen(plain)
    unlinked = _BARE_URL.sub("", inert(screened.text))
    found = screened.found + ((MARKUP,) if unlinked != screened.text else ())
    return Screened(unlinked, found)


def screen(text: str) -> Screened:
    """`text` without the sentences that match an instruction pattern."""
    folded = _fold(text)
    spans: list[tuple[int, int]] = []
    found: list[str] = []
    for pattern in patterns():
        for match in pattern.regex.finditer(folded):
            spans.append(_sentence_around(folded, match.start(), match.end()))
            found.append(pattern.id)
    return Screened(_cut(text, spans), tuple(dict.fromkeys(found)))


def note(where: str, screened: Screened) -> str:
    """The trace's line for one neutralised piece of evidence."""
    return f"neutralised {', '.join(screened.found)} in {where}"


# ---- markup ----------------------------------------------------------------------------------
_TARGET = r"\(\s*<?[^)\s>]*>?(?:\s+[\"'][^\"']*[\"'])?\s*\)"
_IMAGE = re.compile(rf"!\[([^\]]*)\](?:{_TARGET}|\[[^\]]*\])")
_LINK = re.compile(rf"\[([^\]]*)\]{_TARGET}")
_REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_BARE_URL = re.compile(r"\b(?:(?:https?|ftp)://|www\.)[^\s<>\"'`)\]]+", re.IGNORECASE)


def inert(text: str) -> str:
    """Markdown images and links keep their visible text only, HTML tags go: rendering the
    answer must not fetch or link an address that came from a document."""
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REFERENCE.sub("", text)
    text = _AUTOLINK.sub(r"\1", text)
    return _TAG.sub("", text)


# ---- text --------------------------------------------------------------------------------------
_FENCE_LIKE = re.compile(r"<{3,}|>{3,}")
_SENTENCE_START = re.compile(r"[.!?][\"'”’)]*(?=\s)|\n")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s|$)|\n[ \t]*\n")


def _visible(text: str) -> str:
    """Without zero-width and direction-control characters, which can split a keyword."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _fold(text: str) -> str:
    """Lower case without diacritics, one character for one, so spans map back to `text`."""
    return "".join(_fold_char(ch) for ch in text)


def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFKD", ch)[:1] or ch
    return base.lower()[:1] or base


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end]: from the previous sentence end or line break to
    the next sentence end or blank line (an order may run over several lines)."""
    begin = 0
    for boundary in _SENTENCE_START.finditer(text, 0, start):
        begin = boundary.end()
    close = _SENTENCE_END.search(text, end)
    return begin, close.end() if close else len(text)


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    kept: list[str] = []
    position = 0
    for begin, end in sorted(spans):
        if begin > position:
            kept.append(text[position:begin])
        position = max(position, end)
    kept.append(text[position:])
    lines = (re.sub(r"[ \t]{2,}", " ", line).rstrip() for line in "".join(kept).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
