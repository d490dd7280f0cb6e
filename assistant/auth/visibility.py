"""What one viewer may see of the park: confidential companies and flows, anonymised.

Whoever does not see a confidential company in full (`Viewer.sees_confidential_of`) gets its
sector and a rough place only: a neutral name ("Confidential company (NACE 16.10 Sawmilling
and planing of wood)"), no description, no contact, coordinates rounded to 0.1°, distances to
5 km, and no quantity of any of its flows. A confidential flow of a public company loses its
quantity, notes and availability.

A suggestion loses the hidden names and quantities, and every figure derived from a hidden
quantity: the engine costs the smaller of supply and need, so when the partner's hidden volume
is the binding one, €, tonnes, CO2e and water would give it away (`withheld`). Figures that
rest on the viewer's own or on public volumes stay.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from assistant.auth.viewer import Viewer
from assistant.models.park import CompanyPublic, FlowPublic
from assistant.synergies.models import (
    AssumptionPublic,
    BenefitPublic,
    FlowRef,
    FlowRefPublic,
    Suggestion,
    SuggestionPublic,
)
from assistant.synergies.park_data import ParkData

COORD_DECIMALS = 1  # 0.1° is about 11 km north–south: a rough place, not an address
ROUGH_KM = 5.0
HIDDEN = {"en": "[confidential]", "lv": "[konfidenciāli]"}
WITHHELD = {
    "en": " The figures depend on the partner's confidential volume; the park facilitator can "
          "share it.",
    "lv": " Skaitļi atkarīgi no partnera konfidenciālā apjoma; parka fasilitators to var "
          "pastāstīt.",
}
_UNIT = r"(?:\s*(?:t/year|m3/year|MWh/year|t|m3|m³|MWh)(?![\w/]))?"
_DISTANCE_TERMS = ("transport", "co2e_transport")  # their value is proportional to the km


def company_label(nace: str) -> str:
    from assistant.taxonomy import default_taxonomy

    sector = default_taxonomy().nace_label(nace)
    return f"Confidential company (NACE {nace}{f' {sector}' if sector else ''})"


def rough_km(km: float) -> float:
    return max(ROUGH_KM, round(km / ROUGH_KM) * ROUGH_KM)


# ---- park records --------------------------------------------------------------------------
def flow(record: FlowPublic, viewer: Viewer, company_confidential: bool = False) -> FlowPublic:
    if not (record.confidential or company_confidential) or \
            viewer.sees_confidential_of(record.company_id):
        return record
    return record.model_copy(update={"quantity": None, "notes": "", "availability": "",
                                     "confidential": True})


def company(record: CompanyPublic, viewer: Viewer) -> CompanyPublic:
    flows = [flow(f, viewer, record.confidential) for f in record.flows]
    if not record.confidential or viewer.sees_confidential_of(record.id):
        return record.model_copy(update={"flows": flows})
    return record.model_copy(update={
        "name": company_label(record.nace), "description": "", "contact_email": "",
        "lat": _rough(record.lat), "lon": _rough(record.lon), "flows": flows})


def _rough(degrees: float | None) -> float | None:
    return None if degrees is None else round(degrees, COORD_DECIMALS)


# ---- suggestions ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Secrets:
    """What one viewer may not see of one park."""

    names: dict[str, str]  # a hidden company's name -> its neutral label
    flows: dict[int, tuple[str, str | None, str, float]]  # id -> owner, category, unit, quantity

    @classmethod
    def of(cls, park: ParkData, viewer: Viewer) -> Secrets:
        companies = park.by_id()
        names = {c.name: company_label(c.nace) for c in park.companies
                 if c.confidential and not viewer.sees_confidential_of(c.id)}
        flows = {}
        for f in park.flows:
            owner = companies.get(f.company_id)
            confidential = f.confidential or bool(owner and owner.confidential)
            if owner is not None and confidential and not viewer.sees_confidential_of(owner.id):
                flows[f.id] = (owner.name, f.category, f.unit, f.quantity)
        return cls(names, flows)

    def hides(self, ref: FlowRef, participants: Iterable[str]) -> bool:
        """A flow of the park, or a pooled total that includes a hidden flow."""
        if ref.id is not None:
            return ref.id in self.flows
        names = set(participants)
        return any(owner in names and category == ref.category and unit == ref.unit
                   for owner, category, unit, _ in self.flows.values())

    def quantities(self) -> set[float]:
        return {quantity for *_, quantity in self.flows.values()}


def suggestions(found: Iterable[Suggestion], viewer: Viewer,
                park: ParkData) -> list[SuggestionPublic]:
    secrets = Secrets.of(park, viewer)
    return [suggestion(s, secrets) for s in found]


def suggestion(s: Suggestion, secrets: Secrets) -> SuggestionPublic:
    participants = [s.source_company, *([s.target_company] if s.target_company else []),
                    *s.companies]
    refs = [(r, secrets.hides(r, participants)) for r in (s.source_flow, s.target_flow)
            if r is not None]
    exchange = _exchange(s)
    withheld = any(h for _, h in refs) and not any(r.quantity == exchange for r, h in refs
                                                   if not h)
    numbers = {r.quantity for r, h in refs if h} | ({exchange} if withheld else set())
    km = s.distance_km
    distance = (km, rough_km(km)) if km is not None and secrets.names.keys() & set(participants) \
        else None  # a hidden company's place is rough, and so is the way to it
    scrub = _Scrub(secrets.names, numbers, distance)
    public = [_ref(r, h) for r, h in refs]
    source, target = public[0], (public[1] if len(public) > 1 else None)
    data = s.model_dump()
    data.update(
        source_company=scrub.name(s.source_company),
        target_company=scrub.name(s.target_company) if s.target_company else None,
        companies=[scrub.name(n) for n in s.companies], source_flow=source, target_flow=target,
        distance_km=distance[1] if distance is not None else km,
        benefit=_benefit(s, scrub, withheld),
        explanation=scrub.text(s.explanation, "en") + (WITHHELD["en"] if withheld else ""),
        explanation_lv=scrub.text(s.explanation_lv, "lv") + (WITHHELD["lv"] if withheld else ""),
        withheld=withheld)
    return SuggestionPublic.model_validate(data)


def _exchange(s: Suggestion) -> float:
    """The quantity the engine costed: the smaller of supply and need when units agree."""
    source, target = s.source_flow, s.target_flow
    if s.kind == "pair" and target is not None and target.unit == source.unit and target.quantity:
        return min(source.quantity, target.quantity)
    return source.quantity


def _ref(ref: FlowRef, hidden: bool) -> FlowRefPublic:
    return FlowRefPublic.model_validate({**ref.model_dump(),
                                         "quantity": None if hidden else ref.quantity})


def _benefit(s: Suggestion, scrub: _Scrub, withheld: bool) -> BenefitPublic:
    terms = [AssumptionPublic.model_validate({
        **a.model_dump(),
        "value": None if withheld else scrub.distance_value(a.term, a.value, a.unit),
        "formula": scrub.text(a.formula, "en")}) for a in s.benefit.assumptions]
    if withheld:
        return BenefitPublic(eur_per_year=None, tonnes_per_year=None, co2e_t_per_year=None,
                             water_m3_per_year=None, assumptions=terms)
    benefit = BenefitPublic.model_validate({**s.benefit.model_dump(), "assumptions": terms})
    if scrub.distance is not None:  # the transport terms moved to the rough distance
        benefit.eur_per_year = round(sum(t.value or 0.0 for t in terms if t.unit == "EUR/year"),
                                     2)
        benefit.co2e_t_per_year = round(sum(t.value or 0.0 for t in terms
                                            if t.unit == "t CO2e/year"), 3)
    return benefit


# ---- free text -----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Scrub:
    names: dict[str, str]
    numbers: set[float]
    distance: tuple[float, float] | None = None  # (exact km, rough km)

    def name(self, name: str) -> str:
        return self.names.get(name, name)

    def text(self, text: str, lang: str) -> str:
        for name in sorted(self.names, key=len, reverse=True):
            text = text.replace(name, self.names[name])
        if self.distance is not None:
            exact, rough = self.distance
            text = text.replace(f"{exact:.1f} km", f"~{rough:g} km")
        for number in self.numbers:
            for written in written_forms(number):
                pattern = rf"(?<![\d.,]){re.escape(written)}(?![\d]|[.,]\d){_UNIT}"
                text = re.sub(pattern, HIDDEN.get(lang, HIDDEN["en"]), text)
        return text

    def distance_value(self, term: str, value: float, unit: str) -> float:
        if self.distance is None or term not in _DISTANCE_TERMS or not self.distance[0]:
            return value
        exact, rough = self.distance
        return round(value * rough / exact, 3 if "CO2" in unit else 2)


def written_forms(number: float) -> set[str]:
    """How a quantity may be written: 2400, 2,400, 2 400 (also with a no-break space)."""
    forms = {f"{number:g}", f"{number}"}
    if float(number).is_integer():
        grouped = f"{number:,.0f}"
        forms |= {f"{int(number)}", grouped, grouped.replace(",", " "),
                  grouped.replace(",", "\u00a0")}
    else:
        forms.add(f"{number:g}".replace(".", ","))
    return forms


def scrub_data(value: Any, secrets: Secrets, lang: str, numbers: Iterable[float] = ()) -> Any:
    """Any JSON-like value (an outreach draft) without hidden names and quantities: strings
    are rewritten, and a float equal to a hidden quantity becomes None (ints are ids)."""
    hidden = secrets.quantities() | set(numbers)
    if isinstance(value, str):
        return _Scrub(secrets.names, hidden).text(value, lang)
    if isinstance(value, float):
        return None if any(math.isclose(value, n) for n in hidden) else value
    if isinstance(value, dict):
        return {k: scrub_data(v, secrets, lang, hidden) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_data(v, secrets, lang, hidden) for v in value]
    return value
