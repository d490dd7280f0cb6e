"""A number meets a noun: Latvian agreement after numerals, and the English plural.

The rule (../shared/LATVIAN.md): a whole count whose last digit is 1 and whose last two digits
are not 11 takes the singular (1, 21, 101 uzņēmums); every other whole count takes the plural
(0, 2–20, 22 uzņēmumi). The case the sentence needs is the caller's choice: "nav neviena
uzņēmuma", "no 21 ieteikuma" (genitive), "22 uzņēmumiem" (dative). A decimal count takes the
genitive singular ("2,5 tonnas").

    count(21, "uzņēmums")            -> "21 uzņēmums"
    count(11, "uzņēmums")            -> "11 uzņēmumi"
    count(11, "uzņēmums", case="gen") -> "11 uzņēmumu"
    count(2, "uzņēmums", lang="en")   -> "2 companies"
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.text.formatting import number

Case = Literal["nom", "gen", "dat", "acc", "loc"]
CASES: tuple[Case, ...] = ("nom", "gen", "dat", "acc", "loc")


@dataclass(frozen=True)
class Noun:
    singular: tuple[str, str, str, str, str]  # nom, gen, dat, acc, loc
    plural: tuple[str, str, str, str, str]
    en: tuple[str, str]  # singular, plural

    def form(self, case: Case, plural: bool) -> str:
        return (self.plural if plural else self.singular)[CASES.index(case)]


def _m1(stem: str, en: str, en_pl: str) -> Noun:
    """First declension, masculine in -s (uzņēmums)."""
    return Noun(
        (stem + "s", stem + "a", stem + "am", stem + "u", stem + "ā"),
        (stem + "i", stem + "u", stem + "iem", stem + "us", stem + "os"),
        (en, en_pl),
    )


def _f4(stem: str, en: str, en_pl: str) -> Noun:
    """Fourth declension, feminine in -a (tonna)."""
    return Noun(
        (stem + "a", stem + "as", stem + "ai", stem + "u", stem + "ā"),
        (stem + "as", stem + "u", stem + "ām", stem + "as", stem + "ās"),
        (en, en_pl),
    )


def _f5(stem: str, gen_pl: str, en: str, en_pl: str) -> Noun:
    """Fifth declension, feminine in -e (nozare); the genitive plural may alternate."""
    return Noun(
        (stem + "e", stem + "es", stem + "ei", stem + "i", stem + "ē"),
        (stem + "es", gen_pl, stem + "ēm", stem + "es", stem + "ēs"),
        (en, en_pl),
    )


NOUNS: dict[str, Noun] = {
    "uzņēmums": _m1("uzņēmum", "company", "companies"),
    "ieteikums": _m1("ieteikum", "suggestion", "suggestions"),
    "dokuments": _m1("dokument", "document", "documents"),
    "fragments": _m1("fragment", "passage", "passages"),
    "avots": _m1("avot", "source", "sources"),
    "gads": _m1("gad", "year", "years"),
    "kilometrs": _m1("kilometr", "kilometre", "kilometres"),
    "melnraksts": _m1("melnrakst", "draft", "drafts"),
    "materiāls": _m1("materiāl", "material", "materials"),
    "kods": _m1("kod", "code", "codes"),
    "pilotprojekts": _m1("pilotprojekt", "pilot project", "pilot projects"),
    "tonna": _f4("tonn", "tonne", "tonnes"),
    "sinerģija": _f4("sinerģij", "synergy", "synergies"),
    "plūsma": _f4("plūsm", "flow", "flows"),
    "apmaiņa": _f4("apmaiņ", "exchange", "exchanges"),
    "diena": _f4("dien", "day", "days"),
    "darbdiena": _f4("darbdien", "working day", "working days"),
    "versija": _f4("versij", "version", "versions"),
    "nozare": _f5("nozar", "nozaru", "sector", "sectors"),
    "vēstule": _f5("vēstul", "vēstuļu", "letter", "letters"),
    "partneris": Noun(
        ("partneris", "partnera", "partnerim", "partneri", "partnerī"),
        ("partneri", "partneru", "partneriem", "partnerus", "partneros"),
        ("partner", "partners"),
    ),
    "mēnesis": Noun(
        ("mēnesis", "mēneša", "mēnesim", "mēnesi", "mēnesī"),
        ("mēneši", "mēnešu", "mēnešiem", "mēnešus", "mēnešos"),
        ("month", "months"),
    ),
}


def singular_agreement(n: float) -> bool:
    """True when a Latvian count takes the singular: 1, 21, 101 … but not 11, 111."""
    if not float(n).is_integer():
        return False
    whole = abs(int(n))
    return whole % 10 == 1 and whole % 100 != 11


def noun_form(n: float, noun: str, lang: str = "lv", case: Case = "nom") -> str:
    """The form of `noun` (given by its Latvian nominative singular) that agrees with `n`."""
    entry = NOUNS[noun]
    if lang == "en":
        return entry.en[0] if n == 1 else entry.en[1]
    if not float(n).is_integer():
        return entry.form("gen" if case == "nom" else case, plural=False)
    return entry.form(case, plural=not singular_agreement(n))


def count(
    n: float, noun: str, lang: str = "lv", case: Case = "nom", digits: int | None = None
) -> str:
    """`n` formatted for the language, a non-breaking space, and the agreeing noun."""
    return f"{number(n, lang, digits)}\u00a0{noun_form(n, noun, lang, case)}"


def none_of(noun: str, lang: str = "lv") -> str:
    """ "nav neviena uzņēmuma" / "no companies"."""
    entry = NOUNS[noun]
    if lang == "en":
        return f"no {entry.en[1]}"
    gender_word = "nevienas" if entry.singular[1].endswith(("as", "es")) else "neviena"
    return f"nav {gender_word} {entry.form('gen', plural=False)}"
