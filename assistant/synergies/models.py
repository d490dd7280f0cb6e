"""What the engine returns: suggestions that explain themselves and carry their business case.

Each model comes twice: the engine's full record (`Suggestion`, `FlowRef`, `Benefit`, …) for
internal callers, and the `…Public` form an edge returns to one viewer, where a withheld
figure is None (see `assistant.park.visibility`), never a fake 0.
"""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from assistant.synergies.corpus import CaseRef

Kind = Literal["pair", "pooling", "missing_partner"]
Q = TypeVar("Q", float, float | None)
F = TypeVar("F", bound=BaseModel)
B = TypeVar("B", bound=BaseModel)


class FlowRefOf(BaseModel, Generic[Q]):
    id: int | None = None
    material: str
    quantity: Q
    unit: str
    category: str | None = None
    ewc_code: str | None = None
    temperature_c: float | None = None
    hazardous: bool = False
    band: tuple[float, float] | None = None  # a quantity hidden from the viewer: its band


class FlowRef(FlowRefOf[float]):
    pass


class FlowRefPublic(FlowRefOf[float | None]):
    pass


class Sector(BaseModel):
    nace: str
    label: str
    label_lv: str = ""


class AssumptionOf(BaseModel, Generic[Q]):
    term: str
    value: Q
    unit: str
    formula: str
    source: str = ""
    price_row: str | None = None  # the price table row the term rests on, when it is one


class Assumption(AssumptionOf[float]):
    pass


class AssumptionPublic(AssumptionOf[float | None]):
    pass


class BenefitRange(BaseModel):
    """The figures at both ends of the band of a hidden exchanged quantity."""

    eur_per_year: tuple[float, float]
    tonnes_per_year: tuple[float, float]
    co2e_t_per_year: tuple[float, float]
    water_m3_per_year: tuple[float, float]
    source_eur_per_year: tuple[float, float] = (0.0, 0.0)
    receiver_eur_per_year: tuple[float, float] = (0.0, 0.0)
    eur_low_per_year: tuple[float, float] = (0.0, 0.0)
    eur_high_per_year: tuple[float, float] = (0.0, 0.0)
    exchanged_per_year: tuple[float, float] = (0.0, 0.0)


class CounterfactualInfo(BaseModel):
    """What happens to the material today, the benefit's baseline, and where that comes from."""

    route: str
    label: str
    label_lv: str
    declared: bool = False  # the company's profile says so; else the category's typical route
    why: str = ""
    price_row: str | None = None
    source: str = ""
    liquid: bool = False


class BenefitOf(BaseModel, Generic[Q]):
    """`eur_per_year` is the headline: the source's plus the receiver's gain at typical prices;
    `eur_low_per_year` / `eur_high_per_year` the same at the low and high ends of the prices."""

    eur_per_year: Q = 0.0
    eur_low_per_year: Q = 0.0
    eur_high_per_year: Q = 0.0
    source_eur_per_year: Q = 0.0
    receiver_eur_per_year: Q = 0.0
    tonnes_per_year: Q = 0.0
    # the amount the pair exchanges, in the source flow's unit: the source's amount, capped by
    # the receiver's need when it states one (2,800 MWh offered, 1,500 MWh taken)
    exchanged_per_year: Q = 0.0
    co2e_t_per_year: Q = 0.0
    water_m3_per_year: Q = 0.0
    range: BenefitRange | None = None  # set when the exchanged quantity is a band
    counterfactual: CounterfactualInfo | None = None
    prices_version: str = ""


class Benefit(BenefitOf[float]):
    assumptions: list[Assumption] = Field(default_factory=list)


class BenefitPublic(BenefitOf[float | None]):
    assumptions: list[AssumptionPublic] = Field(default_factory=list)


class LegalRoutePublic(BaseModel):
    kind: str
    r_code: str | None = None
    en: str
    lv: str
    references: list[str] = Field(default_factory=list)


class SuggestionOf(BaseModel, Generic[F, B]):
    kind: Kind
    source_company: str
    source_flow: F
    target_company: str | None = None
    target_flow: F | None = None
    target_sectors: list[Sector] = Field(default_factory=list)
    companies: list[str] = Field(default_factory=list)  # every participant of a pooling
    material: str
    category: str | None = None
    ewc_code: str | None = None
    score: float
    rule_id: str
    family: str = ""
    title: str = ""
    title_lv: str = ""
    explanation: str
    explanation_lv: str
    distance_km: float | None = None
    legal_route: LegalRoutePublic | None = None
    benefit: B
    next_checks: list[str] = Field(default_factory=list)
    next_checks_lv: list[str] = Field(default_factory=list)
    citations: list[str] = Field(default_factory=list)
    # Published exchanges of this kind of material into the receiver's sector (public
    # knowledge): their support in [0, 1] and the cases, strongest first.
    documented_support: float = 0.0
    documented_cases: list[CaseRef] = Field(default_factory=list)


class Suggestion(SuggestionOf[FlowRef, Benefit]):
    pass


class SuggestionPublic(SuggestionOf[FlowRefPublic, BenefitPublic]):
    """A suggestion as one viewer may see it; `withheld` says its figures rest on a volume
    hidden from the viewer: the point figures are None and `benefit.range` gives them at both
    ends of that volume's band."""

    withheld: bool = False


class SectorHit(BaseModel):
    nace: str
    label: str
    label_lv: str = ""
    score: float
    rule_id: str
