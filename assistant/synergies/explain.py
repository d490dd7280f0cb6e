"""Turning a scored match into a suggestion that explains itself, in English and Latvian."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.synergies.corpus import CaseRef
from assistant.synergies.models import FlowRef, LegalRoutePublic, Sector
from assistant.synergies.park_data import FlowData
from assistant.synergy_rules.models import Rule
from assistant.taxonomy import Taxonomy
from assistant.text.formatting import NBSP, number, unit
from assistant.text.formatting import quantity as quantity_of


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
    """The company's own name for the material, with the category in the reader's language."""
    category = taxonomy.category(flow.category)
    if category is None:
        return Texts(flow.material, flow.material)
    return Texts(f"{flow.material} ({category.en})", f"{flow.material} ({category.lv})")


def amount(quantity: float, band: tuple[float, float] | None, unit_key: str) -> Texts:
    """A quantity with its unit in each language: exact, or the band of a hidden one."""

    def written(lang: str) -> str:
        if band is None:
            return quantity_of(quantity, unit_key, lang)
        low, high = (number(end, lang) for end in band)
        return f"{low}–{high}{NBSP}{unit(unit_key, lang)}"

    return Texts(written("en"), written("lv"))


def _amount(flow: FlowData) -> Texts:
    return amount(flow.quantity, flow.band, flow.unit)


def _distance(km: float | None, rough: bool) -> Texts | None:
    if km is None:
        return None
    if rough:
        return Texts(f"about {number(km, 'en')} km", f"aptuveni {number(km, 'lv')} km")
    return Texts(f"{number(km, 'en', 1)} km", f"{number(km, 'lv', 1)} km")


def pair_text(
    rule: Rule,
    source: tuple[str, FlowData],
    target: tuple[str, str, FlowData | None],
    distance: tuple[float | None, bool],
    taxonomy: Taxonomy,
    cases: list[CaseRef] | None = None,
) -> Texts:
    """`distance`: (km, rough), rough when a hidden place makes it approximate. Written as
    labelled parts, so no name or material has to be inflected to fit a sentence."""
    (s_name, s_flow), (t_name, t_nace, t_flow) = source, target
    material, offered = _material(s_flow, taxonomy), _amount(s_flow)
    if t_flow is not None:
        needed = _amount(t_flow)
        need = Texts(
            f"needs {t_flow.material}, {needed.en}", f"pieprasījums: {t_flow.material}, {needed.lv}"
        )
    else:
        need = Texts(
            f"its sector typically takes it ({t_nace} {taxonomy.nace_label(t_nace)})",
            f"tās nozare šo materiālu parasti izmanto ({t_nace} "
            f"{taxonomy.nace_label(t_nace, 'lv')})",
        )
    way = _distance(*distance)
    seen = documented_text(cases or [], taxonomy)
    return Texts(
        f"Offered by {s_name}: {material.en}, {offered.en}. Taker: {t_name} — {need.en}"
        f"{f'; distance {way.en}' if way else ''}. Why: {rule.why.en}"
        f"{f' {seen.en}' if seen else ''}",
        f"Piedāvā {s_name}: {material.lv}, {offered.lv}. Izmantotājs: {t_name} — {need.lv}"
        f"{f'; attālums {way.lv}' if way else ''}. Pamatojums: {rule.why.lv}"
        f"{f' {seen.lv}' if seen else ''}",
    )


COUNTRIES = {  # the corpus' countries (ISO 3166), in English and Latvian
    "AT": ("Austria", "Austrija"),
    "AU": ("Australia", "Austrālija"),
    "BE": ("Belgium", "Beļģija"),
    "CA": ("Canada", "Kanāda"),
    "CN": ("China", "Ķīna"),
    "DE": ("Germany", "Vācija"),
    "DK": ("Denmark", "Dānija"),
    "EE": ("Estonia", "Igaunija"),
    "ES": ("Spain", "Spānija"),
    "EU": ("European Union", "Eiropas Savienība"),
    "FI": ("Finland", "Somija"),
    "FR": ("France", "Francija"),
    "GB": ("United Kingdom", "Apvienotā Karaliste"),
    "JP": ("Japan", "Japāna"),
    "KR": ("South Korea", "Dienvidkoreja"),
    "LT": ("Lithuania", "Lietuva"),
    "LV": ("Latvia", "Latvija"),
    "MD": ("Moldova", "Moldova"),
    "NL": ("Netherlands", "Nīderlande"),
    "NO": ("Norway", "Norvēģija"),
    "PL": ("Poland", "Polija"),
    "PR": ("Puerto Rico", "Puertoriko"),
    "SE": ("Sweden", "Zviedrija"),
    "US": ("United States", "Amerikas Savienotās Valstis"),
}
_AUTHOR_YEAR = re.compile(r"^(.*?)\s*\((\d{4})[a-z]?\)")
SHORT_SOURCE = 60


def country(code: str, lang: str) -> str:
    names = COUNTRIES.get(code)
    return names[1 if lang == "lv" else 0] if names else code


def short_source(cite: str) -> str:
    """ "Grann 1997" for "Grann, H. (1997). The Industrial …", else the citation's first part."""
    found = _AUTHOR_YEAR.match(cite)
    if found and len(found.group(1)) <= SHORT_SOURCE:
        author = found.group(1).split(",")[0].strip()
        return f"{author} {found.group(2)}"
    first = cite.split(". ")[0].strip().rstrip(".")
    return first if len(first) <= SHORT_SOURCE else first[: SHORT_SOURCE - 1].rstrip() + "…"


def documented_text(cases: list[CaseRef], taxonomy: Taxonomy) -> Texts | None:
    """The published exchanges behind a pair, named in each language: what went where, the
    country and the publication. The Latvian text names the receiving sector by its Latvian
    label, not the receiver's own (often English) description."""
    if not cases:
        return None
    en = "; ".join(
        f"{c.material_en or c.material}: {c.donor} → {c.receiver}, {country(c.country, 'en')} "
        f"({short_source(c.source)})"
        for c in cases
    )
    lv = "; ".join(
        f"{c.material_lv or c.material} → {c.receiver_nace} "
        f"{taxonomy.nace_label(c.receiver_nace, 'lv')}, {country(c.country, 'lv')} "
        f"({short_source(c.source)})"
        for c in cases
    )
    return Texts(f"Documented elsewhere: {en}.", f"Citur dokumentētas līdzīgas apmaiņas: {lv}.")


def missing_text(
    rule: Rule, name: str, flow: FlowData, found: list[Sector], taxonomy: Taxonomy
) -> Texts:
    material, offered = _material(flow, taxonomy), _amount(flow)
    en = ", ".join(f"{s.nace} {s.label}" for s in found[:4])
    lv = ", ".join(f"{s.nace} {s.label_lv or s.label}" for s in found[:4])
    return Texts(
        f"No company in the park takes this material. Offered by {name}: {material.en}, "
        f"{offered.en}. Companies to attract or contact outside the park: {en}. "
        f"Why: {rule.why.en}",
        f"Parkā šo materiālu neizmanto neviens uzņēmums. Piedāvā {name}: {material.lv}, "
        f"{offered.lv}. Uzņēmumi, kurus piesaistīt vai uzrunāt ārpus parka: {lv}. "
        f"Pamatojums: {rule.why.lv}",
    )


def pooling_text(
    names: list[str], label: Texts, total: Texts, reason: Texts, procurement: bool
) -> Texts:
    """`total`: the pooled quantity as written (a band when a share of it is hidden)."""
    who = ", ".join(names)
    if procurement:
        return Texts(
            f"The same input, {label.en}, is needed by: {who}; together {total.en}. Joint "
            f"procurement or a shared supply contract gives volume and a stronger position.",
            f"Vienu un to pašu izejvielu ({label.lv}) izmanto šie uzņēmumi: {who}; kopā "
            f"{total.lv}. Kopīgs iepirkums vai kopīgs piegādes līgums nodrošina lielāku "
            f"apjomu un labākus nosacījumus.",
        )
    return Texts(
        f"Small amounts of {label.en} arise at: {who} ({reason.en}); collected jointly, "
        f"{total.en} is worth a buyer's while.",
        f"Nelieli daudzumi ({label.lv}) rodas šiem uzņēmumiem: {who} ({reason.lv}); savākti "
        f"kopā, {total.lv} jau interesē pircēju.",
    )
