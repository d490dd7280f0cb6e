"""Queries built from documented exchanges, as a user would ask about them: the material's
name (English or Latvian), its EWC code and the donor's NACE code — never the receiver."""

from __future__ import annotations

from collections.abc import Callable

from assistant.synergies.corpus import Exchange
from assistant.synergies.readings import build_query
from assistant.synergies.receivers import Query
from assistant.synergy_rules.registry import Registry
from assistant.taxonomy import Taxonomy


class QueryMaker:
    """Builds (and remembers) the query of each corpus row in each language; the rules and
    taxonomy readings do not depend on the fold, so they are computed once."""

    def __init__(self, taxonomy: Taxonomy, registry: Registry | None = None) -> None:
        self.taxonomy = taxonomy
        self.registry = registry or Registry.load_builtin()
        self._cache: dict[tuple[str, str], Query] = {}

    def query(self, row: Exchange, lang: str) -> Query:
        key = (row.id, lang)
        if key not in self._cache:
            text = row.material_lv if lang == "lv" else row.material_en
            self._cache[key] = build_query(
                self.registry, self.taxonomy, text, row.ewc or None, row.donor_nace
            )
        return self._cache[key]

    def for_row(self, lang: str) -> Callable[[Exchange], Query]:
        return lambda row: self.query(row, lang)
