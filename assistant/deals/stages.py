"""Stage rules of the synergy pipeline.

  identified → contacted → meeting → pilot → agreement → implemented,  or  dropped

* forward, one or more steps: allowed (a reason is optional);
* backward: only with an explicit reopen and a reason (no silent jumps back);
* to dropped: a reason is required;
* out of implemented or dropped: only with reopen and a reason.
"""

from __future__ import annotations

from assistant.errors import Conflict, InvalidInput
from assistant.models.pipeline import STAGES

FLOW = STAGES[:-1]  # the ordered stages, without dropped
DROPPED = "dropped"
FINAL = ("implemented", DROPPED)


def check_stage(stage: str) -> str:
    normal = stage.strip().lower()
    if normal not in STAGES:
        raise InvalidInput(f"unknown stage {stage!r} (use one of {', '.join(STAGES)})")
    return normal


def check_move(current: str, wanted: str, reason: str, reopen: bool) -> str:
    """The stage to move to, or an error that says which rule the move breaks."""
    target = check_stage(wanted)
    reason = reason.strip()
    if target == current:
        raise Conflict(f"the synergy is already at stage {current!r}")
    if current in FINAL or _backward(current, target):
        if not reopen:
            raise Conflict(
                f"moving from {current!r} back to {target!r} reopens the synergy: "
                "repeat with reopen (--reopen) and a reason"
            )
        if not reason:
            raise InvalidInput(f"reopening from {current!r} to {target!r} needs a reason")
    if target == DROPPED and not reason:
        raise InvalidInput("dropping a synergy needs a reason")
    return target


def _backward(current: str, target: str) -> bool:
    return target in FLOW and FLOW.index(target) < FLOW.index(current)
