"""The outreach service: draft, save, edit (a new version each time), list and export.

A draft is addressed to the target company and proposes taking (or supplying) the source
company's material; it always links to a pipeline synergy (created at stage identified when
there is none). Bad input is refused before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from assistant.clock import utcnow
from assistant.config import Settings
from assistant.db import session_scope
from assistant.deals import PipelineService, match
from assistant.errors import InvalidInput, NotFound
from assistant.llm.model import ChatModel
from assistant.models.outreach import (
    CHANNELS,
    LANGUAGES,
    TONES,
    DraftPublic,
    DraftRequest,
    DraftUpdate,
    DraftVersionPublic,
    OutreachDraft,
    OutreachDraftVersion,
)
from assistant.models.pipeline import Synergy, SynergyNote
from assistant.outreach import export, facts, render
from assistant.outreach.invitation import invitation
from assistant.outreach.polish import PolishFailed, polish
from assistant.park import ParkService
from assistant.synergies import Suggestion, SynergyEngine
from assistant.synergies.park_data import CompanyData, ParkData


@dataclass(frozen=True)
class Written:
    subject: str
    body: str
    composer: str = "template"
    note: str = ""


def check_options(lang: str, channel: str, tone: str) -> tuple[str, str, str]:
    found = []
    for value, allowed, what in (
        (lang, LANGUAGES, "language"),
        (channel, CHANNELS, "channel"),
        (tone, TONES, "tone"),
    ):
        if value.strip().lower() not in allowed:
            raise InvalidInput(f"unsupported {what} {value!r} (use {' or '.join(allowed)})")
        found.append(value.strip().lower())
    return found[0], found[1], found[2]


class OutreachService:
    def __init__(
        self,
        engine: Engine,
        park: ParkService,
        synergies: Callable[[], SynergyEngine],
        pipeline: PipelineService,
        settings: Settings,
        llm: Callable[[], ChatModel | None],
    ) -> None:
        self._engine, self._park, self._synergies = engine, park, synergies
        self._pipeline, self._settings, self._llm = pipeline, settings, llm

    # ---- drafting ----------------------------------------------------------------------
    def invite(self, message: str, recipient: str, outputs: list[str], lang: str) -> dict[str, Any]:
        """An invitation to a workshop or meeting, signed by the facilitator; not saved."""
        return invitation(message, recipient, outputs, lang, render.signature(self._settings, lang))

    def draft(self, request: DraftRequest) -> DraftPublic:
        lang, channel, tone = check_options(request.lang, request.channel, request.tone)
        park = self._park.snapshot()
        suggestion, recipient = self._resolve(park, request)
        found = facts.build(suggestion, park, recipient, lang, self._synergies())
        profile = self._park.get_company(recipient.id)
        found.context["address"] = profile.municipality
        written = self._write(found, lang, channel, tone, request.polish)
        by = request.by or self._settings.facilitator_name
        with session_scope(self._engine) as session:
            synergy, _ = self._pipeline.ensure(session, suggestion, by)
            draft = OutreachDraft(
                synergy_id=synergy.id or 0,
                recipient_company_id=recipient.id,
                recipient_name=recipient.name,
                recipient_email=profile.contact_email,
                recipient_role=str(found.context["role"]),
                partner=str(found.context["partner"]),
                material=suggestion.material,
                language=lang,
                channel=channel,
                tone=tone,
                subject=written.subject,
                body=written.body,
                composer=written.composer,
                composer_note=written.note,
                facts_used=found.used,
            )
            session.add(draft)
            session.flush()
            session.add(
                OutreachDraftVersion(
                    draft_id=draft.id or 0,
                    version=1,
                    subject=written.subject,
                    body=written.body,
                    composer=written.composer,
                    by=by,
                )
            )
            session.add(
                SynergyNote(
                    synergy_id=synergy.id or 0,
                    by=by,
                    text=(
                        f"outreach draft {draft.id} ({channel}, {lang}, {tone}) to {recipient.name}"
                    ),
                )
            )
        return self.get(draft.id or 0)

    def _resolve(self, park: ParkData, request: DraftRequest) -> tuple[Suggestion, CompanyData]:
        if request.synergy_id is not None:
            return self._from_synergy(park, request)
        if not request.source or not request.target:
            raise InvalidInput("give the source and the target company (or a synergy_id)")
        source = match.company(park, request.source)
        target = match.company(park, request.target)
        if source.id == target.id:
            raise InvalidInput("the source and the target are the same company")
        found = match.find_pair(self._synergies(), park, source, target, request.material)
        return found, target

    def _from_synergy(
        self, park: ParkData, request: DraftRequest
    ) -> tuple[Suggestion, CompanyData]:
        with Session(self._engine) as session:
            synergy = session.get(Synergy, request.synergy_id)
        if synergy is None:
            raise NotFound(f"no synergy with id {request.synergy_id} in the pipeline")
        if synergy.target_name is None:
            raise InvalidInput(f"synergy {synergy.id} has no target company to write to")
        source = match.company(park, synergy.source_name)
        target = match.company(park, synergy.target_name)
        recipient = match.company(park, request.target) if request.target else target
        if recipient.id not in (source.id, target.id):
            raise InvalidInput(f"{recipient.name!r} is not part of synergy {synergy.id}")
        found = match.find_pair(self._synergies(), park, source, target, synergy.material)
        return found, recipient

    def _write(
        self, found: facts.Facts, lang: str, channel: str, tone: str, wanted: bool
    ) -> Written:
        subject, body = render.draft_text(found, lang, channel, tone, self._settings)
        model = self._llm() if wanted else None
        if model is None:
            return Written(subject, body)
        keep = [str(found.context[k]) for k in ("recipient", "material")]
        keep += [render.signature(self._settings, lang)["name"]]
        if not found.context["hidden"]:
            keep.append(str(found.context["partner"]))
        try:
            return Written(subject, polish(model, lang, subject, body, keep, found.hidden), "llm")
        except PolishFailed as exc:
            return Written(subject, body, "template", f"LLM polish not used: {exc}")

    # ---- reading -----------------------------------------------------------------------
    def get(self, draft_id: int) -> DraftPublic:
        with Session(self._engine) as session:
            draft = self._row(session, draft_id)
            versions = session.exec(
                select(OutreachDraftVersion)
                .where(OutreachDraftVersion.draft_id == draft_id)
                .order_by(col(OutreachDraftVersion.version))
            ).all()
            return _public(
                draft, [DraftVersionPublic.model_validate(v.model_dump()) for v in versions]
            )

    def list_drafts(self, synergy_id: int | None = None) -> list[DraftPublic]:
        query = select(OutreachDraft).order_by(col(OutreachDraft.id))
        if synergy_id is not None:
            query = query.where(OutreachDraft.synergy_id == synergy_id)
        with Session(self._engine) as session:
            return [_public(d, []) for d in session.exec(query)]

    @staticmethod
    def _row(session: Session, draft_id: int) -> OutreachDraft:
        draft = session.get(OutreachDraft, draft_id)
        if draft is None:
            raise NotFound(f"no outreach draft with id {draft_id}")
        return draft

    # ---- editing and export ------------------------------------------------------------
    def update(self, draft_id: int, data: DraftUpdate) -> DraftPublic:
        """An edit is a new version; the earlier versions stay."""
        if data.subject is None and data.body is None:
            raise InvalidInput("give a new subject and/or body")
        with session_scope(self._engine) as session:
            draft = self._row(session, draft_id)
            draft.version += 1
            draft.subject = (data.subject or draft.subject).strip()
            draft.body = (data.body or draft.body).strip()
            draft.updated_at = utcnow()
            session.add(draft)
            session.add(
                OutreachDraftVersion(
                    draft_id=draft_id,
                    version=draft.version,
                    subject=draft.subject,
                    body=draft.body,
                    composer="edit",
                    note=data.note,
                    by=data.by or self._settings.facilitator_name,
                )
            )
        return self.get(draft_id)

    def export(self, draft_id: int, fmt: str) -> tuple[bytes, str, str]:
        """(content, media type, file name) of the current version."""
        fmt = export.check_format(fmt)
        draft = self.get(draft_id)
        if fmt == "txt":
            content = export.to_txt(draft).encode("utf-8")
        else:
            with Session(self._engine) as session:
                email = self._row(session, draft_id).recipient_email
            content = export.to_eml(draft, self._settings, email)
        return content, export.FORMATS[fmt], export.filename(draft, fmt)


def _public(draft: OutreachDraft, versions: list[DraftVersionPublic]) -> DraftPublic:
    return DraftPublic.model_validate(
        {**draft.model_dump(), "target": draft.recipient_name, "versions": versions}
    )
