"""Without an LLM the answer streams in parts as they are ready: the opening line (the
material and amount asked about) goes out before any evidence is gathered, and the parts join
to exactly the stored answer."""

from __future__ import annotations

from typing import Any

import assistant.chat.service as service_module
from assistant.auth.viewer import Viewer
from tests.deals.parks import SAW, ids


def _saw(services: Any) -> Viewer:
    return Viewer(name="saw", role="company", user_id=3, company_id=ids(services)[SAW])


def test_the_opening_line_is_sent_before_the_evidence_is_gathered(two_parks, monkeypatch):
    services = two_parks[0]
    pieces: list[str] = []
    sent_before_gathering: list[int] = []
    real_gather = service_module.gather

    def watched(turn: Any) -> None:
        sent_before_gathering.append(len(pieces))
        real_gather(turn)

    monkeypatch.setattr(service_module, "gather", watched)
    response = services.chat.ask(
        "We have 300 t of bark a year. Who could use it?",
        viewer=_saw(services),
        on_token=pieces.append,
    )
    assert sent_before_gathering == [1]
    assert pieces[0].startswith("**") and "300 t a year" in pieces[0]
    assert "".join(pieces) == response.answer
    assert "streamed opening line differs" not in " ".join(response.trace["notes"])


def test_an_answer_without_an_opening_line_streams_whole_after_gathering(two_parks):
    services = two_parks[0]
    pieces: list[str] = []
    response = services.chat.ask(
        "When does a residue count as a by-product?", viewer=_saw(services), on_token=pieces.append
    )
    assert response.intent != "byproduct_reuse"
    assert pieces and "".join(pieces) == response.answer
