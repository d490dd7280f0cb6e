"""The documented-exchange corpus: real exchanges from published case studies, one row per
donor → receiver flow, each with the publication it comes from (data/exchanges.csv and
data/exchange_sources.yaml; provenance in docs/exchange-corpus.md)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import BaseModel

from assistant import yamlio
from assistant.taxonomy.codes import ewc_bare, normalize_ewc, normalize_nace

DATA = "assistant.synergies"
NON_WASTE = {  # flows with no List of Waste code: their "chapter" is the kind of resource
    "heat": "heat",
    "energy": "energy",
    "water": "water",
    "gas": "gas",
    "fuel": "fuel",
}


@dataclass(frozen=True)
class Exchange:
    id: str
    case: str
    donor: str
    donor_nace: str
    material_en: str
    material_lv: str
    ewc: str  # "10 01 02" or "" for heat, steam, water and gases
    category: str
    receiver: str
    receiver_nace: str
    use: str
    country: str
    status: str
    source: str
    locator: str

    @property
    def division(self) -> str:
        return self.receiver_nace[:2]

    @property
    def donor_division(self) -> str:
        return self.donor_nace[:2]

    @property
    def text(self) -> str:
        return f"{self.material_en} {self.material_lv}"

    @property
    def chapter(self) -> str:
        return chapter(self.ewc, self.category)


class CaseRef(BaseModel):
    """A documented exchange cited in support of a suggestion: what went where, and where a
    facilitator can read about it."""

    id: str
    case: str
    donor: str
    receiver: str
    receiver_nace: str
    material: str
    use: str
    country: str
    source: str
    locator: str = ""
    url: str = ""
    material_en: str = ""
    material_lv: str = ""


def chapter(ewc: str | None, category: str | None = None) -> str:
    """The EWC chapter ("10"), or the kind of a non-waste resource ("heat", "water", …)."""
    code = normalize_ewc(ewc or "")
    if code:
        return code[:2]
    family = (category or "").split(".")[0]
    return NON_WASTE.get(family, "other")


def ewc_levels(ewc: str | None) -> tuple[str, ...]:
    """'10 01 02' -> ('10 01 02', '10 01', '10'); empty for no code."""
    code = normalize_ewc(ewc or "")
    if not code:
        return ()
    bare = ewc_bare(code)
    return bare, bare[:5], bare[:2]


class Corpus:
    def __init__(self, rows: list[Exchange], sources: dict[str, dict[str, str]]) -> None:
        self.rows = rows
        self.sources = sources
        self.by_id = {row.id: row for row in rows}

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def cases(self) -> list[str]:
        return sorted({row.case for row in self.rows})

    def without(self, case: str) -> Corpus:
        return Corpus([r for r in self.rows if r.case != case], self.sources)

    def only(self, cases: set[str]) -> Corpus:
        return Corpus([r for r in self.rows if r.case in cases], self.sources)

    def ref(self, row: Exchange, lang: str = "en") -> CaseRef:
        source = self.sources.get(row.source, {})
        material = row.material_lv if lang == "lv" else row.material_en
        return CaseRef(
            id=row.id,
            case=row.case,
            donor=row.donor,
            receiver=row.receiver,
            receiver_nace=row.receiver_nace,
            material=material,
            use=row.use,
            country=row.country,
            source=source.get("cite", row.source),
            locator=row.locator,
            url=source.get("url", "") or "",
            material_en=row.material_en,
            material_lv=row.material_lv,
        )


def _row(raw: dict[str, str]) -> Exchange:
    clean = {k: (v or "").strip() for k, v in raw.items()}
    clean["ewc"] = normalize_ewc(clean["ewc"]) or clean["ewc"]
    for key in ("donor_nace", "receiver_nace"):
        clean[key] = normalize_nace(clean[key]) or clean[key]
    return Exchange(**clean)


def read_rows() -> list[Exchange]:
    text = resources.files(DATA).joinpath("data", "exchanges.csv").read_text("utf-8")
    return [_row(raw) for raw in csv.DictReader(text.splitlines())]


def read_sources() -> dict[str, dict[str, str]]:
    text = resources.files(DATA).joinpath("data", "exchange_sources.yaml").read_text("utf-8")
    raw: dict[str, Any] = yamlio.safe_load(text) or {}
    return {key: {k: str(v or "") for k, v in value.items()} for key, value in raw.items()}


@lru_cache
def load_corpus() -> Corpus:
    return Corpus(read_rows(), read_sources())
