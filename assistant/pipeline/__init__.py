"""The synergy pipeline: identified → contacted → meeting → pilot → agreement → implemented
(or dropped), with notes, a contact log and next actions."""

from assistant.pipeline.service import PipelineService
from assistant.pipeline.stages import FLOW, check_move

__all__ = ["FLOW", "PipelineService", "check_move"]
