"""The business case of one exchange, every term written out in `assumptions`.

avoided disposal   = t/year × (landfill tax of the year + gate fee)
substituted input  = quantity × value of the input it replaces
transport          = − t/year × km × € per t·km           (road transport of solids only)
CO2e               = quantity × CO2e factor − t/year × km × transport CO2e per t·km
water              = quantity × m³ of fresh water saved per unit
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from assistant.synergies.bands import Band, band_text, representative
from assistant.synergies.models import Assumption, Benefit, BenefitRange
from assistant.synergy_rules.models import Rule
from assistant.synergy_rules.registry import Parameters

DEFAULT_TRANSPORT_KM = 50.0
_BASE = {"t/year": "t", "m3/year": "m3", "MWh/year": "MWh"}


@dataclass(frozen=True)
class Exchange:
    quantity: float
    unit: str
    distance_km: float | None
    band: Band | None = None  # the quantity is hidden from the viewer: only its band is known

    @classmethod
    def of_band(cls, band: Band, unit: str, distance_km: float | None) -> Exchange:
        """An exchange of a quantity known exactly (a zero-width band) or only as a band."""
        if band[0] == band[1]:
            return cls(band[0], unit, distance_km)
        return cls(representative(band), unit, distance_km, band)

    @property
    def written(self) -> str:
        return band_text(self.band) if self.band is not None else f"{self.quantity:g}"


def _per(param_unit: str) -> str:
    """The denominator of a parameter unit: 'EUR/t' -> 't', 't CO2e/MWh' -> 'MWh'."""
    tail = param_unit.rsplit("/", 1)[-1].strip().rstrip(")")
    return {"m³": "m3", "tonne": "t", "mwh": "MWh"}.get(tail.lower(), tail)


def estimate(rule: Rule, params: Parameters, year: int, exchange: Exchange) -> Benefit:
    """The figures of the exchange; for a banded quantity also at both ends of the band
    (the point figures then rest on the band's fixed point and are for internal use)."""
    benefit = _estimate(rule, params, year, exchange)
    if exchange.band is None:
        return benefit
    low, high = (
        _estimate(rule, params, year, replace(exchange, quantity=end, band=None))
        for end in exchange.band
    )
    benefit.range = BenefitRange(
        **{
            key: (getattr(low, key), getattr(high, key))
            for key in ("eur_per_year", "tonnes_per_year", "co2e_t_per_year", "water_m3_per_year")
        }
    )
    return benefit


def _estimate(rule: Rule, params: Parameters, year: int, exchange: Exchange) -> Benefit:
    tonnes = exchange.quantity if exchange.unit == "t/year" else 0.0
    base = _BASE.get(exchange.unit, "")
    terms: list[Assumption] = []
    if rule.benefit.avoided_disposal and tonnes:
        terms.append(_avoided_disposal(params, year, tonnes, exchange.written))
    if rule.benefit.substitute_value:
        terms.append(
            _scaled(
                params,
                rule.benefit.substitute_value.param,
                "substituted_input",
                exchange,
                base,
                "EUR/year",
            )
        )
    km = exchange.distance_km
    if tonnes:
        km_used, note = (km, "") if km is not None else (DEFAULT_TRANSPORT_KM, " (assumed km)")
        cost = params.value("transport_eur_per_t_km", 0.10)
        terms.append(
            Assumption(
                term="transport",
                value=-round(tonnes * km_used * cost, 2),
                unit="EUR/year",
                formula=f"-{exchange.written} t × {km_used:.1f} km{note} × {cost:g} EUR/(t·km)",
                source=_source(params, "transport_eur_per_t_km"),
            )
        )
    co2e = _co2e(rule, params, exchange, tonnes, base)
    terms.extend(co2e)
    water = 0.0
    if rule.benefit.water_m3_per_unit:
        water = exchange.quantity * rule.benefit.water_m3_per_unit
        terms.append(
            Assumption(
                term="water",
                value=round(water, 2),
                unit="m3/year",
                formula=f"{exchange.written} {base} × "
                f"{rule.benefit.water_m3_per_unit:g} m3 per {base}",
            )
        )
    eur = sum(t.value for t in terms if t.unit == "EUR/year")
    co2 = sum(t.value for t in terms if t.unit == "t CO2e/year")
    return Benefit(
        eur_per_year=round(eur, 2),
        tonnes_per_year=round(tonnes, 3),
        co2e_t_per_year=round(co2, 3),
        water_m3_per_year=round(water, 2),
        assumptions=terms,
    )


def _avoided_disposal(params: Parameters, year: int, tonnes: float, written: str) -> Assumption:
    tax_year, tax = params.landfill_tax.for_year(year)
    gate = params.value("gate_fee_eur_per_t", 0.0)
    return Assumption(
        term="avoided_disposal",
        value=round(tonnes * (tax + gate), 2),
        unit="EUR/year",
        formula=f"{written} t × (landfill tax {tax_year} {tax:g} EUR/t + gate fee {gate:g} EUR/t)",
        source=f"{params.landfill_tax.source}; {_source(params, 'gate_fee_eur_per_t')}",
    )


def _scaled(
    params: Parameters, key: str, term: str, exchange: Exchange, base: str, unit: str
) -> Assumption:
    quantity = exchange.quantity
    param = params.get(key)
    if _per(param.unit) != base:
        return Assumption(
            term=term,
            value=0.0,
            unit=unit,
            source=param.source,
            formula=f"not estimated: {key} is in {param.unit}, the flow in {base}",
        )
    formula = f"{exchange.written} {base} × {param.value:g} {param.unit} ({key})"
    return Assumption(
        term=term,
        value=round(quantity * param.value, 3 if "CO2" in unit else 2),
        unit=unit,
        formula=formula,
        source=param.source,
    )


def _co2e(
    rule: Rule, params: Parameters, exchange: Exchange, tonnes: float, base: str
) -> list[Assumption]:
    terms = []
    if rule.benefit.co2e:
        terms.append(
            _scaled(
                params, rule.benefit.co2e.param, "co2e_substitution", exchange, base, "t CO2e/year"
            )
        )
    if tonnes and rule.benefit.co2e:
        km = exchange.distance_km if exchange.distance_km is not None else DEFAULT_TRANSPORT_KM
        factor = params.value("transport_co2e_t_per_t_km", 0.00009)
        terms.append(
            Assumption(
                term="co2e_transport",
                value=-round(tonnes * km * factor, 3),
                unit="t CO2e/year",
                formula=f"-{exchange.written} t × {km:.1f} km × {factor:g} t CO2e/(t·km)",
                source=_source(params, "transport_co2e_t_per_t_km"),
            )
        )
    return terms


def _source(params: Parameters, key: str) -> str:
    return params.values[key].source if key in params else "assumption (engine default)"
