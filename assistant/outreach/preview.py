"""A letter a company writes to another company itself: rendered for it, never saved.

The facilitator's drafts are saved with a pipeline entry (OutreachService.draft). A company
user who asks the chat for a letter gets the same letter, but computed on the park as that
user may see it (`visibility.park_view`: hidden quantities are bands, hidden companies are
not nameable), sent from the user's own company, signed with placeholders for the writer's
name and position, and written nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.deals import match
from assistant.errors import InvalidInput
from assistant.models.outreach import DraftRequest
from assistant.outreach import facts, render
from assistant.outreach.service import check_options
from assistant.park import visibility

if TYPE_CHECKING:
    from assistant.auth.viewer import Viewer
    from assistant.park import ParkService
    from assistant.synergies import SynergyEngine

PLACEHOLDERS = {
    "en": {"name": "[your name]", "title": "[your position]"},
    "lv": {"name": "[vārds, uzvārds]", "title": "[amats]"},
}


@dataclass(frozen=True)
class LetterPreview:
    target: str
    partner: str
    material: str
    language: str
    channel: str
    subject: str
    body: str
    facts_used: list[dict[str, Any]] = field(default_factory=list)


def preview_letter(
    park: ParkService,
    engine: SynergyEngine,
    request: DraftRequest,
    viewer: Viewer,
    sender_takes: bool = False,
) -> LetterPreview:
    """The letter from `request.source` (the viewer's own company) to `request.target`;
    `sender_takes`: the sender asks for the material rather than offers it."""
    if viewer.company_id is None:
        raise InvalidInput("only a company user writes its own letters")
    lang, channel, tone = check_options(request.lang, request.channel, request.tone)
    view = visibility.park_view(park.snapshot(), viewer)
    sender = match.company(view, request.source or "")
    target = match.company(view, request.target or "")
    if sender.id != viewer.company_id:
        raise InvalidInput("a company writes its letters in its own name")
    if sender.id == target.id:
        raise InvalidInput("the letter would go to your own company")
    suggestion = match.find_pair(engine, view, sender, target, request.material, sender_takes)
    found = facts.build(suggestion, view, target, lang, engine, writer_id=sender.id)
    found.context["address"] = park.get_company(target.id, viewer=viewer).municipality or ""
    own = park.get_company(sender.id, viewer=viewer)
    me = {**PLACEHOLDERS[lang], "organisation": sender.name, "email": own.contact_email or ""}
    me["phone"] = ""
    subject, body = render.draft_text(found, lang, channel, tone, None, me=me)
    return LetterPreview(
        target=target.name,
        partner=sender.name,
        material=suggestion.material,
        language=lang,
        channel=channel,
        subject=subject,
        body=body,
        facts_used=found.used,
    )
