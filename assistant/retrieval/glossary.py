"""Latvian <-> English query expansion from the domain glossary (glossary.yaml) and the
reviewed legal variants (variants.yaml: the wording users type next to the knowledge base's)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from assistant import yamlio
from assistant.text.normalize import forms, words


@dataclass(frozen=True)
class Expansion:
    terms: tuple[str, ...]  # the other-language terms added to the query
    concepts: tuple[tuple[str, ...], ...]  # per matched query word: the forms that satisfy it


class Glossary:
    def __init__(self, entries: list[dict[str, list[str]]]) -> None:
        # stemmed phrase (tuple of primary forms) -> all terms of the entry, both languages
        self._phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._max_len = 1
        for entry in entries:
            terms = tuple(t for lang in ("lv", "en") for t in entry.get(lang, []) or [])
            for term in terms:
                key = _key(term)
                if key:
                    merged = self._phrases.get(key, ()) + terms
                    self._phrases[key] = tuple(dict.fromkeys(merged))
                    self._max_len = max(self._max_len, len(key))

    def __len__(self) -> int:
        return len(self._phrases)

    def expand(self, query: str) -> Expansion:
        query_words = words(query)
        keys = [forms(w)[0] for w in query_words]
        added: list[str] = []
        concepts: list[tuple[str, ...]] = []
        i = 0
        while i < len(keys):
            for size in range(min(self._max_len, len(keys) - i), 0, -1):
                terms = self._phrases.get(tuple(keys[i : i + size]))
                if terms:
                    added.extend(terms)
                    concepts.extend(_concept(query_words[j], terms) for j in range(i, i + size))
                    i += size
                    break
            else:
                i += 1
        original = set(query_words)
        extra = tuple(t for t in dict.fromkeys(added) if t.lower() not in original)
        return Expansion(extra, tuple(concepts))


def _key(term: str) -> tuple[str, ...]:
    return tuple(forms(w)[0] for w in words(term))


def _concept(word: str, terms: tuple[str, ...]) -> tuple[str, ...]:
    result = set(forms(word))
    for term in terms:
        for w in words(term):
            result.update(forms(w))
    return tuple(sorted(result))


GLOSSARY_FILES = ("glossary.yaml", "variants.yaml")


def load_entries(name: str) -> list[dict[str, list[str]]]:
    text = resources.files("assistant.retrieval").joinpath(name).read_text("utf-8")
    return list(yamlio.safe_load(text) or [])


@lru_cache
def default_glossary() -> Glossary:
    return Glossary([entry for name in GLOSSARY_FILES for entry in load_entries(name)])
