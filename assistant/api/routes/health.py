from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from assistant.api.deps import ServicesDep
from assistant.errors import BackendUnavailable

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(services: ServicesDep) -> dict[str, str]:
    """The database and the vector index answer."""
    try:
        with services.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        raise BackendUnavailable("the database is unreachable", str(exc)) from exc
    services.vectors.ping()
    return {"status": "ready"}
