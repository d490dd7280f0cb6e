"""Deals: the facilitator's pipeline of synergies it follows — identified → contacted →
meeting → pilot → agreement → implemented (or dropped), with notes, a contact log and next
actions. (Not `assistant.ingest.pipeline`, the ingestion steps.) Its tables live in
`assistant.models.pipeline`; the URL and CLI keep the facilitator's word, "pipeline"."""

from assistant.deals.service import PipelineService
from assistant.deals.stages import FLOW, check_move

__all__ = ["FLOW", "PipelineService", "check_move"]
