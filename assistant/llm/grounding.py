"""Grounding checks: citations that exist, numbers that come from the evidence, and nothing an
answer may not carry (outside links and images, another language, the prompt itself)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from assistant.text.language import detect_language
from assistant.text.normalize import fold

_NUM = re.compile(r"(?<![\w.])(\d{1,3}(?:[ \u00a0,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\w])")
_CITE = re.compile(r"\[(\d{1,3})\]")
_LIST_MARK = re.compile(r"^\s*\d{1,2}\.\s", re.MULTILINE)


def numbers(text: str) -> list[float]:
    """Numbers as written in English or Latvian ('2,400', '2 400', '12,5', '1.8')."""
    found = []
    text = _LIST_MARK.sub(" ", _CITE.sub(" ", text))
    for raw in _NUM.findall(text):
        cleaned = raw.replace("\u00a0", " ")
        if re.fullmatch(r"\d{1,3}(?:[ ,]\d{3})+(?:\.\d+)?", cleaned):
            found.append(float(re.sub(r"[ ,]", "", cleaned)))
        elif re.fullmatch(r"\d{1,3}(?: \d{3})+,\d+", cleaned):
            found.append(float(cleaned.replace(" ", "").replace(",", ".")))
        else:
            found.append(float(cleaned.replace(",", ".")))
    return found


def evidence_numbers(*sources: Any) -> set[float]:
    text = " ".join(
        s if isinstance(s, str) else json.dumps(s, ensure_ascii=False, default=str) for s in sources
    )
    values = set(numbers(text))
    values.update(float(m) for m in re.findall(r"-?\d+(?:\.\d+)?", text))
    return {abs(v) for v in values}


def ungrounded(answer: str, known: Iterable[float]) -> list[float]:
    """Numbers in the answer that no evidence number explains (allowing for rounding)."""
    pool = sorted(set(known))
    return [n for n in numbers(answer) if not _explained(n, pool)]


def _explained(value: float, pool: list[float]) -> bool:
    return any(abs(value - k) <= max(0.51, abs(k) * 0.005) for k in pool)


def cited(text: str) -> list[int]:
    return [int(n) for n in _CITE.findall(text)]


def strip_unknown_citations(text: str, allowed: set[int]) -> str:
    return _CITE.sub(lambda m: m.group(0) if int(m.group(1)) in allowed else "", text)


# ---- what an answer may not carry ---------------------------------------------------------
_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'`)\]]+|\bwww\.[^\s<>\"'`)\]]+", re.IGNORECASE)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\s*[(\[]")
_MD_TARGET = re.compile(
    r"\]\(\s*<?([^)\s>]+)|^[ \t]{0,3}\[[^\]]+\]:[ \t]*<?(\S+?)>?(?:\s|$)", re.MULTILINE
)
_HTML = re.compile(
    r"<\s*(?:img|a|iframe|script|link|svg|object|embed|image|video|audio)\b", re.IGNORECASE
)


def foreign_links(text: str, allowed: Iterable[str]) -> list[str]:
    """Images, HTML and link targets that are not one of the evidence's own source addresses.

    An image is fetched as soon as the answer is rendered, so it is never allowed; a link or a
    bare address must be exactly a cited source (a query string appended to a real source
    address could carry data out)."""
    permitted = {_address(a) for a in allowed}
    found = [m.group(0) for m in _MD_IMAGE.finditer(text)]
    found += [m.group(0) for m in _HTML.finditer(text)]
    targets = [a or b for a, b in _MD_TARGET.findall(text)] + _URL.findall(text)
    found += [t for t in dict.fromkeys(targets) if _address(t) not in permitted]
    return found


def source_addresses(sources: Iterable[str]) -> list[str]:
    return [url for source in sources for url in _URL.findall(source)]


def _address(url: str) -> str:
    trimmed = url.strip().rstrip(".,;:!?")
    scheme, sep, rest = trimmed.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}{sep}{host.lower()}{slash}{path}" if sep else trimmed.lower()


def off_language(text: str, lang: str, min_words: int = 6, share: float = 0.7) -> str | None:
    """The language `text` is clearly written in when that is not `lang` ("lv"/"en", or
    "non-Latin" for another script); None when it is `lang`, mixed or too short to tell.

    Judged line by line: an answer in one language often quotes names, units or a company's
    own description in the other."""
    prose = _URL.sub(" ", _CITE.sub(" ", text))
    letters = [ch for ch in prose if ch.isalpha()]
    if letters and sum(not _latin(ch) for ch in letters) > 0.2 * len(letters):
        return "non-Latin"
    if len(_WORDS.findall(prose)) < min_words:
        return None
    lines = [line for line in prose.splitlines() if len(_WORDS.findall(line)) >= 3]
    judged = sum(len(line) for line in lines)
    other = "en" if lang == "lv" else "lv"
    foreign = sum(len(line) for line in lines if _clearly(line, other))
    return other if judged and foreign >= share * judged else None


_WORDS = re.compile(r"[^\W\d_]{2,}")


def _clearly(text: str, lang: str) -> bool:
    detected = detect_language(text, default="")
    return detected.lang == lang and detected.confidence >= 0.9


def _latin(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN")


def echoes(text: str, source: str, span: int = 8) -> bool:
    """Does `text` repeat `span` consecutive words of `source` (a prompt it must not reveal)?"""

    def runs(value: str) -> set[tuple[str, ...]]:
        found = re.findall(r"\w+", fold(value))
        return {tuple(found[i : i + span]) for i in range(len(found) - span + 1)}

    return bool(runs(text) & runs(source))


def _content_prefixes(value: str, min_chars: int = 5, prefix: int = 5) -> list[str]:
    """The first letters of a text's longer words: enough to match a word whose Latvian
    ending changed."""
    return [
        w[:prefix]
        for w in re.findall(r"[^\W\d_]+", fold(_CITE.sub(" ", value)))
        if len(w) >= min_chars
    ]


def unsupported_words(text: str, evidence: str) -> tuple[int, int]:
    """(content words of `text` found nowhere in `evidence`, content words of `text`).

    A rewording of the offline draft takes its words from it; an answer made of other words
    (an order obeyed from a passage, "PWNED [1]") does not."""
    known = set(_content_prefixes(evidence))
    words = _content_prefixes(text)
    return sum(1 for w in words if w not in known), len(words)


def draft_coverage(text: str, draft: str) -> float:
    """The share of the draft's distinct content words that `text` keeps: an answer that
    drops the draft for a sentence an order demanded keeps almost none."""
    wanted = set(_content_prefixes(draft))
    return len(wanted & set(_content_prefixes(text))) / len(wanted) if wanted else 1.0
