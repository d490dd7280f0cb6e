"""The chat intent `outreach_request` ("uzraksti vēstuli SIA X par …") → the same saved draft.

Who writes to whom (`ctx.company` is the company the chat remembered from the message):
1. A company introduced as the sender ("we're X", "esam X", "mēs esam X") is the SOURCE of the
   material; another company named in the message is the recipient.
2. Two companies named without such a cue: `ctx.company` is the recipient, the other the source.
3. One company (or one remembered from an earlier turn): the best pair suggestion for the
   material that involves it is taken. A partner hinted in the message ("uzraksti fermai")
   becomes the recipient. If the company is the sender (introduced as above, or only
   remembered and not named now), the draft goes to its best partner, offering its material
   (or asking for the partner's). Otherwise the draft goes to the named company: proposing
   it TAKE the material from the best source, or else SUPPLY it to the best taker.
The channel and the tone are read from the message (phone/letter/email, friendly/formal).

Drafting saves a draft and a pipeline entry, so it takes the same right as the REST routes:
only staff (facilitators and admins) may ask for one; anyone else is told so, and nothing is
written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from assistant.auth.viewer import ANONYMISED, Viewer
from assistant.chat.context import Context
from assistant.chat.entities import CompanyMention, EntityExtractor
from assistant.deals.match import material_level
from assistant.errors import Forbidden, InvalidInput
from assistant.models.outreach import DraftRequest
from assistant.synergies import Suggestion
from assistant.synergies.park_data import ParkData
from assistant.text.normalize import fold, forms, words

if TYPE_CHECKING:
    from assistant.chat.tools import ChatTools

PHONE = ("phone", "call script", "telefon", "zvan")
LETTER = ("letter", "vestul")
EMAIL = ("email", "e-mail", "e-past", "epast")
FRIENDLY = ("friendly", "informal", "draudzig", "neformal", "brivak")
SELF_CUE = re.compile(r"\b(we're|we are|we're the|this is|esam|mes esam|es esmu|esmu no)\b")
NAME_NOISE = {"sia", "as", "ik", "demo", "fiktivs", "ltd", "the"}


def channel_of(question: str) -> str:
    text = fold(question)
    if any(w in text for w in PHONE):
        return "phone"
    if any(w in text for w in EMAIL):
        return "email"
    return "letter" if any(w in text for w in LETTER) else "email"


def tone_of(question: str) -> str:
    text = fold(question)
    return "friendly" if any(w in text for w in FRIENDLY) else "formal"


def draft_from_chat(
    tools: ChatTools, question: str, lang: str, ctx: Context, *, viewer: Viewer = ANONYMISED
) -> dict[str, Any]:
    if not viewer.is_staff:
        raise Forbidden("outreach drafts are written by the park facilitator")
    if ctx.company_id is None or not ctx.company:
        raise InvalidInput("name the company the draft goes to")
    if ctx.material is None:
        raise InvalidInput("name the material the draft is about")
    park = tools.park.snapshot()
    source, target = _parties(tools, park, question, ctx)
    request = DraftRequest(
        source=source,
        target=target,
        material=ctx.material.text,
        lang=lang if lang in ("lv", "en") else "lv",
        channel=channel_of(question),
        tone=tone_of(question),
    )
    return tools.outreach.draft(request).model_dump(mode="json")


def _parties(tools: ChatTools, park: ParkData, question: str, ctx: Context) -> tuple[str, str]:
    """(source, recipient) names."""
    named = EntityExtractor([(c.id, c.name) for c in park.companies]).extract(question).companies
    own = _sender(named, question)
    others = [c for c in named if c.id != own]
    if own is not None and others:
        return park.company(own).name, others[0].name
    recipient = park.company(ctx.company_id or 0)
    if own is None and len(others) >= 2:
        return next(c.name for c in others if c.id != recipient.id), recipient.name
    anchor = park.company(own) if own is not None else recipient
    sender = own is not None or anchor.id not in {c.id for c in named}
    return _from_pairs(tools, park, question, ctx, anchor.name, sender)


def _sender(named: list[CompanyMention], question: str) -> int | None:
    """The named company introduced as the sender: a cue like "we're" shortly before it."""
    folded = fold(question)
    for mention in named:
        core = " ".join(
            w
            for w in fold(mention.name).replace("(", " ").replace(")", " ").split()
            if w not in NAME_NOISE
        )
        found = fuzz.partial_ratio_alignment(core, folded) if core else None
        start = found.dest_start if found is not None else -1
        if start >= 0 and SELF_CUE.search(folded[max(0, start - 40) : start]):
            return mention.id
    return None


def _from_pairs(
    tools: ChatTools, park: ParkData, question: str, ctx: Context, anchor: str, sender: bool
) -> tuple[str, str]:
    assert ctx.material is not None
    engine = tools.engine
    anchor_id = next(c.id for c in park.companies if c.name == anchor)
    pairs = [
        s
        for s in engine.match(park, anchor_id)
        if s.kind == "pair"
        and s.target_company
        and (s.category == ctx.material.category or material_level(s, ctx.material.text, engine))
    ]
    if not pairs:
        raise InvalidInput(f"no synergy for {ctx.material.text!r} with {anchor!r} in the park")
    hinted = [s for s in pairs if _hinted(_partner(s, anchor), question)]
    if hinted or sender:
        best = (hinted or pairs)[0]
        return anchor, _partner(best, anchor)
    takes = [s for s in pairs if s.target_company == anchor]
    return _partner((takes or pairs)[0], anchor), anchor


def _partner(s: Suggestion, anchor: str) -> str:
    return str(s.target_company) if s.source_company == anchor else s.source_company


def _hinted(name: str, question: str) -> bool:
    """A word of the partner's name appears in the message in any form ('fermai' ~ 'ferma')."""
    wanted = {forms(w)[0] for w in words(fold(name)) if w not in NAME_NOISE and len(w) > 3}
    said = {f for w in words(question) for f in forms(w)}
    return bool(wanted & said)
