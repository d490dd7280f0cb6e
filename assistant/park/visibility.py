"""What one viewer may see of the park: the public view, computed once, before anything else.

Whoever does not see a confidential company in full (`Viewer.sees_confidential_of`) gets a
*view* of the park in which that company is named by its sector only ("Confidential company
(NACE 16.10 Sawmilling and planing of wood)"), placed at the centre of its 0.1° cell, and every
quantity hidden from the viewer (of a confidential company, or a confidential flow of a public
one) is replaced by its decade band (`assistant.synergies.bands`). Matching, ranking, scores,
distances, benefits, pooling and texts then run on that view, so nothing the viewer gets is
computed from an exact hidden value: change one within its band, or move a hidden company
within its cell, and every reply stays the same (tests/auth/test_noninterference.py).

Company records shown to such a viewer carry no name, description, contact or quantity of what
is hidden, and the cell centre for a place.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from assistant.auth.viewer import Viewer
from assistant.models.park import CompanyPublic, FlowPublic
from assistant.synergies.bands import band_of, cell_centre, representative, temperature_point
from assistant.synergies.benefit import RANGED
from assistant.synergies.models import (
    BenefitPublic,
    FlowRef,
    FlowRefPublic,
    Suggestion,
    SuggestionPublic,
)
from assistant.synergies.park_data import CompanyData, FlowData, ParkData

WITHHELD = {
    "en": " The figures rest on a volume that is confidential, so they are given as a range "
    "over its band; the park facilitator can share more.",
    "lv": " Skaitļi balstās uz konfidenciālu apjomu, tāpēc tie norādīti kā diapazons; "
    "precīzāk var pastāstīt parka fasilitators.",
}


def company_label(nace: str) -> str:
    from assistant.taxonomy import default_taxonomy

    sector = default_taxonomy().nace_label(nace)
    return f"Confidential company (NACE {nace}{f' {sector}' if sector else ''})"


_LABEL = re.compile(r"Confidential company \(NACE ([0-9.]+)[^)]*\)")


def labels_in(text: str, lang: str) -> str:
    """A hidden company's label in the reader's language: "Konfidenciāls uzņēmums (NACE 63.11
    Datu apstrāde, …)" in a Latvian answer (the label says nothing the sector does not)."""
    if lang != "lv":
        return text
    from assistant.taxonomy import default_taxonomy

    def latvian(found: re.Match[str]) -> str:
        nace = found.group(1)
        entry = default_taxonomy().nace_codes.get(nace)
        sector = entry.label_lv if entry is not None else ""  # never the English label
        return f"Konfidenciāls uzņēmums (NACE {nace}{f' {sector}' if sector else ''})"

    return _LABEL.sub(latvian, text)


# ---- the public view of a park -------------------------------------------------------------
def park_view(park: ParkData, viewer: Viewer) -> ParkData:
    """The park as `viewer` may compute with it (the park itself for staff)."""
    if viewer.is_staff:
        return park
    hidden = {
        c.id for c in park.companies if c.confidential and not viewer.sees_confidential_of(c.id)
    }
    owners = {c.id: c for c in park.companies}
    labels = _labels([c for c in park.companies if c.id in hidden])
    companies = [_hidden_company(c, labels[c.id]) if c.id in hidden else c for c in park.companies]
    flows = [
        _banded(f) if _flow_hidden(f, owners.get(f.company_id), viewer) else f for f in park.flows
    ]
    return replace(park, companies=companies, flows=flows)


def _labels(hidden: list[CompanyData]) -> dict[int, str]:
    """A sector label for each hidden company; a second one of the same sector gets "#2"
    (numbered in id order, which depends on nothing hidden)."""
    counts: Counter[str] = Counter()
    labels = {}
    for company in sorted(hidden, key=lambda c: c.id):
        base = company_label(company.nace)
        counts[base] += 1
        labels[company.id] = base if counts[base] == 1 else f"{base} #{counts[base]}"
    return labels


def _hidden_company(company: CompanyData, label: str) -> CompanyData:
    return replace(
        company, name=label, lat=cell_centre(company.lat), lon=cell_centre(company.lon), rough=True
    )


def _flow_hidden(flow: FlowData, owner: CompanyData | None, viewer: Viewer) -> bool:
    confidential = flow.confidential or bool(owner and owner.confidential)
    return confidential and not viewer.sees_confidential_of(flow.company_id)


def _banded(flow: FlowData) -> FlowData:
    band = band_of(flow.quantity)  # what it does today is as private as its notes
    return replace(
        flow,
        quantity=representative(band),
        band=band,
        route=None,
        temperature_c=temperature_point(flow.temperature_c),
        availability="",
        notes="",
    )


# ---- suggestions computed on a view --------------------------------------------------------
def suggestions(found: Iterable[Suggestion]) -> list[SuggestionPublic]:
    """The engine's suggestions over a view, in the form an edge returns."""
    return [suggestion(s) for s in found]


def suggestion(s: Suggestion) -> SuggestionPublic:
    withheld = s.benefit.range is not None
    data = s.model_dump()
    data.update(
        source_flow=_ref(s.source_flow),
        target_flow=_ref(s.target_flow) if s.target_flow else None,
        benefit=_benefit(s, withheld),
        explanation=s.explanation + (WITHHELD["en"] if withheld else ""),
        explanation_lv=s.explanation_lv + (WITHHELD["lv"] if withheld else ""),
        withheld=withheld,
    )
    return SuggestionPublic.model_validate(data)


def _ref(ref: FlowRef) -> FlowRefPublic:
    hidden = ref.band is not None  # a hidden flow: neither its quantity nor its temperature
    return FlowRefPublic.model_validate(
        {
            **ref.model_dump(),
            "quantity": None if hidden else ref.quantity,
            "temperature_c": None if hidden else ref.temperature_c,
        }
    )


def _benefit(s: Suggestion, withheld: bool) -> BenefitPublic:
    benefit = BenefitPublic.model_validate(s.benefit.model_dump())
    if not withheld:
        return benefit
    for term in benefit.assumptions:
        term.value = None
    for key in RANGED:  # every point figure has its two band ends in `benefit.range`
        setattr(benefit, key, None)
    return benefit


# ---- park records --------------------------------------------------------------------------
def flow(record: FlowPublic, viewer: Viewer, company_confidential: bool = False) -> FlowPublic:
    if not (record.confidential or company_confidential) or viewer.sees_confidential_of(
        record.company_id
    ):
        return record
    return record.model_copy(
        update={
            "quantity": None,
            "temperature_c": None,
            "notes": "",
            "availability": "",
            "current_route": None,
            "confidential": True,
        }
    )


def company(record: CompanyPublic, viewer: Viewer) -> CompanyPublic:
    flows = [flow(f, viewer, record.confidential) for f in record.flows]
    if not record.confidential or viewer.sees_confidential_of(record.id):
        return record.model_copy(update={"flows": flows})
    return record.model_copy(
        update={
            "name": company_label(record.nace),
            "description": "",
            "contact_email": "",
            "municipality": "",  # may place it more closely than its cell
            "lat": cell_centre(record.lat),
            "lon": cell_centre(record.lon),
            "flows": flows,
        }
    )
