"""`/docs` renders the API's operations in Chromium with every non-local request cut off."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from tests.web.conftest import LOCAL_HOSTS, shot

pytestmark = pytest.mark.browser


def test_swagger_ui_renders_without_network(page: Page) -> None:
    blocked: list[str] = []

    def local_only(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", local_only)
    page.goto("/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Simbioze assistant")
    search = page.locator(".opblock-summary-path", has_text="/api/search").first
    expect(search).to_be_visible()
    assert page.locator(".opblock").count() > 20
    search.click()
    expect(page.locator(".opblock.is-open .parameters")).to_contain_text("q")
    shot(page, "api-docs")
    assert not blocked, f"/docs asked other hosts: {blocked}"
