"""Signing in and out in Chromium through the real form: a company user gets the chat and
asks a question (the page sends the CSRF token), but no dashboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from assistant.composition import Services
from tests.support.auth import PASSWORD
from tests.web.conftest import shot

pytestmark = pytest.mark.browser
COMPANY = "SIA Demo Granulas (fiktīvs)"


def test_sign_in_ask_and_sign_out(browser: Browser, base_url: str, web_services: Services) -> None:
    web_services.auth.create_user("Granulu Inese", "company", COMPANY, password=PASSWORD)
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    page.goto("/dashboard?lang=en")
    expect(page).to_have_url(f"{base_url}/login?next=/dashboard%3Flang%3Den")
    page.get_by_label("Name").fill("Granulu Inese")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#login-error")).to_contain_text("Wrong name or password")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Not for your role")).to_be_visible()
    expect(page.locator("#me-name")).to_contain_text("Granulu Inese")
    shot(page, "sign-in-company-user-no-dashboard")

    page.goto("/?lang=en")
    page.wait_for_selector("html[data-ready]", state="attached")
    expect(page.get_by_role("link", name="Dashboard")).to_have_count(0)
    page.locator("#question").fill("When is a production residue a by-product?")
    page.locator("#question").press("Enter")
    answer = page.locator(".msg.assistant").last
    expect(answer.locator(".feedback")).to_be_visible()
    expect(answer.locator(".answer-text")).to_contain_text("four cumulative conditions")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{base_url}/login")
    page.goto("/")
    expect(page).to_have_url(f"{base_url}/login?next=/")
    context.close()
