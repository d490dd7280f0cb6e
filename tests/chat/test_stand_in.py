"""A material the company has no flow of stands in as "your company" for the answer; that
stand-in speaks for the company the conversation is about, so the company itself is never
offered as its own partner (a fish farm asking about heat is not paired with its own heat
need)."""

from __future__ import annotations

from assistant.auth.viewer import Viewer
from assistant.chat.evidence import VIRTUAL_ID, material_synergies, park_view
from assistant.chat.state import ConversationState, MaterialRef

FISH_FARM = "SIA Demo Akvakultūra (fiktīvs)"


def test_the_stand_in_flow_is_never_paired_with_its_own_company(park_services):
    ids = {c.name: c.id for c in park_services.park.list_companies()}
    farm = Viewer(name="a", role="company", user_id=7, company_id=ids[FISH_FARM])
    tools = park_services.chat._tools
    state = ConversationState(
        lang="en",
        material=MaterialRef(text="low-temperature heat", category="heat.low"),
        company_id=ids[FISH_FARM],
        company=FISH_FARM,
        direction="output",  # the farm records no heat to give: a stand-in flow is used
    )
    found = material_synergies(tools, state, "output", park_view(tools, farm))
    pairs = [s for s in found if s.kind == "pair"]
    assert pairs and all(s.source_flow.id == VIRTUAL_ID for s in pairs)
    assert FISH_FARM not in {s.target_company for s in pairs}
