"""Evidence from the knowledge base: legal questions, good practice, and the general answer
for a question the classifier cannot place ("unsure")."""

from __future__ import annotations

import re
from typing import Any

from assistant.chat.evidence import Found, material_synergies, passages
from assistant.chat.gather.materials import LEGAL_QUERY, cost_of_doing_nothing
from assistant.chat.gather.turn import Turn
from assistant.text.normalize import fold

# documented cases and the guidance drawn from them (facilitation, the park concept, economics)
PRACTICE = ("case", "good_practice", "guide")
MATERIAL_TOPICS = ("byproduct_reuse", "find_input", "value", "update_profile")
_CODE_CUES = (
    "code",
    "ewc",
    "kods",
    "kodu",
    "kodi",
    "kodam",
    "list of waste",
    "klasifik",
    "hazardous",
    "bistam",
    "classif",
)


# words that put a material under its own legal regime, whatever rule matched it
REGIME_CUES = {  # word starts, folded ("gaļas" only: "gaļa"/"gaļu" fold like "galā"/"galu")
    "animal_by_product": ("gaļas", "dzīvniek", "kautuv", "meat", "animal", "slaughter"),
    "feed": ("barīb", "lopbarīb", "feed ", "feeding", "fodder"),
    "waste_permit": ("atļauj", "atļauja", "permit", "licen", "reģistr", "register"),
    # "is it hazardous?", "which code?": the List of Waste and its Latvian classifier, whatever
    # route the material's exchange takes ("R code" is a permit's operation code, not this)
    "classification": (
        "bīstam",
        "nebīstam",
        "hazardous",
        "klasifik",
        "classif",
        "atkritumu kod",
        "waste code",
        "ewc",
        "list of waste",
    ),
}


def regimes_named(question: str) -> list[str]:
    """The regimes a question names; a permit asked about feed or animal by-products is that
    regime's registration, not a waste permit."""
    said = f"{fold(question)} "
    found = [
        regime
        for regime, cues in REGIME_CUES.items()
        if any(re.search(rf"\b{re.escape(fold(c))}", said) for c in cues)
    ]
    if any(r in ("animal_by_product", "feed") for r in found):
        return [r for r in found if r != "waste_permit"]
    return found


def regulation(turn: Turn) -> None:
    query = turn.query
    state = turn.state
    # the regime the question names ("a permit?", "from meat production?"), else the one its
    # conversation was about ("how long does it take?" after a permit question)
    named = regimes_named(turn.question) or regimes_named(turn.query)
    about_material = state.material is not None and (
        turn.plan.followup or turn.understanding.entities.materials
    )
    cites = asks_for_act(turn.question)  # "which directive …?": that act, not the route's law
    if about_material and state.material is not None:
        turn.evidence.synergies = material_synergies(
            turn.tools, state, state.direction, turn.park()
        )
        turn.evidence.synergies = turn.evidence.synergies[:1]
        best = turn.evidence.synergies[0] if turn.evidence.synergies else None
        if best and best.legal_route and not named and not cites:
            en, lv = LEGAL_QUERY.get(best.legal_route.kind, LEGAL_QUERY["by_product"])
            query = f"{query} {lv if turn.lang == 'lv' else en}"
    for regime in named:  # over the route's
        en, lv = LEGAL_QUERY[regime]
        query = f"{query} {lv if turn.lang == 'lv' else en}"
    found = passages(turn.tools, query, turn.lang, lenient=turn.confident, asked=_own(turn))
    if cites and query != turn.question:  # the act the question itself asks for comes first
        own = passages(turn.tools, turn.question, turn.lang, k=2, lenient=turn.confident)
        found = Found(
            list({h.chunk_id: h for h in [*own, *found]}.values()),
            own.relevant | found.relevant,
            own.named | found.named,
        )
    turn.evidence.hits = list(found)
    turn.evidence.named = found.named
    turn.extra["covered"] = found.covered or bool(turn.evidence.synergies)
    turn.extra["codes"] = waste_codes(turn)
    if turn.plan.followup and state.intent in MATERIAL_TOPICS:
        turn.extra["nothing_cost"] = cost_of_doing_nothing(turn)


# "which directive brought in …?", "where are the R and D codes set?", "kurš likums nosaka …?"
_ACT_CUES = re.compile(
    r"\b(which|what) (eu |latvian |cabinet )?(directive|regulation|law|act|article|decision)|"
    r"\bwhere (are|is)\b.*\b(set|laid down|defined|listed)\b|\btranspos|"
    r"\bkur(s|a|i|as|ā|os)? (es )?(direktiv|regul|likum|noteikum|pant|lemum)\w*|"
    r"\bkur (ir )?(noteikt|noteikti|noteiktas|definet)\w*|\btranspon"
)


def asks_for_act(question: str) -> bool:
    return bool(_ACT_CUES.search(fold(question)))


def good_practice(turn: Turn) -> None:
    own, lenient = _own(turn), turn.confident
    found = passages(turn.tools, turn.query, turn.lang, types=PRACTICE, lenient=lenient, asked=own)
    if not found:
        found = passages(turn.tools, turn.query, turn.lang, lenient=lenient, asked=own)
    turn.evidence.hits = list(found)
    turn.evidence.named = found.named
    turn.extra["covered"] = found.covered


def knowledge(turn: Turn) -> None:
    """No intent is clearly ahead: answer from the passages that fit the question best, or
    say plainly that the knowledge base does not cover it."""
    found = passages(turn.tools, turn.query, turn.lang, k=3, asked=_own(turn))
    turn.evidence.hits = list(found)
    turn.evidence.named = found.named
    turn.extra["covered"] = found.covered


def _own(turn: Turn) -> str:
    """A follow-up's own words (its query adds the conversation's subject)."""
    return turn.question if turn.plan.followup else ""


def waste_codes(turn: Turn) -> list[dict[str, Any]]:
    """For "what is the waste code of X?": the List of Waste entries that fit the material,
    each with its hazardous mirror entry, straight from the code list."""
    material = turn.state.material
    if material is None or not any(c in fold(turn.question) for c in _CODE_CUES):
        return []
    taxonomy = turn.tools.taxonomy
    found: list[dict[str, Any]] = []
    for suggestion in taxonomy.suggest(material.text, k=2):
        entry = taxonomy.ewc(suggestion.ewc_code)
        if entry is None or any(f["code"] == entry.code for f in found):
            continue
        label = (
            suggestion.label_lv if turn.lang == "lv" and suggestion.label_lv else entry.description
        )
        mirror = next((taxonomy.ewc(c) for c in _codes_in(entry.description)), None)
        found.append(
            {
                "code": entry.code,
                "label": label,
                "hazardous": entry.hazardous,
                "mirror": mirror.code if mirror and mirror.hazardous else None,
            }
        )
    turn.facts["waste_codes"] = found
    return found


def _codes_in(text: str) -> list[str]:
    return [" ".join(m) for m in re.findall(r"(\d{2}) (\d{2}) (\d{2})", text)]
