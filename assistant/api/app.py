"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from assistant import __version__
from assistant.api.auth_deps import authenticate, require_roles, writes_need
from assistant.api.errors import install_error_handlers
from assistant.api.middleware import BodyLimitMiddleware
from assistant.api.routes import (
    chat,
    companies,
    docs,
    documents,
    health,
    impact,
    openai_compat,
    outreach,
    pipeline,
    search,
    synergies,
    taxonomy,
    users,
)
from assistant.auth.viewer import STAFF
from assistant.composition import Services
from assistant.config import Settings, get_settings
from assistant.web import routes as web


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    services = services or Services(settings or get_settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services.init_db()
        app.state.services = services
        yield
        services.close()

    app = FastAPI(
        title="Simbioze assistant",
        version=__version__,
        description="Knowledge base, synergy engine and facilitation assistant for green "
        "industrial parks (Latvian / English).",
        lifespan=lifespan,
        docs_url=None,  # served from local files by routes/docs.py (no CDN)
        redoc_url=None,
    )
    app.state.services = services
    install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, upload_max_bytes=services.settings.upload_max_bytes)
    _include_routers(app)
    web.install(app)
    return app


def _include_routers(app: FastAPI) -> None:
    """Every /api and /v1 router needs a signed-in viewer; some need a role (the companies
    routes check the company user's own company in the service layer)."""
    signed_in = [Depends(authenticate)]
    staff = [Depends(require_roles(*STAFF))]
    app.include_router(health.router)
    app.include_router(docs.router)
    for module in (search, taxonomy, synergies, chat, openai_compat, users):
        app.include_router(module.router, dependencies=signed_in)
    app.include_router(companies.router, dependencies=[Depends(writes_need(*STAFF, "company"))])
    app.include_router(documents.router, dependencies=[Depends(writes_need(*STAFF))])
    app.include_router(
        impact.router,
        dependencies=[Depends(require_roles(*STAFF, "municipal")), Depends(writes_need(*STAFF))],
    )
    for module in (outreach, pipeline):
        app.include_router(module.router, dependencies=staff)
    app.include_router(web.router)
