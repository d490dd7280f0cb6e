"""Language detection (Latvian / English) with lingua, a maintained statistical detector.

Loading lingua's language models takes about half a second of CPU, a good part of a one-shot
`assistant ask`, so two things spare it:

- a text that is plainly one language by its function words is decided without it: at least
  four words, two or more Latvian function words, a word with a Latvian letter and no English
  function word (or the reverse: two English ones, no Latvian one, no Latvian letter). Every
  other and every short text goes to lingua. tests/startup/test_language.py checks this
  shortcut on the repo's labelled Latvian and English texts.
- lingua's answers are memoised, and a short process (the CLI) keeps the memo in the data
  directory between runs (`load` / `save`, like the stems): the chat's own search queries
  ("blakusprodukta 5. pants Atkritumu") recur in every process. The file holds hashes of the
  texts, never the texts, and is keyed by this module's code and the installed lingua.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from assistant import cachefile


@dataclass(frozen=True)
class Detected:
    lang: str  # "lv" or "en"
    confidence: float


@lru_cache
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.LATVIAN, Language.ENGLISH).build()


_LV_LETTERS = frozenset("āčēģīķļņšūž")
_WORD = re.compile(r"[^\W\d_]+")
# Function words of one language that are not words of the other ("no", "to", "a" are both).
_LV_WORDS = frozenset(
    "ir un kas ko kā kur kuri kuras kurš kura kuru kurā kuram kuriem var vai ar uz par mums "
    "mūsu mēs mūs jūs jums jūsu tās tas tā šo šī šis šie šīs nav arī bet jo kad ka lai pēc līdz "
    "tikai vēl kāds kāda kādi kādas kādu cik tiek būt tiem tām viņi viņu sava savu savā "
    "kāpēc vajag drīkst".split()
)
_EN_WORDS = frozenset(
    "the and is are of what which who whose can could would should we our us you your have has "
    "with for how does do an it its this that these those from by be there their they any "
    "anyone about into when where why will was were if or not on at in been being than then "
    "also but so".split()
)
_MIN_WORDS = 4  # shorter texts always go to lingua
_memo: dict[str, Detected] = {}  # sha256 of a text -> what `_lingua` said
_MEMO_LIMIT = 20_000  # entries kept (~1 MB on disk); beyond it the memo starts again
_learnt = 0  # answers this process added to the memo


def reads_as(name: str, lang: str) -> bool:
    """Whether a short name (a company's material, "stretch film", "kartons") reads as `lang`.
    Any lean counts ("kartons": Latvian at 0.54): callers replace a name that does not with a
    label in `lang`, so a wrong call costs only the company's wording."""
    return detect_language(name).lang == lang


def detect_language(text: str, default: str = "en") -> Detected:
    """The likelier of lv/en. Latvian diacritics settle only short or ambiguous texts: an
    English question may well name a Latvian company ("Demo Metālapstrāde here…")."""
    if not text.strip():
        return Detected(default, 0.0)
    quick = plainly(text)
    if quick is not None:
        return Detected(quick, 1.0)
    plain = [w for w in text.split() if not any(ch in _LV_LETTERS for ch in w.lower())]
    if len(plain) >= 3 and len(plain) < len(text.split()):
        guess = _classify(" ".join(plain))
        if guess.lang == "en" and guess.confidence >= 0.8:
            return guess  # English around Latvian names ("What does Demo Kokapstrāde offer?")
    return _classify(text)


def plainly(text: str) -> str | None:
    """ "lv" or "en" when the text's function words and letters leave no doubt; else None."""
    words = _WORD.findall(text.lower())
    if len(words) < _MIN_WORDS:
        return None
    lv = sum(w in _LV_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    marked = any(ch in _LV_LETTERS for w in words for ch in w)
    if lv >= 2 and marked and not en:
        return "lv"
    if en >= 2 and not lv and not marked:
        return "en"
    return None


def _classify(text: str) -> Detected:
    global _learnt
    key = hashlib.sha256(text.encode()).hexdigest()[:24]
    found = _memo.get(key)
    if found is None:
        found = _lingua(text)
        if len(_memo) >= _MEMO_LIMIT:
            _memo.clear()  # a server's memo stays small: it starts again
        _memo[key] = found
        _learnt += 1
    return found


def _lingua(text: str) -> Detected:
    values = _detector().compute_language_confidence_values(text)
    best = values[0]
    lang = "lv" if best.language.name == "LATVIAN" else "en"
    confidence = float(best.value)
    if confidence < 0.75 and any(ch in _LV_LETTERS for ch in text.lower()):
        return Detected("lv", 0.75)
    return Detected(lang, confidence)


def _path(folder: Path) -> Path:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    spec = find_spec("lingua")
    if spec and spec.origin:  # the compiled detector beside lingua/__init__.py
        for binary in sorted(Path(spec.origin).parent.glob("lingua*.so")):
            stat = binary.stat()
            digest.update(f"{binary.name} {stat.st_size} {stat.st_mtime_ns}".encode())
    return folder / f"languages-{digest.hexdigest()[:24]}.json"


def load(folder: Path) -> None:
    """Read the memo a previous process of the same code left in `folder`."""
    try:
        raw = json.loads(_path(folder).read_text("utf-8"))
        known = {str(k): Detected(str(v[0]), float(v[1])) for k, v in raw.items()}
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        return  # missing, unreadable or of another shape: lingua answers again
    _memo.update(list(known.items())[-_MEMO_LIMIT:])


def save(folder: Path) -> None:
    """Write the memo when this process added to it."""
    if not _learnt:
        return
    body = {k: [d.lang, d.confidence] for k, d in _memo.items()}
    data = json.dumps(body, separators=(",", ":")).encode()
    cachefile.replace(_path(folder), data, "languages-*.json")
