"""The chat page in Chromium: a streamed, cited answer; a citation; synergy cards; feedback;
past conversations; a phone-sized screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.web.conftest import ready, shot

pytestmark = pytest.mark.browser
BY_PRODUCT = "When is a production residue a by-product?"
SAWDUST = "We produce 2,400 t of sawdust a year. Who can use it?"


def ask(page: Page, question: str) -> Locator:
    page.locator("#question").fill(question)
    page.locator("#question").press("Enter")
    answer = page.locator(".msg.assistant").last
    expect(answer.locator(".feedback")).to_be_visible()  # the `done` event has arrived
    return answer


def test_ask_a_question_and_see_a_cited_answer(page: Page) -> None:
    ready(page, "/?lang=en")
    answer = ask(page, BY_PRODUCT)
    expect(page.locator(".msg.user .bubble").last).to_have_text(BY_PRODUCT)
    expect(answer.locator(".answer-text")).to_contain_text("four cumulative conditions")
    expect(answer.locator(".answer-text button.cite").first).to_have_text("[1]")
    expect(answer.locator("ol.cites li").first).to_contain_text("[1]")
    expect(answer.locator(".answer-text")).not_to_contain_text("Sources:")
    how = answer.locator("details.how")  # the typed trace, read by the page
    expect(how.locator("summary")).to_have_text("How this answer was made")
    expect(how.locator("dd").nth(1)).to_have_text("Law and permits")
    shot(page, "chat-cited-answer")


def test_open_a_citation_with_the_keyboard(page: Page) -> None:
    ready(page, "/?lang=en")
    answer = ask(page, BY_PRODUCT)
    marker = answer.locator(".answer-text button.cite").first
    marker.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#cite-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#cite-n")).to_have_text("Source [1]")
    first_source = answer.locator("ol.cites li").first.inner_text()
    expect(dialog.locator("#cite-title")).not_to_be_empty()
    assert dialog.locator("#cite-title").inner_text() in first_source
    expect(dialog.locator("#cite-text")).to_contain_text("by-product")
    expect(dialog.locator("#cite-sources li").first).not_to_be_empty()
    shot(page, "chat-citation-dialog")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(marker).to_be_focused()


def test_synergy_cards_feedback_and_past_conversations(page: Page) -> None:
    ready(page, "/?lang=en")
    answer = ask(page, SAWDUST)
    card = answer.locator("article.synergy", has_text="Demo Granulas").first
    expect(card).to_be_visible()
    expect(card.locator(".benefit")).to_contain_text("€ a year")
    expect(card.locator(".legal")).to_contain_text("Legal route (R3)")
    helpful = answer.get_by_role("button", name="Helpful", exact=True)
    helpful.click()
    expect(helpful).to_have_attribute("aria-pressed", "true")
    expect(answer.locator(".feedback [role=status]")).to_have_text("Thank you for the feedback.")
    shot(page, "chat-synergy-cards")

    expect(page).to_have_url(re.compile(r"\?c=\w+"))
    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    expect(page.locator("#history-list a[aria-current=page]")).to_have_text(SAWDUST)
    expect(page.locator(".msg.assistant .answer-text")).to_contain_text("Demo Granulas")
    expect(page.locator(".msg.assistant article.synergy").first).to_be_visible()


def test_not_helpful_takes_a_comment(page: Page) -> None:
    ready(page, "/?lang=en")
    answer = ask(page, "Where can wood ash go?")
    answer.get_by_role("button", name="Not helpful").click()
    comment = answer.get_by_placeholder("What was missing? (optional)")
    expect(comment).to_be_focused()
    comment.fill("More on ash in concrete, please.")
    answer.get_by_role("button", name="Send feedback").click()
    expect(answer.get_by_role("button", name="Not helpful")).to_have_attribute(
        "aria-pressed", "true"
    )


WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 1
               && !e.closest('.dash-nav, .table-wrap'))
  .slice(0, 5).map(e => `${e.tagName}.${e.className}: ${(e.textContent || '').slice(0, 40)}`)"""


def sideways(page: Page) -> list[str]:
    """What sticks out to the right (scrolling containers such as tables excepted)."""
    width = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    return [f"{width}px", *page.evaluate(WIDER_THAN_THE_SCREEN)] if width > 0 else []


def test_the_pages_fit_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    ready(page, "/?lang=lv")
    ask(page, "Kur likt koksnes pelnus?")
    assert sideways(page) == [], "the chat scrolls sideways on a phone"
    shot(page, "chat-phone")
    for path in (
        "/dashboard",
        "/dashboard/companies?open=1",
        "/dashboard/pipeline",
        "/dashboard/synergies",
        "/dashboard/outreach",
        "/dashboard/impact",
    ):
        page.goto(path)
        assert sideways(page) == [], f"{path} scrolls sideways on a phone"
    shot(page, "dashboard-impact-phone")
