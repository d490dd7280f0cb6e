"""Company profiles as knowledge documents (type `company`), so search finds who handles what.

Search answers every viewer alike, so a profile holds only what anyone may see: a confidential
company is not named, described or located, and no quantity of it or of a confidential flow
is written.
"""

from __future__ import annotations

import hashlib

from assistant.ingest.parsed import ParsedDocument, Section
from assistant.models.park import Company, Flow, Park
from assistant.synergies.bands import temperature_band
from assistant.taxonomy import Taxonomy


def source_of(company_id: int) -> str:
    return f"company:{company_id}"


def profile(company: Company, flows: list[Flow], park: Park, taxonomy: Taxonomy) -> ParsedDocument:
    sector = f"{company.nace} {taxonomy.nace_label(company.nace)}".strip()
    sector_lv = taxonomy.nace_label(company.nace, "lv")
    if company.confidential:
        title = f"A confidential company in sector {sector}"
        intro = [f"{title} in the park {park.name}.", f"Nozare: {sector_lv}." if sector_lv else ""]
    else:
        title = company.name
        intro = [
            f"{company.name}: a company in the park {park.name}"
            f"{f' ({company.municipality})' if company.municipality else ''}.",
            f"Sector (NACE): {sector}.",
            f"Nozare: {sector_lv}." if sector_lv else "",
            company.description,
        ]
    sections = [Section(["Profile"], "\n".join(line for line in intro if line))]
    # Every chunk says it is about a company in the park, so "which companies in the park
    # handle plastics?" matches the flow lines themselves.
    for direction, heading in (
        ("output", "Company outputs in the park (by-products, waste, energy, water)"),
        ("input", "Company inputs in the park (needs)"),
    ):
        lines = [
            _flow_line(f, taxonomy, company.confidential) for f in flows if f.direction == direction
        ]
        if lines:
            sections.append(Section([heading], "\n".join(lines)))
    return ParsedDocument(
        doc_id=f"company-{company.id}",
        title=title,
        lang="en",
        type="company",
        jurisdiction="LV",
        sources=[f"park:{park.name}"],
        format="generated",
        sections=sections,
    )


def _flow_line(flow: Flow, taxonomy: Taxonomy, company_confidential: bool) -> str:
    category = taxonomy.category(flow.category)
    parts = [flow.material]
    if category:
        parts.append(f"{category.en} / {category.lv}")
    if flow.ewc_code:
        parts.append(f"EWC {flow.ewc_code}")
    if flow.hazardous:
        parts.append("hazardous / bīstams")
    hidden = flow.confidential or company_confidential
    parts.append("quantity confidential" if hidden else f"{flow.quantity:g} {flow.unit}")
    if flow.temperature_c is not None:  # a hidden flow's temperature only to its band
        low, high = temperature_band(flow.temperature_c)
        parts.append(f"{low:g}–{high:g} °C" if hidden else f"{flow.temperature_c:g} °C")
    return "- " + "; ".join(parts)


def digest_of(parsed: ParsedDocument) -> str:
    text = "\n".join([parsed.title, *(f"{'/'.join(s.path)}\n{s.text}" for s in parsed.sections)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
