"""The Latvian/English switch on every page, remembered across pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import shot

pytestmark = pytest.mark.browser


def test_switch_the_language(page: Page) -> None:
    page.goto("/?lang=lv")
    expect(page.locator("html")).to_have_attribute("lang", "lv")
    expect(page.locator("h1")).to_have_text(
        "Jautājiet par blakusproduktiem, atkritumiem un partneriem"
    )
    expect(page.get_by_label("Jūsu jautājums")).to_be_visible()
    shot(page, "language-chat-lv")

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Ask about by-products, waste and partners")

    page.get_by_role("link", name="Dashboard").click()
    nav = page.get_by_role("navigation", name="Dashboard sections")
    expect(nav.get_by_role("link", name="Companies and flows")).to_be_visible()

    page.get_by_role("link", name="Latviešu").click()
    nav = page.get_by_role("navigation", name="Pārskata sadaļas")
    expect(nav.get_by_role("link", name="Uzņēmumi un plūsmas")).to_be_visible()
    expect(page.locator("h2#graph-h")).to_have_text("Parka plūsmas")
    assert page.url.split("?")[0].endswith("/dashboard")
    shot(page, "language-dashboard-lv")

    page.get_by_role("link", name="Uzņēmumi un plūsmas").click()
    expect(page.locator("h1")).to_have_text("Uzņēmumi un plūsmas")  # the cookie remembers


def test_the_skip_link_comes_first(page: Page) -> None:
    page.goto("/dashboard?lang=en")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
