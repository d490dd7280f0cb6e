"""Text normalisation for keyword search: Latvian + English stemming, diacritics folded.

Each word yields a small set of index forms so that "zagskaidas" (typed without diacritics)
meets "zāģskaidas", and an English plural meets its singular.
"""

from __future__ import annotations

import re
import unicodedata

import snowballstemmer
from LatvianStemmer import stem as _lv_stem

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_COMPOUND = re.compile(r"[^\W_]+(?:-[^\W_]+)+", re.UNICODE)
_CODE = re.compile(r"\b(\d{2})\s?(\d{2})\s?(\d{2})(\*?)")
_EN = snowballstemmer.stemmer("english")

STOPWORDS = frozenset(
    """
    a an and are as at be by can could do does for from has have how i if in into is it its me
    my of on or our shall should so than that the their them then there these they this to us
    was we what when where which who whom why will with would you your about any also more most
    other some such only own same very just must may might one two yes no not un ir ar par ko
    kā kas kur kad vai uz no pie pēc bet jo lai arī tā tas tie tās to tam šis šī šo šie šīs mēs
    mums jūs es man mani mūsu jūsu viņš viņa viņi ja ka cik kādi kāds kāda kādas kuri kura kurš
    kuru būt bija būs var varam vajag jābūt nav tikai vēl jau gan kāpēc
    """.split()
)


def fold(text: str) -> str:
    """Lower-case and strip diacritics: 'Zāģskaidas' -> 'zagskaidas'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Lower-cased words; a hyphenated compound also counts joined ('by-product' -> 'byproduct')."""
    found = [w.lower() for w in _WORD.findall(text)]
    found.extend(c.replace("-", "").lower() for c in _COMPOUND.findall(text))
    return found


_FORMS: dict[str, tuple[str, ...]] = {}  # memo of `forms`; `assistant.text.stems` keeps it
_FORMS_MAX = 200_000


def forms(word: str) -> tuple[str, ...]:
    """Index forms of one lower-cased word (Latvian stem, stem of the folded word, English stem)."""
    found = _FORMS.get(word)
    if found is None:
        if len(_FORMS) >= _FORMS_MAX:
            _FORMS.clear()
        found = _FORMS[word] = _forms(word)
    return found


def _forms(word: str) -> tuple[str, ...]:
    folded = fold(word)
    if len(folded) <= 2 or folded.isdigit():
        return (folded,)
    found = {fold(_lv_stem(word)), fold(_lv_stem(folded)), _EN.stemWord(folded)}
    return tuple(sorted(f for f in found if f))


def code_tokens(text: str) -> list[str]:
    """EWC codes ('03 01 05', '030105', '03 01 04*') as single tokens."""
    return [f"ewc{a}{b}{c}" for a, b, c, _star in _CODE.findall(text)]


def is_stopword(word: str) -> bool:
    return word in STOPWORDS or fold(word) in STOPWORDS


def tokenize(text: str, *, drop_stopwords: bool = True) -> list[str]:
    tokens: list[str] = []
    for word in words(text):
        if drop_stopwords and is_stopword(word):
            continue
        tokens.extend(forms(word))
    tokens.extend(code_tokens(text))
    return tokens


def analyse(text: str) -> tuple[list[str], set[str]]:
    """One pass over a chunk: its keyword tokens (`tokenize(text)`) and every form it contains,
    stopwords included (`set(tokenize(text, drop_stopwords=False))`)."""
    keyword_tokens: list[str] = []
    every_form: set[str] = set()
    for word in words(text):
        word_forms = forms(word)
        every_form.update(word_forms)
        if not is_stopword(word):
            keyword_tokens.extend(word_forms)
    codes = code_tokens(text)
    keyword_tokens.extend(codes)
    every_form.update(codes)
    return keyword_tokens, every_form


def concepts(text: str) -> list[tuple[str, ...]]:
    """The query's content words, each as its set of index forms (used for coverage)."""
    result = [forms(w) for w in words(text) if not is_stopword(w)]
    result.extend((tok,) for tok in code_tokens(text))
    return result
