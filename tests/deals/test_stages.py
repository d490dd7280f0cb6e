"""Stage rules: forward freely, back only with reopen and a reason, dropped needs a reason."""

from __future__ import annotations

import pytest

from assistant.deals.stages import check_move
from assistant.errors import Conflict, InvalidInput


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        ("identified", "contacted"),
        ("identified", "pilot"),
        ("contacted", "implemented"),
        ("agreement", "implemented"),
        ("meeting", "pilot"),
    ],
)
def test_forward_moves_need_no_reason(current, wanted):
    assert check_move(current, wanted, "", reopen=False) == wanted


def test_moving_back_without_reopen_is_refused():
    with pytest.raises(Conflict, match="repeat with reopen"):
        check_move("pilot", "contacted", "they asked to wait", reopen=False)


def test_reopening_needs_a_reason():
    with pytest.raises(InvalidInput, match="needs a reason"):
        check_move("pilot", "contacted", "  ", reopen=True)
    assert check_move("pilot", "contacted", "new manager", reopen=True) == "contacted"


def test_dropped_needs_a_reason():
    with pytest.raises(InvalidInput, match="dropping a synergy needs a reason"):
        check_move("meeting", "dropped", "", reopen=False)
    assert check_move("meeting", "dropped", "no interest", reopen=False) == "dropped"


@pytest.mark.parametrize("final", ["implemented", "dropped"])
@pytest.mark.parametrize("wanted", ["identified", "agreement", "dropped", "implemented"])
def test_leaving_a_final_stage_needs_reopen_and_a_reason(final, wanted):
    if final == wanted:
        with pytest.raises(Conflict, match="already at stage"):
            check_move(final, wanted, "x", reopen=True)
        return
    with pytest.raises(Conflict):
        check_move(final, wanted, "a reason", reopen=False)
    with pytest.raises(InvalidInput):
        check_move(final, wanted, "", reopen=True)
    assert check_move(final, wanted, "the contract ended", reopen=True) == wanted


def test_unknown_stage_and_same_stage():
    with pytest.raises(InvalidInput, match="unknown stage 'negotiation'"):
        check_move("identified", "negotiation", "", reopen=False)
    with pytest.raises(Conflict, match="already at stage 'pilot'"):
        check_move("pilot", "pilot", "", reopen=False)
    assert check_move("identified", " Contacted ", "", reopen=False) == "contacted"
