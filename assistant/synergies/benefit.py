"""The business case of one exchange, each side's gain and every term written out.

It is measured against what happens to the material today — the counterfactual route of the
source flow (the company's profile, else the category's typical route in Latvia, prices.yaml):

source's gain   = q × (P − C)        C: what the holder gets (+) or pays (−) per unit today
receiver's gain = q × (V − P) − transport
                  V: value of the input it replaces; P = max(C, 0): the price the source asks
                  (what it gets today, nothing if it pays to get rid of it today)
transport       = − t × km × € per t·km (+ today's haul of the material, when it leaves the
                  site today, at the table's assumed delivery distance)
CO2e            = quantity × CO2e factor − t × km × transport CO2e per t·km
water           = quantity × m³ of fresh water saved per unit

Every price comes with its low and high end: `eur_low_per_year` / `eur_high_per_year` are the
headline at the ends least and most favourable to the exchange.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from assistant.synergies.bands import Band, band_text, representative
from assistant.synergies.counterfactual import Counterfactual, resolve, signed
from assistant.synergies.models import (
    Assumption,
    Benefit,
    BenefitRange,
    CounterfactualInfo,
)
from assistant.synergy_rules.models import Rule
from assistant.synergy_rules.prices import OFF_SITE, PAYS, PriceRow
from assistant.synergy_rules.registry import Parameters

DEFAULT_TRANSPORT_KM = 10.0  # an unknown distance: a haul within the park (said as "assumed km")
_BASE = {"t/year": "t", "m3/year": "m3", "MWh/year": "MWh"}
RANGED = (
    "eur_per_year",
    "tonnes_per_year",
    "co2e_t_per_year",
    "water_m3_per_year",
    "source_eur_per_year",
    "receiver_eur_per_year",
    "eur_low_per_year",
    "eur_high_per_year",
    "exchanged_per_year",
)
Ends = tuple[float, float, float]


@dataclass(frozen=True)
class Exchange:
    quantity: float
    unit: str
    distance_km: float | None
    band: Band | None = None  # the quantity is hidden from the viewer: only its band is known
    category: str | None = None
    route: str | None = None  # what the source company says it does with the material today
    hazardous: bool = False
    need_known: bool = True  # False: the receiver states no need in this unit
    receiver_nace: str | None = None  # its sector: a typical take when it states no need

    @classmethod
    def of_band(
        cls, band: Band, unit: str, distance_km: float | None, **material: object
    ) -> Exchange:
        """An exchange of a quantity known exactly (a zero-width band) or only as a band."""
        if band[0] == band[1]:
            return cls(band[0], unit, distance_km, None, **material)  # type: ignore[arg-type]
        return cls(representative(band), unit, distance_km, band, **material)  # type: ignore[arg-type]

    @property
    def written(self) -> str:
        return band_text(self.band) if self.band is not None else f"{self.quantity:g}"


def _per(param_unit: str) -> str:
    """The denominator of a parameter unit: 'EUR/t' -> 't', 't CO2e/MWh' -> 'MWh'."""
    tail = param_unit.rsplit("/", 1)[-1].strip().rstrip(")")
    return {"m³": "m3", "tonne": "t", "mwh": "MWh"}.get(tail.lower(), tail)


def estimate(rule: Rule, params: Parameters, year: int, exchange: Exchange) -> Benefit:
    """The figures of the exchange; for a banded quantity also at both ends of the band
    (the point figures then rest on the band's fixed point and are for internal use).

    A receiver that states no need in the flow's unit takes a typical amount for its sector
    (prices.yaml `takes`), never more than the supply: the figures at the typical take, their
    low and high ends at the low and high take, and a `receiver_need` term that says so."""
    take = (
        None if exchange.need_known else params.prices.take(exchange.unit, exchange.receiver_nace)
    )
    if take is None:
        return _banded(rule, params, year, exchange)
    taken = _capped(exchange, take.typical)
    typical = _banded(rule, params, year, taken)
    ends = [_banded(rule, params, year, _capped(exchange, end)) for end in (take.low, take.high)]
    typical.eur_low_per_year = min(b.eur_low_per_year for b in (typical, *ends))
    typical.eur_high_per_year = max(b.eur_high_per_year for b in (typical, *ends))
    if typical.range is not None:
        pairs = [b.range.eur_low_per_year for b in (typical, *ends) if b.range is not None]
        typical.range.eur_low_per_year = (min(p[0] for p in pairs), min(p[1] for p in pairs))
        pairs = [b.range.eur_high_per_year for b in (typical, *ends) if b.range is not None]
        typical.range.eur_high_per_year = (max(p[0] for p in pairs), max(p[1] for p in pairs))
    base = _BASE.get(exchange.unit, exchange.unit)
    whole = taken.quantity >= exchange.quantity and exchange.band is None
    division = (exchange.receiver_nace or "").split(".")[0][:2]
    sector = f"NACE {division}" if division and division in _divisions(params, exchange) else ""
    typical.assumptions.insert(
        0,
        Assumption(
            term="receiver_need",
            value=round(taken.quantity, 3) if taken.band is None else 0.0,
            unit=exchange.unit,
            formula=f"assumption: the receiver's profile states no need in {base}; "
            + (
                f"it takes all {exchange.written} {base}, less than a typical take"
                if whole
                else f"it takes {taken.written} {base} of the {exchange.written} {base} offered"
            )
            + f" (typical take{' in ' + sector if sector else ''}: {take.typical:g} {base} a year, "
            f"range {take.low:g}–{take.high:g}) — ask for its need",
            source=take.source,
        ),
    )
    return typical


def _divisions(params: Parameters, exchange: Exchange) -> set[str]:
    return set(params.prices.takes.get(exchange.unit, {})) - {"default"}


def _capped(exchange: Exchange, take: float) -> Exchange:
    """The exchange when the receiver takes at most `take` a year of it (need now known)."""
    if exchange.band is None:
        return replace(exchange, quantity=min(exchange.quantity, take), need_known=True)
    low, high = (min(end, take) for end in exchange.band)
    if low == high:
        return replace(exchange, quantity=low, band=None, need_known=True)
    return replace(
        exchange, quantity=representative((low, high)), band=(low, high), need_known=True
    )


def _banded(rule: Rule, params: Parameters, year: int, exchange: Exchange) -> Benefit:
    benefit = _estimate(rule, params, year, exchange)
    if exchange.band is None:
        return benefit
    low, high = (
        _estimate(rule, params, year, replace(exchange, quantity=end, band=None))
        for end in exchange.band
    )
    benefit.range = BenefitRange(**{key: (getattr(low, key), getattr(high, key)) for key in RANGED})
    return benefit


@dataclass(frozen=True)
class _Sides:
    source: float
    receiver: float


def _estimate(rule: Rule, params: Parameters, year: int, exchange: Exchange) -> Benefit:
    table = params.prices
    base = _BASE.get(exchange.unit, "")
    category = exchange.category or next(iter(rule.takes.categories), None)
    today = resolve(table, category, exchange.route, exchange.hazardous)
    tonnes = _tonnes(params, exchange, base, category)
    terms: list[Assumption] = []
    value, value_row = _substitute(rule, params, exchange, base, category, terms)
    cost = _today(params, year, today, exchange, base, category, tonnes, terms)
    same_market = today.route in {"sold", "own_use"} and (
        today.row is None or today.row.id == value_row
    )
    if same_market:
        cost = value  # sold today at the very price the receiver would pay: the same market
    sides = [_sides(exchange.quantity, v, c) for v, c in zip(value, cost, strict=True)]
    if value_row is not None and value_row in table.services.get(today.route, []):
        sides = [_Sides(0.0, 0.0)] * 3  # the receiver charges the fee the holder pays today
        terms.append(
            Assumption(
                term="same_service",
                value=round(exchange.quantity * cost[1], 2),
                unit="EUR/year",
                formula=f"assumption: today {today.label}; the receiver does the same service "
                f"({value_row}) and charges the same fee, so the fee is paid to it instead: "
                "only the change in haul counts",
                source=today.row.cited if today.row else today.why,
            )
        )
    _money_terms(terms, exchange, base, today, value[1], cost[1])
    haul = _transport(params, exchange, tonnes, today, same_market, terms)
    co2 = _co2e(rule, params, exchange, tonnes, base)
    terms.extend(co2)
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
    source = [s.source + h for s, h in zip(sides, haul.source, strict=True)]
    receiver = [s.receiver + h for s, h in zip(sides, haul.receiver, strict=True)]
    headline = [a + b for a, b in zip(source, receiver, strict=True)]
    return Benefit(
        eur_per_year=round(headline[1], 2),
        eur_low_per_year=round(headline[0], 2),
        eur_high_per_year=round(headline[2], 2),
        source_eur_per_year=round(source[1], 2),
        receiver_eur_per_year=round(receiver[1], 2),
        tonnes_per_year=round(tonnes, 3),
        exchanged_per_year=round(exchange.quantity, 3),
        co2e_t_per_year=round(sum(t.value for t in co2), 3),
        water_m3_per_year=round(water, 2),
        assumptions=terms,
        counterfactual=_info(today),
        prices_version=table.version,
    )


def _sides(quantity: float, value: float, today: float) -> _Sides:
    """Per unit: the source sells at P = max(C, 0) what it now sells at C (or pays −C for)."""
    price = max(today, 0.0)
    return _Sides(quantity * (price - today), quantity * (value - price))


def _tonnes(params: Parameters, exchange: Exchange, base: str, category: str | None) -> float:
    """Tonnes moved by road: a solid in t, or a liquid in m³ with a density (not water or gas,
    which go by pipe)."""
    if base == "t":
        return exchange.quantity
    density = params.prices.densities.get(category or "")
    if base == "m3" and density and density.t_per_m3 and not (category or "").startswith("water"):
        return exchange.quantity * density.t_per_m3
    return 0.0


def _converted(
    params: Parameters, row: PriceRow, base: str, category: str | None
) -> tuple[Ends, str] | None:
    factor = params.prices.per_unit(row, base, category)
    if factor is None:
        return None
    ends = (row.low * factor, row.typical * factor, row.high * factor)
    same = {"m³": "m3"}.get(row.per, row.per) == base
    how = "" if same else f" × {factor:g} {row.per}/{base} ({_density_source(params, category)})"
    return ends, how


def _density_source(params: Parameters, category: str | None) -> str:
    densities = params.prices.densities
    density = densities.get(category or "") or densities.get("default")
    return density.source if density else ""


def _substitute(
    rule: Rule,
    params: Parameters,
    exchange: Exchange,
    base: str,
    category: str | None,
    terms: list[Assumption],
) -> tuple[Ends, str | None]:
    """The receiver's value per unit of the flow of the input it replaces (low, typical,
    high); an override for the category (e.g. whey as feed) when the table has one."""
    ref = rule.benefit.substitute_value
    if ref is None:
        return (0.0, 0.0, 0.0), None
    key = _override(params, ref.param, category)
    row = params.prices.row(key)
    tabled = row.id if row is not None else None
    if row is None:
        param = params.get(ref.param)
        row = PriceRow(
            id=ref.param,
            item=ref.param,
            unit=param.unit,
            low=param.value,
            typical=param.value,
            high=param.value,
            year=2026,
            country="",
            source=param.source or "parameters.yaml",
            note=param.note,
        )
    found = _converted(params, row, base, category)
    if found is None:
        terms.append(
            Assumption(
                term="substituted_input",
                value=0.0,
                unit="EUR/year",
                formula=f"not estimated: {row.id} is in {row.unit}, the flow in {base}"
                " — give the quantity in tonnes to price it",
                source=row.cited,
                price_row=tabled,
            )
        )
        return (0.0, 0.0, 0.0), row.id
    ends, how = found
    terms.append(
        Assumption(
            term="substituted_input",
            value=round(exchange.quantity * ends[1], 2),
            unit="EUR/year",
            formula=f"{exchange.written} {base} × {row.typical:g} {row.unit}{how} ({row.id}; "
            f"range {row.low:g}–{row.high:g})",
            source=row.cited,
            price_row=tabled,
        )
    )
    return ends, row.id


def _override(params: Parameters, key: str, category: str | None) -> str:
    special = params.prices.substitutes.get(category or "", {}).get(key)
    return special if special and params.prices.row(special) else key


def _today(
    params: Parameters,
    year: int,
    today: Counterfactual,
    exchange: Exchange,
    base: str,
    category: str | None,
    tonnes: float,
    terms: list[Assumption],
) -> Ends:
    """What the holder gets (+) or pays (−) per unit of the flow today (least gain to leave
    it, typical, most gain), and the term that says so."""
    if today.route == "landfill":
        tax_year, tax = params.landfill_tax.for_year(year)
        gate = params.prices.row("gate_fee_eur_per_t")
        low, typical, high = gate.ends if gate else (params.value("gate_fee_eur_per_t", 0.0),) * 3
        if not tonnes:
            return (0.0, 0.0, 0.0)
        per_t = tonnes / exchange.quantity if exchange.quantity else 1.0
        ends = signed("landfill", tuple(per_t * (tax + x) for x in (low, typical, high)))  # type: ignore[arg-type]
        terms.append(
            Assumption(
                term="avoided_disposal",
                value=round(-exchange.quantity * ends[1], 2),
                unit="EUR/year",
                formula=f"today: {today.label} ({today.why}); {tonnes:g} t × "
                f"(landfill tax {tax_year} {tax:g} EUR/t + gate fee {typical:g} EUR/t; "
                f"range {low:g}–{high:g})",
                source=f"{params.landfill_tax.source}; "
                + (gate.cited if gate else _source(params, "gate_fee_eur_per_t")),
            )
        )
        return ends
    row = today.row
    if row is None:  # nothing today, or sold at the value of the input it replaces
        return (0.0, 0.0, 0.0)
    found = _converted(params, row, base, category)
    if found is None:
        terms.append(
            Assumption(
                term="counterfactual",
                value=0.0,
                unit="EUR/year",
                formula=f"not estimated: today {today.label}, {row.id} is in {row.unit}, "
                f"the flow in {base}",
                source=row.cited,
            )
        )
        return (0.0, 0.0, 0.0)
    (low, typical, high), how = found
    ends = signed(today.route, (low, typical, high))
    term = "avoided_treatment" if today.route in PAYS else "counterfactual"
    terms.append(
        Assumption(
            term=term,
            value=round(-exchange.quantity * ends[1], 2),
            unit="EUR/year",
            formula=f"today: {today.label} ({today.why}); {exchange.written} {base} × "
            f"{row.typical:g} {row.unit}{how} ({row.id}; range {row.low:g}–{row.high:g})",
            source=row.cited,
        )
    )
    return ends


def _money_terms(
    terms: list[Assumption],
    exchange: Exchange,
    base: str,
    today: Counterfactual,
    value: float,
    cost: float,
) -> None:
    """The price the receiver pays the source (both sides, so it cancels in the total) and,
    when today's route has no money, a zero line that says so."""
    price = max(cost, 0.0)
    if price > 0:
        amount = round(exchange.quantity * price, 2)
        formula = (
            f"{exchange.written} {base} × {price:g} EUR/{base}: the source asks what it gets today"
        )
        terms.append(
            Assumption(
                term="price_received",
                value=amount,
                unit="EUR/year",
                formula=formula,
                source="assumption: P = max(C, 0)",
            )
        )
        terms.append(
            Assumption(
                term="price_paid",
                value=-amount,
                unit="EUR/year",
                formula=formula,
                source="assumption: P = max(C, 0)",
            )
        )
    elif cost == 0 and today.route not in {"landfill"}:
        terms.append(
            Assumption(
                term="counterfactual",
                value=0.0,
                unit="EUR/year",
                formula=f"today: {today.label} ({today.why}): no money changes hands today",
                source=today.row.cited if today.row else today.why,
            )
        )


@dataclass(frozen=True)
class _Haul:
    source: Ends
    receiver: Ends


_NONE: Ends = (0.0, 0.0, 0.0)


def _transport(
    params: Parameters,
    exchange: Exchange,
    tonnes: float,
    today: Counterfactual,
    same_market: bool,
    terms: list[Assumption],
) -> _Haul:
    """The new haul (the receiver's, ex works), and a haul saved by a party: the holder's to
    the landfill or treatment plant it pays today, or — when the receiver buys the same material
    on the market today — the receiver's delivery from farther away. The ends: the new haul
    at the high rate and the saved one at the low rate, and the reverse."""
    if not tonnes:
        return _Haul(_NONE, _NONE)
    km = exchange.distance_km
    km_used, note = (
        (km, "") if km is not None else (DEFAULT_TRANSPORT_KM, " (assumed km: within the park)")
    )
    cost = params.value("transport_eur_per_t_km", 0.10)
    row = params.prices.row("transport_eur_per_t_km")
    low, high = (row.low, row.high) if row else (cost, cost)
    source = row.cited if row else _source(params, "transport_eur_per_t_km")
    written = f"{exchange.written} t" if exchange.unit == "t/year" else f"{tonnes:g} t"
    new = tuple(-round(tonnes * km_used * rate, 2) for rate in (high, cost, low))
    terms.append(
        Assumption(
            term="transport",
            value=new[1],
            unit="EUR/year",
            formula=f"-{written} × {km_used:.1f} km{note} × {cost:g} EUR/(t·km) "
            f"(range {low:g}–{high:g})",
            source=source,
        )
    )
    if today.route not in OFF_SITE or not (today.route in PAYS or same_market):
        return _Haul(_NONE, new)  # type: ignore[arg-type]
    before_km = params.prices.defaults.delivery_km
    saved = tuple(round(tonnes * before_km * rate, 2) for rate in (low, cost, high))
    terms.append(
        Assumption(
            term="avoided_transport",
            value=saved[1],
            unit="EUR/year",
            formula=f"{written} × {before_km:g} km today (assumption: today's haul, "
            f"{today.label}) × {cost:g} EUR/(t·km) (range {low:g}–{high:g})",
            source=source,
        )
    )
    if today.route in PAYS:
        return _Haul(saved, new)  # type: ignore[arg-type]
    return _Haul(_NONE, tuple(a + b for a, b in zip(new, saved, strict=True)))  # type: ignore[arg-type]


def _info(today: Counterfactual) -> CounterfactualInfo:
    row = today.row
    return CounterfactualInfo(
        route=today.route,
        label=today.label,
        label_lv=today.label_lv,
        declared=today.declared,
        why=today.why,
        price_row=row.id
        if row
        else ("landfill_tax_eur_per_t" if today.route == "landfill" else None),
        source=row.cited if row else "",
        liquid=today.liquid,
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


def today_cost(
    params: Parameters, year: int, exchange: Exchange
) -> tuple[Counterfactual, Ends, Assumption | None]:
    """What the material's current route costs (+) or earns (−) its holder a year, at the low,
    typical and high prices — the chat's "what if nothing changes", from the same rows as the
    synergy figures."""
    base = _BASE.get(exchange.unit, "")
    today = resolve(params.prices, exchange.category, exchange.route, exchange.hazardous)
    tonnes = _tonnes(params, exchange, base, exchange.category)
    terms: list[Assumption] = []
    ends = _today(params, year, today, exchange, base, exchange.category, tonnes, terms)
    cost = tuple(sorted(-exchange.quantity * end for end in ends))
    return today, cost, (terms[0] if terms else None)  # type: ignore[return-value]
