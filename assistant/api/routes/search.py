from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from assistant.api.deps import RetrieverDep
from assistant.retrieval.models import SearchHit

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search", response_model=list[SearchHit])
def search(
    retriever: RetrieverDep,
    q: Annotated[str, Query(min_length=1, max_length=4000, pattern=r"\S")],
    k: Annotated[int, Query(ge=1, le=50)] = 5,
    type: Annotated[str | None, Query(max_length=32)] = None,
    lang: Annotated[Literal["lv", "en"] | None, Query()] = None,
    jurisdiction: Annotated[str | None, Query(max_length=16)] = None,
) -> list[SearchHit]:
    """Hybrid keyword + semantic search over the knowledge base, best first."""
    filters = {"type": type or "", "lang": lang or "", "jurisdiction": jurisdiction or ""}
    # a filter here restricts the evidence too (the chat's `lang` names the answer language)
    return retriever.search(q, k, filters=filters, cross_lingual=False).hits
