"""The facilitator's dashboard in Chromium: companies and flows with EWC suggestions, the
pipeline board, the outreach editor, impact, documents and the retrieval test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from assistant.composition import Services
from assistant.models.pipeline import SynergyCreate, SynergyMove
from tests.web.conftest import ready, shot

pytestmark = pytest.mark.browser


def test_add_a_company_with_a_flow_and_see_a_synergy(page: Page) -> None:
    ready(page, "/dashboard/companies?lang=en")
    page.get_by_text("Add a company").click()
    form = page.locator("#add-company form")
    form.get_by_label("Name", exact=True).fill("SIA Testa Galdniecība")
    form.get_by_label("NACE code").fill("16.23")
    form.get_by_label("Municipality").fill("Ziemeļu novads")
    form.get_by_role("button", name="Add company").click()

    expect(page).to_have_url(re.compile(r"open=\d+"))
    page.wait_for_selector("html[data-ready]", state="attached")
    company = page.locator("details.company[open]")
    expect(company.locator(":scope > summary")).to_contain_text("SIA Testa Galdniecība")
    expect(company).to_contain_text("No flows yet.")
    synergies = page.get_by_test_id("company-synergies")
    expect(synergies.locator("article.synergy", has_text="Demo Granulas")).to_have_count(0)

    material = page.get_by_role("combobox", name="Material")
    material.press_sequentially("zāģskaidas", delay=20)
    option = page.get_by_role("option", name=re.compile("03 01 05"))
    expect(option).to_be_visible()
    material.press("ArrowDown")
    material.press("Enter")
    expect(page.get_by_label("EWC code")).to_have_value("03 01 05")
    page.get_by_label("Quantity").fill("300")
    page.locator("#flow-form").get_by_role("button", name="Save").click()

    expect(synergies.locator("article.synergy", has_text="Demo Granulas").first).to_be_visible()
    expect(company.locator("table.flows")).to_contain_text("03 01 05")
    shot(page, "dashboard-company-synergies")


def test_a_wrong_nace_code_is_explained(page: Page) -> None:
    ready(page, "/dashboard/companies?lang=en")
    page.get_by_text("Add a company").click()
    form = page.locator("#add-company form")
    form.get_by_label("Name", exact=True).fill("SIA Nepareizs kods")
    form.get_by_label("NACE code").fill("99.99")
    form.get_by_role("button", name="Add company").click()
    expect(form.locator(".status")).to_contain_text("unknown NACE Rev. 2 code")


def test_move_a_synergy_through_the_pipeline(page: Page, web_services: Services) -> None:
    source = web_services.park.find_company("SIA Demo Kokapstrāde (fiktīvs)")
    ready(page, f"/dashboard/synergies?lang=en&company_id={source.id}&q=granulas&kind=pair")
    card = page.locator("article.synergy", has_text="Demo Granulas").first
    card.get_by_role("button", name="Follow in the pipeline").click()
    link = card.get_by_role("link", name="In the pipeline")
    expect(link).to_be_visible()
    anchor = (link.get_attribute("href") or "").split("#")[1]

    ready(page, "/dashboard/pipeline?lang=en")
    deal = page.locator(f"#{anchor}")
    expect(page.locator(f"#stage-identified #{anchor}")).to_be_visible()
    for stage, label in (("contacted", "Contacted"), ("meeting", "Meeting")):
        deal.get_by_label("Move to").select_option(label=label)
        deal.get_by_role("button", name="Move").click()
        expect(page.locator(f"#stage-{stage} #{anchor}")).to_be_visible()

    deal.get_by_label("Move to").select_option(label="Dropped")
    deal.get_by_role("button", name="Move").click()
    expect(deal.locator(".status")).to_have_text(
        "Give a reason to drop the synergy or to move it back."
    )
    expect(page.locator(f"#stage-meeting #{anchor}")).to_be_visible()

    deal.get_by_label("Move to").select_option(label="Contacted")
    deal.get_by_label("Reason").fill("The pellet maker asked for a second meeting later.")
    deal.get_by_role("button", name="Move").click()
    expect(page.locator(f"#stage-contacted #{anchor}")).to_be_visible()
    shot(page, "dashboard-pipeline")


def test_draft_an_outreach_message(page: Page) -> None:
    ready(page, "/dashboard/outreach?lang=en")
    page.get_by_label("Company that has the material").select_option(
        "SIA Demo Alus darītava (fiktīvs)"
    )
    page.get_by_label("Company to write to").select_option("SIA Demo Piena ferma (fiktīvs)")
    page.get_by_label("Material (optional)").fill("alus drabiņas")
    page.get_by_label("Language of the message").select_option("lv")
    page.get_by_role("button", name="Write the draft").click()

    expect(page).to_have_url(re.compile(r"draft=\d+"))
    page.wait_for_selector("html[data-ready]", state="attached")
    expect(page.get_by_label("Subject")).to_have_value(re.compile("alus drabiņas"))
    body = page.get_by_label("Message", exact=True)
    expect(body).to_have_value(re.compile("SIA Demo Piena ferma"))
    expect(page.get_by_test_id("draft-version")).to_have_text("version 1")

    body.fill(body.input_value() + "\n\nAr cieņu,\nParka fasilitators")
    page.get_by_label("What changed (optional)").fill("signature")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_test_id("draft-version")).to_have_text("version 2")
    expect(page.get_by_label("Message", exact=True)).to_have_value(re.compile("Ar cieņu,"))
    expect(page.get_by_role("link", name="Download .eml")).to_have_attribute(
        "href", re.compile(r"/export\?format=eml$")
    )
    shot(page, "dashboard-outreach")


def test_record_measured_impact(page: Page, web_services: Services) -> None:
    created = web_services.pipeline.add(
        SynergyCreate(
            source="SIA Demo Piensaimnieks (fiktīvs)",
            target="SIA Demo Piena ferma (fiktīvs)",
            material="sūkalas",
        )
    )
    web_services.pipeline.move(created.id, SynergyMove(stage="implemented"))
    ready(page, "/dashboard/impact?lang=en")
    record = page.locator("details.record", has_text="sūkalas")
    record.locator("summary").click()
    record.get_by_label("Tonnes a year").fill("3000")
    record.get_by_label("€ a year for the supplier").fill("12000")
    record.get_by_label("€ a year for the receiver").fill("18000")
    record.get_by_label("t CO2e avoided a year").fill("40")
    record.get_by_label("m³ water a year").fill("0")
    record.get_by_role("button", name="Save").click()
    tiles = page.get_by_role("list", name="Measured totals")
    expect(tiles).to_contain_text("30,000 €")
    expect(page.locator(".chart-svg rect.measured").first).to_be_visible()
    shot(page, "dashboard-impact")


def test_upload_a_document_and_find_it_with_the_retrieval_test(page: Page, tmp_path: Path) -> None:
    upload = tmp_path / "heat-pump-note.md"
    upload.write_text(
        "---\nid: test-heat-pump-note\ntitle: Heat pump note\nlang: en\n"
        "type: good_practice\njurisdiction: LV\n---\n# Heat pump note\n\n"
        "## Zebrafish ponds\nA zebrafish pond heated by a wastewater heat pump "
        "saves district heat.\n",
        "utf-8",
    )
    ready(page, "/dashboard/documents?lang=en")
    page.get_by_label("File (Markdown, text, HTML or PDF)").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and ingest").click()
    expect(page.locator("#upload-status")).to_have_text(re.compile(r"Ingested “Heat pump note”"))
    expect(page.locator("#doc-test-heat-pump-note")).to_contain_text("Heat pump note")

    page.goto("/dashboard/search?lang=en")
    page.get_by_label("Query").fill("zebrafish pond heat pump")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("ol.hits li").first).to_contain_text("Heat pump note")
    shot(page, "dashboard-retrieval-test")


@pytest.mark.parametrize("path", ["/dashboard", "/dashboard/synergies", "/dashboard/documents"])
def test_dashboard_pages_render(page: Page, path: str) -> None:
    page.goto(f"{path}?lang=en")
    expect(page.get_by_role("navigation", name="Dashboard sections")).to_be_visible()
    expect(page.locator("h1")).not_to_be_empty()
    if path == "/dashboard":
        expect(page.locator("svg.graph-svg path.edge").first).to_be_attached()
        expect(page.locator("svg.graph-svg g.node")).to_have_count(
            int(page.locator(".tiles .big").first.inner_text())
        )
    shot(page, "dashboard" + path.removeprefix("/dashboard").replace("/", "-"))
