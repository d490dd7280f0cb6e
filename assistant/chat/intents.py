"""Intent classification: declarative LV/EN cue lists plus what the entities say.

Cues are matched on folded text ('vēstuli' -> 'vestuli') at word starts, so Latvian
inflections and typing without diacritics both match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.chat.entities import Entities
from assistant.text.normalize import fold

INTENTS = (
    "byproduct_reuse",
    "find_input",
    "regulation",
    "good_practice",
    "outreach_request",
    "company_info",
    "park_overview",
    "update_profile",
    "help",
    "out_of_scope",
)

CUES: dict[str, tuple[str, ...]] = {
    "help": (
        "help",
        "what can you do",
        "how do i use",
        "how to use",
        "palidz",
        "ko tu proti",
        "ko tu vari",
        "ka tevi lietot",
        "ka lietot",
        "ko tu mak",
        "what do you do",
        "who are you",
        "kas tu esi",
    ),
    "outreach_request": (
        "write a letter",
        "write an email",
        "write a message",
        "draft",
        "letter to",
        "email to",
        "outreach",
        "reach out",
        "phone script",
        "intro letter",
        "uzrakst",
        "vestul",
        "e-past",
        "epast",
        "melnrakst",
        "sagatavo vest",
        "uzrun",
    ),
    "update_profile": (
        "we also produce",
        "we also have",
        "we also generate",
        "we now produce",
        "we now get",
        "add to our profile",
        "update our profile",
        "add this flow",
        "add that",
        "add it to",
        "to our flows",
        "to our profile",
        "also leave",
        "mes ari razojam",
        "mums ari ir",
        "mums ir ari",
        "pievieno",
        "papildini",
        "atjaunin",
        "ari rodas",
        "rodas ari",
        "ari razo",
        "also produce",
        "also have",
        "also generate",
        "mums ari",
        "ierakstiet",
        "ieraksti",
    ),
    "park_overview": (
        "pilot",
        "which synergies",
        "what synergies",
        "overview",
        "in the park",
        "quick win",
        "where to start",
        "where should we start",
        "where do we",
        "how do we start",
        "first step",
        "all synergies",
        "how many companies",
        "pilotproj",
        "sinergij",
        "kur sakt",
        "ar ko sakt",
        "ka sakt",
        "pirmais solis",
        "pirmie soli",
        "parka",
        "parks",
        "prioritat",
        "which projects",
        "kurus projektus",
        "cik uznemum",
        "musu park",
    ),
    "find_input": (
        "we need",
        "we are looking for",
        "looking for",
        "where can we get",
        "where to get",
        "where to buy",
        "supply of",
        "who can supply",
        "who sells",
        "who in the park has",
        "who has",
        "we'd like",
        "we would like",
        "kas var piegadat",
        "mums vajag",
        "mums nepieciesam",
        "meklejam",
        "kur dabut",
        "kur iegadat",
        "kur nopirkt",
        "kas pardod",
        "vajadzetu",
        "vajag",
        "kam ir",
        "kas parka var",
    ),
    "byproduct_reuse": (
        "who can use",
        "who could use",
        "who needs",
        "who would take",
        "who can take",
        "who buys",
        "what to do with",
        "what can we do with",
        "get rid",
        "use our",
        "reuse",
        "re-use",
        "kas var izmantot",
        "kam var",
        "kam noder",
        "kas var nemt",
        "ko darit ar",
        "ko iesakt ar",
        "kur likt",
        "kur lik",
        "atbrivot",
        "kas to var",
        "kam to",
        "kas pirks",
        "ko ar to",
        "ko ar tiem",
        "ko ar tam",
        "what can be done",
        "what do we do with",
    ),
    "regulation": (
        "law",
        "legal",
        "regulation",
        "directive",
        "article",
        "permit",
        "licen",
        "tax",
        "rule",
        "requirement",
        "obligation",
        "by-product",
        "byproduct",
        "end-of-waste",
        "end of waste",
        "stop being waste",
        "still waste",
        "ewc",
        "waste code",
        "reach",
        "vvd",
        "pvd",
        "r-code",
        "r code",
        "hierarchy",
        "definition",
        "register",
        "allowed",
        "likum",
        "noteikum",
        "direktiv",
        "pant",
        "atlauj",
        "nodokl",
        "drn",
        "prasib",
        "blakusprodukt",
        "atkritumu status",
        "kods",
        "kodu",
        "juridisk",
        "registr",
        "regula",
        "hierarh",
        "definicij",
        "kad ir",
        "when is",
        "must we",
        "do we need",
        "vai vajag",
        "drikst",
        "vai var",
        "can our",
        "can we",
        "parstaj but",
        "jaregistr",
        "jamaksa",
        "jasanem",
        "jaiesniedz",
        "cik ilgi",
        "how long",
        "landfill",
        "poligon",
        "gate fee",
        "apglabasan",
    ),
    "good_practice": (
        "example",
        "practice",
        "case",
        "experience",
        "other countries",
        "kalundborg",
        "nisp",
        "burgos",
        "fiss",
        "enea",
        "ocap",
        "getlin",
        "balticovo",
        "valmiermuiz",
        "ecoindustr",
        "llobregat",
        "facilitator",
        "how did",
        "who has done",
        "elsewhere",
        "piemer",
        "prakse",
        "praks",
        "pieredz",
        "citas valst",
        "citur",
        "fasilitator",
        "koordinator",
        "ka to dara",
        "somija",
        "finland",
        "italy",
        "italij",
        "spain",
        "spanij",
        "danij",
        "denmark",
        "lielbritanij",
    ),
    "company_info": (
        "tell me about",
        "what does",
        "who is",
        "profile of",
        "information about",
        "have on offer",
        "what are they",
        "what do they",
        "how far is",
        "pastasti par",
        "ko dara",
        "kas ir",
        "profils",
        "informacij par",
        "ko razo",
        "pienem",
        "ierakstits",
        "kas par mums",
        "ko piedava",
    ),
}
# Cues of questions outside the domain: they win unless a strong domain cue is present.
OFF_TOPIC = (
    "share price",
    "stock price",
    "stock market",
    "shares",
    "akciju cen",
    "akcijas",
    "weather",
    "laikapstak",
    "football",
    "futbol",
    "hockey",
    "hokej",
    "recipe",
    "recept",
    "poem",
    "dzejol",
    "python",
    "javascript",
    "programming",
    "programm",
    "linked list",
    "diagnos",
    "medicine",
    "doctor",
    "arsts",
    "zales",
    "horoscope",
    "movie",
    "film recommend",
    "song",
    "dziesm",
)
# Cues that only say "we have a material" when a material is actually named.
MATERIAL_CUES = (
    "we have",
    "we produce",
    "we generate",
    "we get",
    "sell",
    "worth",
    "mums ir",
    "razojam",
    "rodas",
    "veidojas",
    "izmantot",
    "vert",
    "pardot",
    "paliek",
)


YES_WORDS = frozenset(
    {"yes", "y", "ok", "okay", "sure", "correct", "ja", "labi", "der", "protams", "pareizi", "jaa"}
)
YES_PREFIXES = ("confirm", "apstiprin")
NO_WORDS = frozenset({"no", "ne", "nav", "nope"})
NO_PREFIXES = ("cancel", "nevajag", "atcel", "don")


@dataclass(frozen=True)
class Classification:
    intent: str
    scores: dict[str, float]
    reason: str


@lru_cache(maxsize=64)
def _pattern(cue: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])" + re.escape(cue))


def cue_scores(text: str) -> dict[str, float]:
    folded = fold(text)
    return {
        intent: float(sum(1 for cue in cues if _pattern(cue).search(folded)))
        for intent, cues in CUES.items()
    }


def classify(text: str, entities: Entities) -> Classification:
    scores = cue_scores(text)
    folded = fold(text)
    has_material, has_company = bool(entities.materials), bool(entities.companies)
    if has_material:
        scores["byproduct_reuse"] += 0.25 + sum(
            0.75 for cue in MATERIAL_CUES if _pattern(cue).search(folded)
        )
        if entities.quantity and not scores["find_input"]:
            scores["byproduct_reuse"] += 0.75
        if scores["find_input"]:
            scores["find_input"] += 1.0
    if has_company:
        scores["company_info"] += 0.5 + scores["company_info"]
        scores["outreach_request"] += 1.0 if scores["outreach_request"] else 0.0
    if scores["update_profile"] and entities.quantity and has_material:
        scores["update_profile"] += 2.0
    if entities.ewc_codes:
        scores["regulation"] += 0.5
    if scores["outreach_request"]:
        scores["outreach_request"] += 2.0  # asking for a draft outranks the topic of the draft
    best = max(INTENTS[:-1], key=lambda i: (scores[i], -INTENTS.index(i)))
    off_topic = sum(1 for cue in OFF_TOPIC if _pattern(cue).search(folded))
    if off_topic and scores[best] < 1.5 + off_topic:
        return Classification("out_of_scope", scores, "the question is about another domain")
    if scores[best] <= 0:
        return Classification("out_of_scope", scores, "no domain cue or entity")
    return Classification(best, scores, f"cues and entities favour {best}")


def is_confirmation(text: str) -> bool | None:
    """True for yes, False for no, None for anything else (a short reply only)."""
    tokens = re.findall(r"[a-z]+", fold(text))
    if not tokens or len(tokens) > 6:
        return None
    first = tokens[0]
    if first in NO_WORDS or first.startswith(NO_PREFIXES):
        return False
    if first in YES_WORDS or first.startswith(YES_PREFIXES):
        return True
    return None
