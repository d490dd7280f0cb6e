"""Served pages reference no other host, and the first page stays light (< 200 KB)."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import httpx
import pytest

from assistant.web.render import STATIC
from tests.support.auth import session_cookie

PAGES = [
    "/",
    "/login",
    "/dashboard",
    "/dashboard/companies",
    "/dashboard/companies?open=1",
    "/dashboard/synergies",
    "/dashboard/pipeline",
    "/dashboard/outreach",
    "/dashboard/impact",
    "/dashboard/documents",
    "/dashboard/search",
    "/dashboard/search?q=by-product+sawdust&k=10",
]
URL = re.compile(
    r"(?:https?:|(?:src|href|action)=[\"']|url\([\"']?)//([A-Za-z0-9.\-]+)", re.IGNORECASE
)
LOCAL = {"127.0.0.1", "localhost"}
BUDGET = 200 * 1024
VENDORED = "swagger-ui"


def foreign_hosts(text: str) -> set[str]:
    return {m.group(1) for m in URL.finditer(text) if m.group(1).lower() not in LOCAL}


@pytest.fixture(scope="module")
def client(base_url: str, web_services):
    with httpx.Client(base_url=base_url, timeout=30, cookies=session_cookie(web_services)) as http:
        yield http


@pytest.mark.parametrize("lang", ["lv", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_pages_reference_no_external_url(client: httpx.Client, path: str, lang: str) -> None:
    response = client.get(path, params={"lang": lang})
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert not foreign_hosts(response.text), path


def test_static_files_reference_no_external_url(client: httpx.Client) -> None:
    # Swagger UI's vendored bundle names spec and licence URLs in strings; that it requests
    # none of them is shown in Chromium by test_api_docs.py.
    files = sorted(
        p for p in STATIC.rglob("*") if p.is_file() and VENDORED not in p.relative_to(STATIC).parts
    )
    assert {p.suffix for p in files} >= {".css", ".js"}
    for file in files:
        response = client.get(f"/static/{file.relative_to(STATIC).as_posix()}")
        assert response.status_code == 200
        assert not foreign_hosts(response.text), file.name


def test_the_first_page_is_under_200_kb(client: httpx.Client) -> None:
    html = client.get("/").text
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    seen: dict[str, int] = {"/": len(html.encode())}
    while assets:
        path = assets.pop().split("?")[0]
        if path in seen:
            continue
        body = client.get(path).text
        seen[path] = len(body.encode())
        assets += [urljoin(path, m) for m in re.findall(r'from "(\./[^"]+)"', body)]
    total = sum(seen.values())
    assert any(p.endswith(".css") for p in seen) and any(p.endswith(".js") for p in seen)
    assert total < BUDGET, f"the first page weighs {total} bytes: {seen}"
