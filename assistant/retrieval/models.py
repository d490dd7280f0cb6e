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


class SearchTrace(BaseModel):
    query: str
    query_lang: str
    mode: str
    expansion: list[str]
    filters: dict[str, str]
    candidates: list[HitTrace]
    below_floor: int


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
