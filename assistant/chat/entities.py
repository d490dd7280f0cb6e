"""Entities in a message: quantities with units, materials, companies, EWC and NACE codes."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from rapidfuzz import fuzz

from assistant.models.numbers import LIMIT
from assistant.taxonomy.data import load_material_rows
from assistant.text.normalize import STOPWORDS, fold, forms, words

_NUMBER = r"(\d{1,3}(?:[ \u00a0,.]\d{3})+|\d+(?:[.,]\d+)?)"
_UNITS = {
    "t/year": r"t|tonn\w*|tons?|tonnes?",
    "m3/year": r"m3|m³|kubikmetr\w*|cubic\s+met\w*",
    "MWh/year": r"mwh|megavatstund\w*",
    "GWh": r"gwh",
    "kWh": r"kwh",
    "MW": r"mw|megavat\w*",
    "kW": r"kw|kilovat\w*",
    "kg": r"kg|kilogram\w*",
}
# a period right after the quantity ("1200 m³ of whey a day", "50 t mēnesī"): times per year
_PERIODS = (
    (365.0, r"dien[āa]|diennakt[īi]|dnn|(?:per|a|each|every)\s+day|/\s*d(?:ay)?\b|daily"),
    (52.0, r"ned[ēe][ļl][āa]|(?:per|a|each|every)\s+week|/\s*week|weekly"),
    (12.0, r"m[ēe]nes[īi]|(?:per|a|each|every)\s+month|/\s*m[ēe]n|/\s*month|monthly"),
    (1.0, r"gad[āa]|(?:per|a|each|every)\s+year|/\s*(?:year|gad)|annual\w*|yearly"),
)
_PERIOD_WINDOW = 40  # characters after the unit where a period may stand
_HOURS = re.compile(
    r"(\d[\d \u00a0,.]*)\s*(?:h|hours?|stund\w*)\s*(?:/\s*)?(?:a|per|gadā|gada|year)",
    re.IGNORECASE,
)
DEFAULT_LOAD_HOURS = 4000.0  # MW → MWh/year unless the message gives hours (prices.yaml)
_QUANTITY = re.compile(
    _NUMBER + r"\s*(" + "|".join(f"(?:{p})" for p in _UNITS.values()) + r")\b", re.IGNORECASE
)
_EWC = re.compile(r"\b(\d{2})\s?(\d{2})\s?(\d{2})(\*?)")
_NACE = re.compile(r"\b(?:NACE\s*)?(\d{2}\.\d{1,2})\b", re.IGNORECASE)
# legal forms and the labels of the fictional demo companies ("SIA Demo X (fiktīvs)" is "X")
_LEGAL_FORM = re.compile(r"\b(sia|as|ab|ltd|llc|gmbh|ik|z/s|demo)\b|[\"'“”„()]|fikt[iī]vs", re.I)


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # t/year | m3/year | MWh/year
    # how the words became a yearly figure: "50 t × 12 (a month)", "2 MW × 4000 h/year"
    conversion: str = ""


@dataclass(frozen=True)
class MaterialMention:
    text: str  # the words in the message
    category: str
    ewc_code: str | None
    term: str = ""  # the taxonomy's own term that matched ("zāģskaidas" for "zāģskaidu")

    @property
    def name(self) -> str:
        return self.term or self.text


@dataclass(frozen=True)
class CompanyMention:
    id: int
    name: str
    score: float


@dataclass
class Entities:
    quantity: Quantity | None = None
    materials: list[MaterialMention] = field(default_factory=list)
    companies: list[CompanyMention] = field(default_factory=list)
    ewc_codes: list[str] = field(default_factory=list)
    nace_codes: list[str] = field(default_factory=list)

    @property
    def material(self) -> MaterialMention | None:
        return self.materials[0] if self.materials else None

    @property
    def company(self) -> CompanyMention | None:
        return self.companies[0] if self.companies else None


def parse_number(raw: str) -> float:
    """'2,400' and '2 400' are thousands; '2,5' is a decimal comma."""
    cleaned = raw.replace("\u00a0", " ").strip()
    if re.fullmatch(r"\d{1,3}(?:[ ,.]\d{3})+", cleaned):
        return float(re.sub(r"[ ,.]", "", cleaned))
    return float(cleaned.replace(",", "."))


def find_quantity(text: str, load_hours: float = DEFAULT_LOAD_HOURS) -> Quantity | None:
    """The first quantity, per year: a period after it ("a day", "mēnesī") multiplies it, a
    power (MW, kW) runs the stated hours a year or `load_hours` (the conversion says which)."""
    match = _QUANTITY.search(text)
    if not match:
        return None
    value, unit_text = parse_number(match.group(1)), match.group(2).lower()
    if not math.isfinite(value) or abs(value) > LIMIT:  # no plant has it: not a quantity
        return None
    unit = next((u for u, p in _UNITS.items() if re.fullmatch(p, unit_text, re.IGNORECASE)), None)
    if unit is None:
        return None
    written = f"{match.group(1)} {match.group(2)}"
    scale = {"GWh": 1000.0, "kWh": 0.001, "kW": 0.001, "kg": 0.001}.get(unit, 1.0)
    unit = {"GWh": "MWh/year", "kWh": "MWh/year", "kg": "t/year", "kW": "MW"}.get(unit, unit)
    steps: list[str] = []
    if scale != 1.0:
        steps.append(f"× {scale:g}")
    if unit == "MW":
        hours = _hours(text, load_hours)
        steps.append(f"× {hours[0]:g} h/year{hours[1]}")
        scale *= hours[0]
        unit = "MWh/year"
    else:
        times, said = _period(text[match.end() : match.end() + _PERIOD_WINDOW])
        if times != 1.0:
            steps.append(f"× {times:g} ({said})")
            scale *= times
    conversion = f"{written} {' '.join(steps)}" if steps else ""
    return Quantity(round(value * scale, 6), unit, conversion)


_FREQUENCY = re.compile(r"\breiz\w*|\btimes\b|\bx\b|×", re.IGNORECASE)


def _period(after: str) -> tuple[float, str]:
    """The period of the quantity, not of something else: "650 t, collected 2–3 times a
    week" is 650 t (a year), not 650 t a week."""
    after = re.split(r"[.;!?\n]", after, maxsplit=1)[0]
    for times, pattern in _PERIODS:
        found = re.search(pattern, after, re.IGNORECASE)
        if found and _FREQUENCY.search(after[: found.start()]):
            return 1.0, ""
        if found:
            return times, found.group(0)
    return 1.0, ""


def _hours(text: str, default: float) -> tuple[float, str]:
    found = _HOURS.search(text)
    if found:
        hours = parse_number(found.group(1).strip(" ,."))
        if 0 < hours <= 8760:
            return hours, " (as stated)"
    return default, " (assumed full-load hours; say 'N h/gadā' or 'N hours a year' to change)"


def find_codes(text: str) -> tuple[list[str], list[str]]:
    ewc = [f"{a} {b} {c}{star}" for a, b, c, star in _EWC.findall(text)]
    nace = [code for code in _NACE.findall(text) if not any(code in e for e in ewc)]
    return ewc, nace


_FOLDED_STOPWORDS = frozenset(fold(w) for w in STOPWORDS)


# Words too general to name a material on their own.
GENERIC = frozenset(
    {
        "atkritumi",
        "atkritum",
        "waste",
        "wastes",
        "material",
        "materials",
        "residue",
        "residues",
        "atlikumi",
        "atlikum",
        "product",
        "products",
        "produkt",
        "resource",
        "resursi",
        "resurs",
    }
)


@dataclass(frozen=True)
class _Phrase:
    category: str
    ewc: str | None
    lang: str
    exact: frozenset[str]  # the term's words as written (to tell "list" from "līstes")
    term: str = ""


# "done at scale", "a full-scale plant": no mill scale in them
_IDIOMS = re.compile(
    r"\b(at|on a|to)( \w+)? scale\b|\b(large|full|small|pilot|industrial|commercial)[- ]scale\b"
    # "our chillers reject heat", "they rejected it": the verb, not sorting rejects
    r"|\b(reject|rejects|rejected|rejecting)(?= (heat|it|them|this|that|the|our|us|all|most)\b)"
    r"|\bheating season\b|\bapkures sezon\w*",  # a time of year, not heat asked about
    re.IGNORECASE,
)


class MaterialMatcher:
    """Longest-phrase match of the taxonomy's LV/EN synonyms, on stemmed, folded words."""

    def __init__(self) -> None:
        self._phrases: dict[tuple[str, ...], _Phrase] = {}
        for row in load_material_rows():
            for lang in ("lv", "en"):
                for term in row.get(lang) or []:
                    key = _key(str(term))
                    if key and key not in self._phrases:
                        self._phrases[key] = _Phrase(
                            row["category"],
                            _first(row.get("ewc")),
                            lang,
                            frozenset(words(str(term))),
                            str(term),
                        )
        self._longest = max((len(k) for k in self._phrases), default=1)

    def find(self, text: str, lang: str | None = None) -> list[MaterialMention]:
        raw = words(_IDIOMS.sub(" ", text))
        keys = [forms(w)[0] for w in raw]
        found: list[MaterialMention] = []
        i = 0
        while i < len(keys):
            for size in range(min(self._longest, len(keys) - i), 0, -1):
                hit = self._phrases.get(tuple(keys[i : i + size]))
                if hit and self._accept(hit, raw[i : i + size], lang):
                    found.append(
                        MaterialMention(
                            " ".join(raw[i : i + size]), hit.category, hit.ewc, hit.term
                        )
                    )
                    i += size
                    break
            else:
                i += 1
        return _best_first(found)

    @staticmethod
    def _accept(hit: _Phrase, span: list[str], lang: str | None) -> bool:
        if len(span) > 1:
            return True
        word = fold(span[0])
        if word in _FOLDED_STOPWORDS or GENERIC.intersection(forms(span[0])) or word in GENERIC:
            return False
        # One word in the other language's form only as written: in an English sentence
        # "list" is not the Latvian "līstes", in a Latvian one "tīru" (clean) is not "tires".
        other = {"en": "lv", "lv": "en"}.get(lang or "")
        if hit.lang == other and span[0].lower() not in hit.exact:
            return False
        # The stemmer makes "turns" of "turnings" and "file" of "filings": an English "-ings"
        # material only as that word ("chipped" for "chips" is fine).
        return hit.lang != "en" or not any(
            fold(t).endswith(("ing", "ings")) and "ing" not in word for t in hit.exact
        )


def _first(codes: object) -> str | None:
    if isinstance(codes, list) and codes:
        return str(codes[0])
    return str(codes) if isinstance(codes, str) and codes else None


def _key(term: str) -> tuple[str, ...]:
    return tuple(forms(w)[0] for w in words(term))


def _best_first(found: list[MaterialMention]) -> list[MaterialMention]:
    """Longer phrases are more specific; keep one mention per category."""
    kept: dict[str, MaterialMention] = {}
    for mention in sorted(found, key=lambda m: -len(m.text)):
        kept.setdefault(mention.category, mention)
    return list(kept.values())


class CompanyMatcher:
    """Fuzzy match of company names, without legal forms and labels like '(fiktīvs)'."""

    def __init__(self, companies: Sequence[tuple[int, str]]) -> None:
        self._companies = [(cid, name, _core(name)) for cid, name in companies]

    def find(self, text: str, threshold: float = 86.0) -> list[CompanyMention]:
        folded = fold(text)
        found = []
        for cid, name, core in self._companies:
            if len(core) < 4:
                continue
            score = fuzz.partial_ratio(core, folded) if len(core) <= len(folded) else 0.0
            if score >= threshold:
                found.append(CompanyMention(cid, name, round(score, 1)))
        return sorted(found, key=lambda c: (-c.score, -len(c.name)))


def _core(name: str) -> str:
    return " ".join(_LEGAL_FORM.sub(" ", fold(name)).split())


class EntityExtractor:
    def __init__(self, companies: Sequence[tuple[int, str]]) -> None:
        self._companies = CompanyMatcher(companies)

    @cached_property
    def _materials(self) -> MaterialMatcher:
        return _shared_matcher()

    def extract(self, text: str, lang: str | None = None) -> Entities:
        ewc, nace = find_codes(text)
        companies = self._companies.find(text)
        rest = _PER_TONNE_CO2.sub(" ", _without_names(text, [c.name for c in companies]))
        quantity = find_quantity(rest)
        materials = self._materials.find(rest, lang)
        return Entities(
            quantity=quantity,
            materials=_head_of_from(rest, _asked_for(rest, _near_quantity(rest, materials))),
            companies=companies,
            ewc_codes=ewc,
            nace_codes=nace,
        )


# "the public cost per tonne of CO2" is a climate measure, not the material CO2
_PER_TONNE_CO2 = re.compile(
    r"\b(?:per|a|each)\s+(?:t|tonne|ton|metric ton)\s+(?:of\s+)?CO2e?\b|"
    r"\b(?:uz|par)\s+(?:vienu\s+)?(?:CO2e?\s+tonn\w*|tonn\w*\s+CO2e?)\b|/\s*t\s*CO2e?\b",
    re.IGNORECASE,
)


def _without_names(text: str, names: list[str]) -> str:
    """The message without the company names it spells out ("This is Demo Loģistika" names
    a company, not the material "logistics"); a loose mention ("we are a bakery") stays."""
    folded = fold(text)
    for name in names:
        core = _core(name)
        start = folded.find(core) if core else -1
        if start >= 0:
            text = text[:start] + " " + text[start + len(core) :]
            folded = folded[:start] + " " + folded[start + len(core) :]
    return text


def _near_quantity(text: str, found: list[MaterialMention]) -> list[MaterialMention]:
    """A material named right after the quantity ("20 t of worn tyres") comes first."""
    match = _QUANTITY.search(text)
    if not match or len(found) < 2:
        return found
    window = fold(text[match.end() : match.end() + 60])
    near = sorted(
        (m for m in found if fold(m.text) in window), key=lambda m: window.find(fold(m.text))
    )
    return near + [m for m in found if m not in near]


# "who could supply heat for our kilns?", "kas var piegādāt siltumu": the material asked for
_ASKED_FOR = re.compile(
    r"\b(supply|supplies|provide|provides|deliver|sell us|give us|need|needs|buy|source|"
    r"piegadat|piegada|nodrosinat|nodrosina|pardot mums|vajag|vajadzigs|vajadziga|"
    r"nepieciesams|nepieciesama|iegadaties|nopirkt)\s+(?:us\s+|mums\s+|some\s+|more\s+)?$"
)


def _asked_for(text: str, found: list[MaterialMention]) -> list[MaterialMention]:
    """A material right after "supply" / "need" / "piegādāt" is the one asked about ("our
    bark boiler has to go: who could supply heat?" asks for heat)."""
    if len(found) < 2:
        return found
    folded = fold(text)
    for m in found:
        start = folded.find(fold(m.text))
        if start > 0 and _ASKED_FOR.search(folded[:start]):
            return [m, *(o for o in found if o is not m)]
    return found


_FROM = re.compile(r"\s+(?:from|of|out of|in|no|iz)\s+(?:the |our |their |mūsu |musu |to )?")


def _head_of_from(text: str, found: list[MaterialMention]) -> list[MaterialMention]:
    """ "Sludge from our wastewater treatment", "siltumu no notekūdeņiem": the material named
    before "from"/"no" is the one meant, the other says where it comes from; heat recovered
    from water is low-temperature heat (a heat pump's source)."""
    if len(found) < 2:
        return found
    folded = fold(text)
    for head in found:
        start = folded.find(fold(head.text))
        after = folded[start + len(head.text) :] if start >= 0 else ""
        link = _FROM.match(after)
        source = next(
            (m for m in found if m is not head and link and _starts(after[link.end() :], m.text)),
            None,
        )
        if source is None:
            continue
        if head.category.startswith("heat.") and source.category.startswith("water."):
            return [replace(head, category="heat.low"), *(m for m in found if m is not head)]
        return [head, *(m for m in found if m is not head)]
    return found


def _starts(text: str, material: str) -> bool:
    """The material is among the next words ("from our waste water" names water)."""
    return any(w.startswith(fold(material)[:5]) for w in text.split()[:2])


_MATCHER: MaterialMatcher | None = None


def _shared_matcher() -> MaterialMatcher:
    global _MATCHER
    if _MATCHER is None:
        _MATCHER = MaterialMatcher()
    return _MATCHER
