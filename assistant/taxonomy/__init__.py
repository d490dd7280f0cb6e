"""Material taxonomy: resource categories, EWC and NACE codes, LV/EN synonyms, suggestions."""

from __future__ import annotations

from functools import lru_cache

from assistant.taxonomy.taxonomy import Resolution, Taxonomy, TaxonomySuggestion


@lru_cache
def default_taxonomy() -> Taxonomy:
    """A taxonomy without embeddings, for callers that need the code lists and labels only."""
    return Taxonomy()


def suggest(text: str, k: int = 3) -> list[TaxonomySuggestion]:
    return default_taxonomy().suggest(text, k)


def resolve_flow(
    material: str, ewc_code: str | None = None, temperature_c: float | None = None
) -> Resolution:
    return default_taxonomy().resolve_flow(material, ewc_code, temperature_c)


__all__ = [
    "Resolution",
    "Taxonomy",
    "TaxonomySuggestion",
    "default_taxonomy",
    "resolve_flow",
    "suggest",
]
