"""Language detection (Latvian / English) with lingua, a maintained statistical detector."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Detected:
    lang: str  # "lv" or "en"
    confidence: float


@lru_cache
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.LATVIAN, Language.ENGLISH).build()


_LV_LETTERS = frozenset("āčēģīķļņšūž")


def detect_language(text: str, default: str = "en") -> Detected:
    """The likelier of lv/en; Latvian diacritics settle short or ambiguous texts."""
    if not text.strip():
        return Detected(default, 0.0)
    if any(ch in _LV_LETTERS for ch in text.lower()):
        return Detected("lv", 1.0)
    values = _detector().compute_language_confidence_values(text)
    best = values[0]
    lang = "lv" if best.language.name == "LATVIAN" else "en"
    return Detected(lang, float(best.value))
