"""The material taxonomy: categories, EWC and NACE lookups, suggestions, flow resolution."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cached_property

from pydantic import BaseModel

from assistant.taxonomy.codes import ewc_bare, nace_levels, normalize_ewc, normalize_nace
from assistant.taxonomy.data import (
    Category,
    EwcEntry,
    NaceEntry,
    load_categories,
    load_ewc,
    load_ewc_lv,
    load_materials,
    load_nace,
)
from assistant.taxonomy.suggest import Encoder, Entry, Hit, Suggester

HEAT_BANDS = (("heat.low", 60.0), ("heat.medium", 120.0), ("heat.high", float("inf")))
_SPLIT = re.compile(r",|\(|\)|;| and | un | or | vai ")


class TaxonomySuggestion(BaseModel):
    ewc_code: str | None
    category: str | None
    label_en: str
    label_lv: str
    score: float
    matched: str
    method: str


class Resolution(BaseModel):
    category: str | None
    ewc_code: str | None
    score: float
    method: str


class Taxonomy:
    def __init__(self, embedder: Encoder | None = None) -> None:
        self._embedder = embedder

    @cached_property
    def categories(self) -> dict[str, Category]:
        return {c.id: c for c in load_categories()}

    @cached_property
    def ewc_codes(self) -> dict[str, EwcEntry]:
        return load_ewc()

    @cached_property
    def nace_codes(self) -> dict[str, NaceEntry]:
        return load_nace()

    @cached_property
    def _ewc_categories(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for category in self.categories.values():
            for code in category.ewc:
                found[ewc_bare(code)].append(category.id)
        for material in load_materials():
            for code in material.codes:
                if material.category not in found[ewc_bare(code)]:
                    found[ewc_bare(code)].append(material.category)
        return dict(found)

    # ---- lookups -----------------------------------------------------------------------
    def category(self, category_id: str | None) -> Category | None:
        return self.categories.get(category_id or "")

    def ewc(self, code: str | None) -> EwcEntry | None:
        normal = normalize_ewc(code or "")
        return self.ewc_codes.get(ewc_bare(normal)) if normal else None

    def nace(self, code: str | None) -> NaceEntry | None:
        normal = normalize_nace(code or "")
        return self.nace_codes.get(normal) if normal else None

    def nace_label(self, code: str, lang: str = "en") -> str:
        for level in nace_levels(code):
            entry = self.nace_codes.get(level)
            if entry:
                return (entry.label_lv or entry.label) if lang == "lv" else entry.label
        return ""

    def categories_for_ewc(self, code: str | None) -> list[str]:
        normal = normalize_ewc(code or "")
        return list(self._ewc_categories.get(ewc_bare(normal), [])) if normal else []

    def is_hazardous(self, ewc_code: str | None, category: str | None) -> bool:
        """A declared EWC code decides (mirror entries differ); otherwise the category does."""
        entry = self.ewc(ewc_code)
        if entry is not None:
            return entry.hazardous
        found = self.category(category)
        return bool(found and found.hazardous)

    # ---- suggestions -------------------------------------------------------------------
    @cached_property
    def suggester(self) -> Suggester:
        return Suggester(self._entries(), self._embedder)

    def _entries(self) -> list[Entry]:
        entries: list[Entry] = []
        for m in load_materials():
            code = m.ewc or self._first_code(m.category)
            entries.extend(Entry(term, m.category, code, "synonym") for term in m.terms)
        for c in self.categories.values():
            code = c.ewc[0] if c.ewc else None
            for label in (c.en, c.lv):
                parts = [p.strip() for p in _SPLIT.split(label) if len(p.strip()) > 3]
                terms = dict.fromkeys([label, *parts])
                entries.extend(Entry(t, c.id, code, "category") for t in terms)
        lv = load_ewc_lv()
        for bare, e in self.ewc_codes.items():
            cats = self._ewc_categories.get(bare, [])
            entries.append(Entry(e.description, cats[0] if cats else None, e.code, "ewc"))
            if bare in lv:
                entries.append(Entry(lv[bare], cats[0] if cats else None, e.code, "ewc"))
        return entries

    def _first_code(self, category_id: str) -> str | None:
        found = self.category(category_id)
        return found.ewc[0] if found and found.ewc else None

    def suggest(self, text: str, k: int = 3) -> list[TaxonomySuggestion]:
        best: dict[tuple[str | None, str | None], Hit] = {}
        for hit in self.suggester.hits(text):
            key = (hit.entry.category, hit.entry.ewc)
            if key not in best or hit.score > best[key].score:
                best[key] = hit
        ranked = sorted(best.values(), key=lambda h: (-h.score, h.entry.kind == "ewc"))
        out: list[TaxonomySuggestion] = []
        seen: set[str] = set()
        for hit in ranked:
            if hit.entry.category and hit.entry.category in seen:
                continue
            seen.add(hit.entry.category or hit.entry.ewc or "")
            out.append(self._public(hit))
            if len(out) == k:
                break
        return out

    def _public(self, hit: Hit) -> TaxonomySuggestion:
        entry, category = hit.entry, self.category(hit.entry.category)
        code = self.ewc(entry.ewc)
        label_en = code.description if code else (category.en if category else entry.text)
        lv = load_ewc_lv().get(ewc_bare(entry.ewc)) if entry.ewc else None
        label_lv = lv or (category.lv if category else "")
        return TaxonomySuggestion(
            ewc_code=code.code if code else entry.ewc,
            category=entry.category,
            label_en=label_en,
            label_lv=label_lv,
            score=round(min(hit.score, 1.0), 4),
            matched=entry.text,
            method=hit.method,
        )

    # ---- flows -------------------------------------------------------------------------
    def resolve_flow(
        self, material: str, ewc_code: str | None = None, temperature_c: float | None = None
    ) -> Resolution:
        """An explicit EWC code decides the category; otherwise the best suggestion does."""
        code = normalize_ewc(ewc_code or "")
        entry = self.ewc(code)
        if code and entry:
            found = self._category_for_code(material, code)
            resolution = Resolution(category=found, ewc_code=entry.code, score=1.0, method="ewc")
        else:
            top = self.suggest(material, k=1)
            resolution = (
                Resolution(
                    category=top[0].category,
                    ewc_code=top[0].ewc_code,
                    score=top[0].score,
                    method=top[0].method,
                )
                if top
                else Resolution(category=None, ewc_code=None, score=0.0, method="none")
            )
        return _heat_band(resolution, temperature_c)

    def _category_for_code(self, material: str, code: str) -> str | None:
        options = self.categories_for_ewc(code)
        if len(options) == 1:
            return options[0]
        ranked = [s.category for s in self.suggest(material, k=10)]
        for category in ranked:
            if category in options or (not options and category):
                return category
        return options[0] if options else None


def _heat_band(resolution: Resolution, temperature_c: float | None) -> Resolution:
    if temperature_c is None or not (resolution.category or "").startswith("heat."):
        return resolution
    band = next(name for name, upper in HEAT_BANDS if temperature_c < upper)
    return resolution.model_copy(update={"category": band})
