"""What must never appear in Latvian output, and Latvian leaking into English output.

The "never" list of ../shared/LATVIAN.md, as checks:

- `enum`: an English enum value or code identifier shown to a reader (`end_of_waste`,
  `identified`, `by product`, `missing_partner`, `score`, `None`);
- `rule_id`: a synergy rule slug (`wood-sawdust-to-pellets`) or any other `a-b-c` slug;
- `unit`: an English unit (`t/year`, `MWh/year`, `per year`, `tonnes`);
- `decimal_point`: a decimal point inside a number (`44.6`; Latvian writes `44,6`);
- `thousands_comma`: an English thousands separator (`2,400`; Latvian writes `2 400`);
- `date`: an ISO date (`2026-11-30`; Latvian writes `2026. gada 30. novembrī` or
  `30.11.2026.`).

`check_register_lv` adds the register list (calques such as "juridiskais ceļš", colloquial
"ap", "vajag", "dod", a letter to a "komanda") for the review file.

In English output `check_en` finds Latvian words (`gadā`, `uzņēmums`, `un`), Latvian units
(`t/gadā`), a decimal comma (`2,5 t`), a space-grouped number (`2 400`) and `12 000 €`.

Addresses (URLs, `likumi.lv/…`, e-mail), a term marked as the other language's
(`angļu val. *by-product*`, `in Latvian, industriālā simbioze`) and any text passed in
`allow` (company names, quoted materials) are ignored. Each check returns `Finding`s; an
empty list means clean.

    check_lv("Ieguvums: 44.6 €/t, ceļš: end_of_waste")
    -> [Finding("decimal_point", "44.6", 10), Finding("enum", "end_of_waste", 26)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from assistant.text.labels import catalogue

RULES_DIR = Path(__file__).resolve().parent.parent / "synergy_rules" / "rules"


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    start: int


_ADDRESS = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
    r"|(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:lv|eu|com|org|net|dk|uk|fi|it|es|lt|no|"
    r"de|se|cz|hr|nl|be|io|int)(?:/\S*)?",
    re.I,
)
_NOT_ENUMS = {"lv", "en", "no", "C", "t", "kg", "km"}  # real Latvian words or units
_FIELDS = (
    "score",
    "eur",
    "co2",
    "co2e",
    "tonnes",
    "rule_id",
    "legal_kind",
    "material_key",
    "None",
    "null",
    "True",
    "False",
    "nan",
    "by product",
    "by-product",
)
_SLUG = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+){2,}\b")
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_EN_UNIT = re.compile(
    r"(?:\b(?:t|m3|m³|MWh|kWh|GWh|kg|EUR|€)\s*/\s*(?:year|yr|day|month)\b)"
    r"|\bper (?:year|day|tonne)\b|\ba year\b|\btonnes?\b"
)
_DECIMAL_POINT = re.compile(
    r"(?<![\d.,/])\d+\.\d+(?![\d.])(?!\s*(?:punkt|apakšpunkt|pant|daļ|sadaļ|nodaļ|pielikum))"
)
_NACE = re.compile(r"^\d{2}\.\d{1,2}$")
_CODE_BEFORE = re.compile(r"(?:NACE|šķira|šķiras|Nr\.|kods|EN|arXiv)\b[^;\n]{0,25}$")
# A term marked as the other language's ("angļu val. *by-product*", "angliski: landfill tax",
# "in Latvian, industriālā simbioze"): a gloss for the reader, not a leaked identifier.
_GLOSS_LV = re.compile(r"\b(?:angļu val\.|angl\.|angliski)\s*:?\s*[*_“\"]?[^;:.()\n\]]{1,60}", re.I)
_GLOSS_EN = re.compile(
    r"\b(?:[Ii]n Latvian\s*,?\s*(?:is called\s+|called\s+)?|Latvian\s*:\s*)[*_“\"]?"
    r"[^;:.()\n\]]{1,60}"
)
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_REGISTER = re.compile(
    r"\bjuridisk\w* ceļ\w*|\bsinerģiju dzinēj\w*|\bdzinēja aplēs\w*|\bbezdarbības cen\w*"
    r"|\bnovērst\w* (?:DRN|dabas resursu nodokl\w*)|\bap (?=\d)|\bvajag\b|\bdod\b"
    r"|\bok\b|\bkomanda!",
    re.I,
)
_THOUSANDS_COMMA = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])")

_LV_WORDS = re.compile(
    r"\b(?:un|ir|vai|kas|lai|arī|ka|tiek|nav|jā|gadā|gada|no tā|kopā)\b"
    r"|\b(?:uzņēmum|atkritum|blakusprodukt|sinerģij|apsaimniek|izmantošan|ieguvum|tonn[au]s?\b"
    r"|pārstrād|reģenerācij|atļauj)\w*",
    re.I,
)
_LV_UNIT = re.compile(r"/(?:gadā|dnn)\b|\bgadā\b")
_LV_LETTERS = re.compile(r"\b\w*[āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ]\w*\b")
_DECIMAL_COMMA = re.compile(r"(?<![\d,])\d+,\d{1,2}(?![\d,])")
_SPACE_THOUSANDS = re.compile(r"\d[\u00a0\u202f ]\d{3}(?!\d)")
_EURO_AFTER = re.compile(r"\d[\u00a0 ]?€")


@cache
def rule_ids() -> frozenset[str]:
    ids: set[str] = set()
    for path in sorted(RULES_DIR.glob("*.yaml")):
        # libyaml when PyYAML has it: the rule files are large, and every checked answer
        # needs their ids (the pure-Python parser took seconds of a cold `assistant ask`)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        for rule in yaml.load(path.read_text("utf-8"), Loader=loader) or []:  # noqa: S506
            ids.add(str(rule["id"]))
    return frozenset(ids)


@cache
def english_enums() -> frozenset[str]:
    values = {value for entries in catalogue().values() for value in entries}
    return frozenset(values - _NOT_ENUMS)


def _blank(text: str, allow: Iterable[str], gloss: re.Pattern[str] | None = None) -> str:
    """Replace addresses, marked glosses and allowed strings by spaces, keeping offsets."""
    text = _ADDRESS.sub(lambda m: " " * len(m.group()), text)
    if gloss is not None:
        text = gloss.sub(lambda m: " " * len(m.group()), text)
    for item in sorted((a for a in allow if a), key=len, reverse=True):
        text = text.replace(item, " " * len(item))
    return text


def _word_hits(text: str, words: Iterable[str], kind: str) -> list[Finding]:
    found = []
    for word in words:
        for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            found.append(Finding(kind, match.group(), match.start()))
    return found


def check_lv(text: str, allow: Iterable[str] = ()) -> list[Finding]:
    """Everything in a Latvian text that the "never" list forbids."""
    clean = _blank(text, allow, _GLOSS_LV)
    found = [*_word_hits(clean, sorted(rule_ids()), "rule_id")]
    taken = {(f.start, f.start + len(f.text)) for f in found}
    found += [Finding("date", m.group(), m.start()) for m in _ISO_DATE.finditer(clean)]
    taken |= {(f.start, f.start + len(f.text)) for f in found}
    for match in _SLUG.finditer(clean):
        if not any(a <= match.start() < b for a, b in taken):
            found.append(Finding("rule_id", match.group(), match.start()))
    found += _word_hits(clean, sorted(english_enums()), "enum")
    found += _word_hits(clean, _FIELDS, "enum")
    found += [
        Finding("enum", m.group(), m.start())
        for m in _SNAKE.finditer(clean)
        if m.group() not in english_enums()
    ]
    found += [Finding("unit", m.group(), m.start()) for m in _EN_UNIT.finditer(clean)]
    for match in _DECIMAL_POINT.finditer(clean):
        before = clean[max(0, match.start() - 30) : match.start()]
        after = clean[match.end() : match.end() + 2]
        nace = _NACE.match(match.group()) and after[:2].strip()[:1].isupper()
        if not (nace or _CODE_BEFORE.search(before)):
            found.append(Finding("decimal_point", match.group(), match.start()))
    found += [
        Finding("thousands_comma", m.group(), m.start()) for m in _THOUSANDS_COMMA.finditer(clean)
    ]
    return _unique(found)


def check_register_lv(text: str, allow: Iterable[str] = ()) -> list[Finding]:
    """The register problems LATVIAN.md lists (calques, colloquial words, "komanda" as the
    addressee): not on the never list, shown in the review file for a reader to judge."""
    clean = _blank(text, allow)
    return [Finding("register", m.group(), m.start()) for m in _REGISTER.finditer(clean)]


def check_en(text: str, allow: Iterable[str] = ()) -> list[Finding]:
    """Latvian words, units and number formats in an English text."""
    clean = _blank(text, allow, _GLOSS_EN)
    found = [Finding("lv_word", m.group(), m.start()) for m in _LV_WORDS.finditer(clean)]
    found += [Finding("lv_unit", m.group(), m.start()) for m in _LV_UNIT.finditer(clean)]
    found += [Finding("lv_word", m.group(), m.start()) for m in _LV_LETTERS.finditer(clean)]
    found += [
        Finding("decimal_comma", m.group(), m.start()) for m in _DECIMAL_COMMA.finditer(clean)
    ]
    found += [
        Finding("space_thousands", m.group(), m.start()) for m in _SPACE_THOUSANDS.finditer(clean)
    ]
    found += [Finding("lv_money", m.group(), m.start()) for m in _EURO_AFTER.finditer(clean)]
    return _unique(found)


def _unique(found: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, int]] = set()
    result = []
    for finding in sorted(found, key=lambda f: (f.start, f.kind)):
        key = (finding.text, finding.start)
        if key not in seen:
            seen.add(key)
            result.append(finding)
    return result
