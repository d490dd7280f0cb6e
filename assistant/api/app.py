"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from assistant import __version__
from assistant.api.errors import install_error_handlers
from assistant.api.middleware import BodyLimitMiddleware
from assistant.api.routes import (
    chat,
    companies,
    documents,
    health,
    impact,
    openai_compat,
    outreach,
    pipeline,
    search,
    synergies,
    taxonomy,
)
from assistant.config import Settings, get_settings
from assistant.core.container import Services
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
    )
    app.state.services = services
    install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, upload_max_bytes=services.settings.upload_max_bytes)
    for module in (health, search, documents, companies, synergies, taxonomy, chat, openai_compat,
                   outreach, pipeline, impact, web):
        app.include_router(module.router)
    return app
