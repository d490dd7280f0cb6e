"""What happens to a material today — the counterfactual an exchange is measured against.

The company's profile says it (`Flow.current_route`), else the typical route of the category in
Latvia (prices.yaml `routes`). A liquid is never landfilled (Landfill Directive Art. 5(3)(a)):
a declared or typical landfill route of a liquid becomes paid treatment.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.synergy_rules.prices import EARNS, PAYS, PriceRow, PriceTable, Route

LABELS = {
    "sold": ("sold at the market price", "pārdod par tirgus cenu"),
    "given_away": ("given away free of charge", "atdod bez maksas"),
    "land_spreading": ("spread on fields", "izkliedē laukos"),
    "own_use": ("used on site as fuel", "izmanto uz vietas kā kurināmo"),
    "energy_recovery": (
        "burnt for energy for a gate fee",
        "par maksu nodod enerģijas reģenerācijai",
    ),
    "landfill": ("landfilled", "apglabā poligonā"),
    "paid_treatment": ("handed to a treatment operator for a fee", "par maksu nodod apstrādei"),
    "unused": ("released or discharged unused", "izlaiž vai novada neizmantotu"),
}


@dataclass(frozen=True)
class Counterfactual:
    route: str
    row: PriceRow | None  # None: landfill (tax + gate fee) or a route without money
    declared: bool  # the company's profile says so
    why: str
    liquid: bool = False

    @property
    def label(self) -> str:
        return LABELS[self.route][0]

    @property
    def label_lv(self) -> str:
        return LABELS[self.route][1]


def resolve(
    table: PriceTable, category: str | None, declared: str | None, hazardous: bool
) -> Counterfactual:
    typical = table.routes.get(category or "")
    liquid = bool(typical and typical.liquid)
    if declared:
        row_id = _declared_row(table, declared, typical, liquid, hazardous)
        why = "the company's profile"
        route = declared
    elif typical is not None:
        route, row_id, why = typical.route, typical.price, typical.why
    else:
        route, row_id, why = "given_away", None, "no typical route known: assumed given away"
    if route == "landfill" and liquid:
        route = "paid_treatment"
        row_id = "liquid_hazardous_treatment" if hazardous else _treatment(typical)
        why += "; a liquid may not be landfilled (Landfill Directive 1999/31/EC Art. 5(3)(a))"
    return Counterfactual(route, table.row(row_id), bool(declared), why, liquid)


def _declared_row(
    table: PriceTable, route: str, typical: Route | None, liquid: bool, hazardous: bool
) -> str | None:
    if typical is not None and typical.route == route:
        return typical.price
    if route == "land_spreading":
        return "land_spreading_value"
    if route == "energy_recovery":
        return "energy_recovery_gate_fee"
    if route == "paid_treatment":
        if hazardous:
            return "liquid_hazardous_treatment" if liquid else "hazardous_incineration"
        return "sorted_recyclables_gate_fee"
    return None  # sold / own use without a category price: valued like the input it replaces


def _treatment(typical: Route | None) -> str:
    if typical is not None and typical.route == "paid_treatment" and typical.price:
        return typical.price
    return "sewerage_tariff_eur_per_m3"


def signed(route: str, ends: tuple[float, float, float]) -> tuple[float, float, float]:
    """What the holder gets (+) or pays (−) per unit today, as (least gain to leave it,
    typical, most gain to leave it): a revenue's high end and a cost's low end gain least."""
    low, typical, high = ends
    if route in EARNS:
        return (high, typical, low)
    if route in PAYS:
        return (-low, -typical, -high)
    return (0.0, 0.0, 0.0)
