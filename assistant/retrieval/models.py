"""What retrieval returns: hits (the public contract) and the trace behind them."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel


class SearchHit(BaseModel):
    doc_id: str
    title: str
    section: str
    text: str
    score: float
    lang: str
    type: str
    sources: list[str]
    chunk_id: str
    jurisdiction: str


class HitTrace(BaseModel):
    chunk_id: str
    keyword_rank: int | None
    keyword_score: float | None
    dense_rank: int | None
    dense_similarity: float | None
    coverage: float
    relevant: bool
    # Cross-lingual search (a `lang` filter): the other-language chunk whose rank carried this
    # one (its twin passage, same section), and whether this passage itself is in another
    # language than the one asked for (no twin passage exists).
    evidence_chunk_id: str | None = None
    other_language: bool = False


class SearchTrace(BaseModel):
    query: str
    query_lang: str
    mode: str
    expansion: list[str]
    filters: dict[str, str]
    candidates: list[HitTrace]
    below_floor: int
    cross_lingual: bool = False  # both languages searched, passages given in the asked one


class SearchResult(BaseModel):
    hits: list[SearchHit]
    trace: SearchTrace


@dataclass(frozen=True)
class ChunkRecord:
    chunk_id: str
    doc_id: str
    title: str
    section: str
    text: str
    lang: str
    type: str
    jurisdiction: str
    sources: list[str] = field(default_factory=list)
    translation_of: str | None = None  # the doc id this document translates (front matter)

    @property
    def index_text(self) -> str:
        return f"{self.title}\n{self.section}\n{self.text}"

    def metadata(self) -> dict[str, str]:
        return {
            "doc_id": self.doc_id,
            "lang": self.lang,
            "type": self.type,
            "jurisdiction": self.jurisdiction,
        }
