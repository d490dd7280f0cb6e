"""Turning a scored match into a suggestion that explains itself, in English and Latvian."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.synergies.bands import band_text
from assistant.synergies.models import FlowRef, LegalRoutePublic, Sector
from assistant.synergies.park_data import FlowData
from assistant.synergy_rules.models import Rule
from assistant.taxonomy import Taxonomy


@dataclass(frozen=True)
class Texts:
    en: str
    lv: str


def flow_ref(flow: FlowData, quantity: float | None = None) -> FlowRef:
    return FlowRef(
        id=flow.id,
        material=flow.material,
        quantity=flow.quantity if quantity is None else quantity,
        unit=flow.unit,
        category=flow.category,
        ewc_code=flow.ewc_code,
        temperature_c=flow.temperature_c,
        hazardous=flow.hazardous,
        band=flow.band,
    )


def legal(rule: Rule) -> LegalRoutePublic:
    return LegalRoutePublic.model_validate(rule.legal_route.model_dump())


def sectors(rule: Rule, taxonomy: Taxonomy, exclude_sensitive: bool = False) -> list[Sector]:
    found = []
    for code in rule.feeds.nace:
        if exclude_sensitive and code.startswith(("01", "03.2", "10", "11")):
            continue
        found.append(
            Sector(
                nace=code, label=taxonomy.nace_label(code), label_lv=taxonomy.nace_label(code, "lv")
            )
        )
    return found


def _material(flow: FlowData, taxonomy: Taxonomy) -> Texts:
    category = taxonomy.category(flow.category)
    if category is None:
        return Texts(flow.material, flow.material)
    return Texts(f"{flow.material} ({category.en})", f"{flow.material} ({category.lv})")


def _amount(flow: FlowData) -> str:
    """The quantity as the viewer may see it: exact, or the band of a hidden one."""
    if flow.band is not None:
        return f"{band_text(flow.band)} {flow.unit}"
    return f"{flow.quantity:g} {flow.unit}"


def quantity_text(quantity: float, band: tuple[float, float] | None) -> str:
    return band_text(band) if band is not None else f"{quantity:g}"


def pair_text(
    rule: Rule,
    source: tuple[str, FlowData],
    target: tuple[str, str, FlowData | None],
    distance: tuple[float | None, bool],
    taxonomy: Taxonomy,
) -> Texts:
    """`distance`: (km, rough), rough when a hidden place makes it approximate."""
    (s_name, s_flow), (t_name, t_nace, t_flow) = source, target
    material = _material(s_flow, taxonomy)
    km, rough = distance
    where_en = where_lv = ""
    if km is not None:
        where_en = f", about {km:g} km away" if rough else f", {km:.1f} km away"
        where_lv = f", aptuveni {km:g} km attālumā" if rough else f", {km:.1f} km attālumā"
    sector_en = taxonomy.nace_label(t_nace)
    sector_lv = taxonomy.nace_label(t_nace, "lv")
    if t_flow is not None:
        need_en = f"needs {t_flow.material} ({_amount(t_flow)})"
        need_lv = f"vajag {t_flow.material} ({_amount(t_flow)})"
    else:
        need_en = f"works in a sector that typically takes it ({t_nace} {sector_en})"
        need_lv = f"darbojas nozarē, kas to parasti izmanto ({t_nace} {sector_lv})"
    return Texts(
        f"{s_name} has {material.en}, {_amount(s_flow)}; {t_name} {need_en}{where_en}. "
        f"Rule {rule.id}: {rule.why.en}",
        f"{s_name} ir {material.lv}, {_amount(s_flow)}; uzņēmumam {t_name} {need_lv}{where_lv}. "
        f"Noteikums {rule.id}: {rule.why.lv}",
    )


def missing_text(
    rule: Rule, name: str, flow: FlowData, found: list[Sector], taxonomy: Taxonomy
) -> Texts:
    material = _material(flow, taxonomy)
    en = ", ".join(f"{s.nace} {s.label}" for s in found[:4])
    lv = ", ".join(f"{s.nace} {s.label_lv or s.label}" for s in found[:4])
    return Texts(
        f"No company in the park takes {material.en} from {name} ({_amount(flow)}). Companies "
        f"to attract or contact outside the park: {en}. Rule {rule.id}: {rule.why.en}",
        f"Neviens parka uzņēmums neizmanto {material.lv} no {name} ({_amount(flow)}). "
        f"Uzņēmumi, ko piesaistīt vai uzrunāt ārpus parka: {lv}. Noteikums {rule.id}: "
        f"{rule.why.lv}",
    )


def pooling_text(
    names: list[str], label: Texts, total: str, unit: str, reason: Texts, procurement: bool
) -> Texts:
    """`total`: the pooled quantity as written (a band when a share of it is hidden)."""
    who = ", ".join(names)
    if procurement:
        return Texts(
            f"{who} all need {label.en}: together {total} {unit}. Joint procurement "
            f"or a shared supply contract gives volume and a stronger position.",
            f"{who} visiem vajag {label.lv}: kopā {total} {unit}. Kopīgs iepirkums "
            f"vai kopīgs piegādes līgums dod apjomu un labāku pozīciju.",
        )
    return Texts(
        f"{who} each produce a small amount of {label.en} ({reason.en}); collected "
        f"jointly, {total} {unit} is worth a buyer's while.",
        f"{who} katrs rada nelielu daudzumu: {label.lv} ({reason.lv}); savācot kopā, "
        f"{total} {unit} jau interesē pircēju.",
    )
