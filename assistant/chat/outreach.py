"""The chat intent `outreach_request` ("uzraksti vēstuli SIA X par …") → the same saved draft.

Who is written to: the company the message addresses — by name or by what it does ("to the
pellet producer", "siltumnīcām") — and never the company the material comes from. The other
party is the company introduced as the sender ("from X", "no X", "we are X"), else the company
the conversation is about, else the asker's own company, else the best holder of the material
for that recipient. With no company named, the draft goes to the first partner of the last
answer ("write to them"). The channel and tone are read from the message.

Drafting saves a draft and a pipeline entry, so it takes the same right as the REST routes:
only staff (facilitators and admins). A company user gets its own letter instead, from its
company, computed on the park as it may see it and saved nowhere; anyone else is told to ask
the facilitator, and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from assistant.chat.companies import companies_in_role, name_words
from assistant.chat.gather.labels import in_reader_language
from assistant.chat.state import CompanyRef, ConversationState
from assistant.deals import match
from assistant.errors import Forbidden, InvalidInput
from assistant.models.outreach import DraftRequest
from assistant.outreach.invitation import asks_invitation
from assistant.outreach.preview import preview_letter
from assistant.park import visibility
from assistant.text.normalize import fold, forms, words

if TYPE_CHECKING:
    from assistant.auth.viewer import Viewer
    from assistant.chat.tools import ChatTools
    from assistant.chat.understand import Understanding

# a company named as the addressee ("to SIA X", "to Slepenā Kokrūpnīca", "uzņēmumam X") that
# no visible company matched: the message means someone the asker cannot write to
UNKNOWN_NAME = re.compile(
    r"\b(?:to|for|uzņēmumam|kompānijai)\s+(?:(?:SIA|AS|IK|ZS)\s+)?[„“\"]?"
    r"(?!The\b|Them\b|Viņiem\b)[A-ZĀČĒĢĪĶĻŅŠŪŽ][\w-]+"
)
THEM = frozenset(
    "they them their theirs him her vini viniem vinu vinam vinai vinas vinam vinejais".split()
)
PHONE = ("phone", "call script", "telefon", "zvan")
LETTER = ("letter", "vestul")
EMAIL = ("email", "e-mail", "e-past", "epast")
FRIENDLY = ("friendly", "informal", "draudzig", "neformal", "brivak")
# a cue just before a company name that makes it the sender ("we're Demo X", "from SIA X")
SENDER_CUE = re.compile(
    r"\b(from|we're|we are|this is|on behalf of|no|esam|mes esam|es esmu|esmu no|"
    r"kura varda|kuras varda)\b(?:\W+(?:sia|as|demo|the|company|uznemums)){0,2}\W*$"
)


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
    tools: ChatTools, u: Understanding, state: ConversationState, viewer: Viewer
) -> dict[str, Any]:
    """Staff: the saved draft. A company user: its own letter, rendered and not saved."""
    own = _own(u, viewer)
    if not viewer.is_staff and own is None:
        raise Forbidden("outreach drafts are written by the park facilitator")
    recipient, sender = parties(tools, u, state, viewer)  # a company user is the sender
    if viewer.is_staff and recipient is not None and asks_invitation(u.message):
        return tools.outreach.invite(
            u.message,
            recipient.name,
            _outputs(tools, recipient, viewer, u.language.chosen),
            u.language.chosen,
        )
    if state.material is None and (recipient is None or sender is None):
        raise InvalidInput("name the material the draft is about")
    if recipient is None or (own is not None and recipient.id == own.id):
        raise InvalidInput("name the company the draft goes to")
    if sender is None:
        sender = best_holder(tools, state, recipient, viewer)
    # "draft an email from the data centre to the fish farm proposing it": their best exchange
    material = state.material.text if state.material else None
    material = material or _material_between(tools, sender.name, recipient.name, state, viewer)
    if material is None:
        raise InvalidInput("name the material the draft is about")
    state.counterpart = recipient
    request = DraftRequest(
        source=sender.name,
        target=recipient.name,
        material=material,
        lang=u.language.chosen,
        channel=channel_of(u.message),
        tone=tone_of(u.message),
    )
    takes = state.direction == "input"
    try:
        return _write(tools, request, viewer, takes)
    except InvalidInput:  # the material said last may not be what the two exchange
        other = _material_between(tools, request.source or "", request.target or "", state, viewer)
        if other is None or other == request.material:
            raise
        return _write(tools, request.model_copy(update={"material": other}), viewer, takes)


def _outputs(tools: ChatTools, recipient: CompanyRef, viewer: Viewer, lang: str) -> list[str]:
    """What the recipient has left over, in the reader's language (an invitation names it)."""
    view = visibility.park_view(tools.park.snapshot(), viewer)
    return [
        in_reader_language(tools, f.category, f.material, lang)
        for f in view.flows
        if f.company_id == recipient.id and f.direction == "output"
    ]


def _material_between(
    tools: ChatTools, source: str, target_name: str, state: ConversationState, viewer: Viewer
) -> str | None:
    """The material of the two companies' best exchange that runs the conversation's way:
    from the sender when it has the material, to the sender when it needs it."""
    view = visibility.park_view(tools.park.snapshot(), viewer)
    try:
        sender = match.company(view, source)
        target = match.company(view, target_name)
    except InvalidInput:
        return None
    way = (target.name, sender.name) if state.direction == "input" else (sender.name, target.name)
    pairs = [
        s
        for s in tools.engine.match(view, sender.id)
        if s.kind == "pair" and (s.source_company, s.target_company) == way
    ]
    return max(pairs, key=lambda s: s.score).material if pairs else None


def _write(
    tools: ChatTools, request: DraftRequest, viewer: Viewer, takes: bool = False
) -> dict[str, Any]:
    """`takes`: a company user's letter asks for the material it needs, not offers its own."""
    if viewer.is_staff:
        return tools.outreach.draft(request).model_dump(mode="json")
    letter = preview_letter(tools.park, tools.engine, request, viewer, sender_takes=takes)
    return asdict(letter) | {"saved": False}


def mentions(u: Understanding) -> list[tuple[int, CompanyRef]]:
    """Companies named in the message (by name or by role), with where they stand in it."""
    folded = fold(u.message)
    found: list[tuple[int, CompanyRef]] = []
    for c in u.entities.companies:
        core = fold(c.name).replace("sia ", "").replace("(fiktivs)", "").replace("demo ", "")
        word = core.split()[0] if core.split() else core
        at = folded.find(word[:5]) if word else -1
        found.append((at if at >= 0 else 0, CompanyRef(id=c.id, name=c.name)))
    for role in u.roles:  # every place a company is meant, also twice ("we're the CHP (X)")
        for company in companies_in_role(role, u.companies):
            found.append((max(role.start - 1, 0), CompanyRef(id=company.id, name=company.name)))
    return sorted(found, key=lambda item: item[0])


def parties(
    tools: ChatTools, u: Understanding, state: ConversationState, viewer: Viewer
) -> tuple[CompanyRef | None, CompanyRef | None]:
    """(recipient, sender); a company user writes in its own name only."""
    folded = fold(u.message)
    every = mentions(u)
    senders = [ref for at, ref in every if SENDER_CUE.search(folded[max(0, at - 25) : at])]
    named: list[tuple[int, CompanyRef]] = []
    for at, ref in every:
        if all(ref.id != seen.id for _, seen in named):
            named.append((at, ref))
    own = _own(u, viewer)
    subject = (
        CompanyRef(id=state.company_id, name=state.company or "") if state.company_id else None
    )
    sender = own if own is not None else senders[0] if senders else None
    recipients = [ref for _, ref in named if sender is None or ref.id != sender.id]
    if sender is None and len(_parties_said(every)) < 2:  # one company named: the other
        sender = subject if subject and all(r.id != subject.id for r in recipients) else own
    recipients = [r for r in recipients if sender is None or r.id != sender.id]
    addressed = [ref for at, ref in named if _TO_CUE.search(folded[max(0, at - 14) : at + 1])]
    if len(recipients) > 1 and addressed and addressed[0] in recipients:
        recipients = [addressed[0]]  # "a letter to the greenhouse proposing the brewery's CO2"
    about = {ref.id for at, ref in every if _ABOUT_CUE.search(folded[max(0, at - 14) : at])}
    if len(recipients) > 1 and any(r.id not in about for r in recipients):
        recipients = [r for r in recipients if r.id not in about]  # "… par X skaidām": X has it
    if len(recipients) > 1:  # "the farm" may be several: the one the material pairs with,
        recipients = _pairing(tools, state, recipients, viewer) or recipients
        shown = [r for name in state.partners for r in recipients if r.name == name]
        recipients = shown or recipients  # and of those, the one the last answer showed first
    if recipients:
        recipient = recipients[0]
        if sender is None:  # "a letter to X about Y's shavings": Y, else the conversation's
            sender = _other_said(every, recipient) or (
                subject if subject and subject.id != recipient.id else None
            )
        return recipient, sender
    if UNKNOWN_NAME.search(u.message):  # "to SIA Nezināma": never a letter to someone else
        raise InvalidInput("no company of that name in the park that you can see")
    talked_about = subject if subject and (sender is None or subject.id != sender.id) else None
    if talked_about and _refers_back(u):  # "write to them" after a turn about that company
        return talked_about, sender
    if sender is not None and _BY_RELATION.search(folded):  # "to the company that needs it"
        return _best_partner(tools, state, sender, viewer, {c.id for c in u.companies}), sender
    partner = _partner_meant(u, state, sender)
    return (CompanyRef(id=partner.id, name=partner.name) if partner else None), sender


def _parties_said(every: list[tuple[int, CompanyRef]]) -> dict[int, list[CompanyRef]]:
    """The companies the message names, by where it names them: a role ("the farm") may
    stand for several companies at one place."""
    found: dict[int, list[CompanyRef]] = {}
    for at, ref in every:
        found.setdefault(at, []).append(ref)
    return found


def _other_said(every: list[tuple[int, CompanyRef]], recipient: CompanyRef) -> CompanyRef | None:
    """ "A letter to X about Y's film": the one other company the message names is the other
    party (the best holder of the material would be a guess over the asker's words)."""
    places = _parties_said(every)
    others = {
        ref.id: ref
        for refs in places.values()
        if all(r.id != recipient.id for r in refs)
        for ref in refs
    }
    return next(iter(others.values())) if len(others) == 1 else None


# a recipient described by what it does with the material: the park's best partner for it
_BY_RELATION = re.compile(
    r"\b(kam|kuram|kuriem|kas|that|who|whoever|which|whichever)\s+(vajag|vajadzig\w*|nepieciesam\w*|"
    r"varetu izmantot|noderetu|needs?|could use|wants?|would take|takes|ir|has|have|razo)\b"
)


def _best_partner(
    tools: ChatTools,
    state: ConversationState,
    sender: CompanyRef,
    viewer: Viewer,
    nameable: set[int],
) -> CompanyRef | None:
    """The first partner the park map gives the sender for the material, its way round, among
    the companies the asker may name (a confidential one is only a sector label to them)."""
    way = "takes" if state.direction == "input" else "gives"
    found = (p for p in _partners(tools, state, sender, viewer, way) if p.id in nameable)
    return next(found, None)


# a company named right after "about" / "par" is the one whose material the letter is about
_ABOUT_CUE = re.compile(r"\b(about|regarding|concerning|par)(\s+the)?\s*$")
_TO_CUE = re.compile(r"\b(to|addressed to)\s+(the\s*)?\w?$")  # a name's first letter may follow


def _refers_back(u: Understanding) -> bool:
    """ "Write to them", "uzraksti viņiem": a pronoun for the company talked about."""
    return bool(set(words(fold(u.message))) & THEM)


def _partner_meant(u: Understanding, state: ConversationState, sender: CompanyRef | None) -> Any:
    """ "Write to them" / "uzraksti fermai": a partner of the last answer — the one a word of
    the message names in any form ("fermai" ~ "Piena ferma"), else the first."""
    partners = [
        c
        for name in state.partners
        for c in u.companies
        if c.name == name and (sender is None or c.id != sender.id)
    ]
    said = {f for w in words(u.message) for f in forms(w)}
    for company in partners:
        own_words = [w for w in name_words(company.name) if len(w) > 3]
        if any(forms(w)[0] in said for w in own_words):
            return company
    return partners[0] if partners else None


def _pairing(
    tools: ChatTools, state: ConversationState, candidates: list[CompanyRef], viewer: Viewer
) -> list[CompanyRef]:
    if state.material is None:
        return []
    park = visibility.park_view(tools.park.snapshot(), viewer)
    category = state.material.category
    return [
        c
        for c in candidates
        if any(s.kind == "pair" and s.category == category for s in tools.engine.match(park, c.id))
    ]


def _own(u: Understanding, viewer: Viewer) -> CompanyRef | None:
    if viewer.role != "company" or viewer.company_id is None:
        return None
    found = next((c for c in u.companies if c.id == viewer.company_id), None)
    return CompanyRef(id=found.id, name=found.name) if found else None


def best_holder(
    tools: ChatTools, state: ConversationState, recipient: CompanyRef, viewer: Viewer
) -> CompanyRef:
    """The company that has the material for this recipient (or needs what it has)."""
    assert state.material is not None
    found = next(_partners(tools, state, recipient, viewer, "either"), None)
    if found is None:
        raise InvalidInput(
            f"no company in the park pairs {state.material.text!r} with {recipient.name!r}"
        )
    return found


def _partners(
    tools: ChatTools, state: ConversationState, company: CompanyRef, viewer: Viewer, way: str
) -> Iterator[CompanyRef]:
    """The company's partners for the material, best first, on the park as the viewer may
    see it; `way`: the company "gives" it, "takes" it, or "either"."""
    if state.material is None:
        return
    park = visibility.park_view(tools.park.snapshot(), viewer)
    for s in tools.engine.match(park, company.id):
        end = {"gives": s.source_company, "takes": s.target_company}.get(way, company.name)
        if s.kind != "pair" or s.category != state.material.category or end != company.name:
            continue
        other = s.source_company if s.target_company == company.name else s.target_company
        found = next((c for c in park.companies if c.name == other), None)
        if found is not None and found.id is not None:
            yield CompanyRef(id=found.id, name=found.name)
