"""A real uvicorn server with the shipped knowledge base and the demo park, and Playwright's
Chromium (the system /usr/bin/chromium; never a browser download)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from assistant.api.app import create_app
from assistant.composition import Services
from assistant.config import Settings
from assistant.retrieval.embedders import HashEmbedder
from assistant.retrieval.vector_index import InMemoryVectorIndex
from tests.conftest import KNOWLEDGE
from tests.support.auth import session_cookie
from tests.support.server import running

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "web"
LOCAL_HOSTS = ("127.0.0.1", "localhost")
expect.set_options(timeout=15_000)  # answers take longer while the machine is busy
LAUNCH_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if shutil.which(CHROMIUM) is None:
        pytest.fail(
            f"{CHROMIUM} is missing: scripts/test installs Debian's chromium "
            "(apt-get install --no-install-recommends chromium); never a browser download"
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": LAUNCH_FLAGS}


@pytest.fixture(scope="session")
def web_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    from assistant.park import load_demo_park

    data = tmp_path_factory.mktemp("web-data")
    settings = Settings(data_dir=data, embedding_backend="hash", _env_file=None)  # type: ignore[call-arg]
    built = Services(settings, embedder=HashEmbedder(), vectors=InMemoryVectorIndex())
    built.init_db()
    assert not built.ingestor.ingest_paths([KNOWLEDGE]).failed
    load_demo_park(built.park, KNOWLEDGE / "parks" / "demo_park.json")
    yield built
    built.close()


@pytest.fixture(scope="session")
def base_url(web_services: Services) -> Iterator[str]:
    """The running server (overrides pytest-base-url, so `page.goto("/")` works)."""
    with running(create_app(services=web_services)) as url:
        yield url


@pytest.fixture
def page(page: Page, base_url: str, web_services: Services) -> Iterator[Page]:
    """Playwright's page, signed in as a facilitator, failing the test if the browser asks
    any host but this one."""
    page.context.add_cookies(
        [
            {"name": name, "value": value, "url": base_url}
            for name, value in session_cookie(web_services).items()
        ]
    )
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.set_default_timeout(15_000)
    yield page
    foreign = [
        url
        for url in requested
        if urlsplit(url).scheme in ("http", "https", "ws", "wss")
        and urlsplit(url).hostname not in LOCAL_HOSTS
    ]
    assert not foreign, f"the page requested other hosts: {foreign}"


def shot(page: Page, name: str) -> Path:
    """A full-page screenshot in tests/artifacts/web/ for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def ready(page: Page, path: str) -> None:
    """Open a page and wait until its script has run."""
    page.goto(path)
    page.wait_for_selector("html[data-ready]", state="attached")
