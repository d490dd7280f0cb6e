"""Material taxonomy suggestions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assistant.api.park_deps import TaxonomyDep
from assistant.taxonomy import TaxonomySuggestion

router = APIRouter(prefix="/api/taxonomy", tags=["taxonomy"])


@router.get("/suggest", response_model=list[TaxonomySuggestion])
def suggest(
    taxonomy: TaxonomyDep,
    text: Annotated[str, Query(min_length=1, max_length=500, pattern=r"\S")],
    k: Annotated[int, Query(ge=1, le=10)] = 3,
) -> list[TaxonomySuggestion]:
    """Top EWC code / category suggestions for a material described in Latvian or English."""
    return taxonomy.suggest(text, k)
