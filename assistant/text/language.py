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
    """The likelier of lv/en. Latvian diacritics settle only short or ambiguous texts: an
    English question may well name a Latvian company ("Demo Metālapstrāde here…")."""
    if not text.strip():
        return Detected(default, 0.0)
    plain = [w for w in text.split() if not any(ch in _LV_LETTERS for ch in w.lower())]
    if len(plain) >= 3 and len(plain) < len(text.split()):
        guess = _classify(" ".join(plain))
        if guess.lang == "en" and guess.confidence >= 0.8:
            return guess  # English around Latvian names ("What does Demo Kokapstrāde offer?")
    return _classify(text)


def _classify(text: str) -> Detected:
    values = _detector().compute_language_confidence_values(text)
    best = values[0]
    lang = "lv" if best.language.name == "LATVIAN" else "en"
    confidence = float(best.value)
    if confidence < 0.75 and any(ch in _LV_LETTERS for ch in text.lower()):
        return Detected("lv", 0.75)
    return Detected(lang, confidence)
