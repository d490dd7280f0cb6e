"""What the companies' profiles say of the flows an answer rests on, quoted as written — and a
hidden flow's notes never reach a viewer who may not see it, whatever they say."""

from __future__ import annotations

from assistant.auth.viewer import Viewer
from tests.chat.conversation import ask_in_turn
from tests.deals.parks import PELLETS, SAW, ids, park_document, services_on

FACILITATOR = Viewer(name="f", role="facilitator", user_id=9001)
WORKSHOP = "SIA Demo Mēbeļu darbnīca (fiktīvs)"


def test_a_reuse_answer_quotes_the_holders_note_on_its_flow(park_services):
    first, then = ask_in_turn(
        park_services,
        FACILITATOR,
        "Mēbeļu darbnīcai ir sausas ēveļskaidas. Kam tās noderētu?",
        "Un viņu skaidu plātņu un MDF atgriezumus fermai pakaišiem var dot?",
    )
    assert then.trace["state"]["company"] == WORKSHOP  # "their" offcuts, given to the farm
    notes = {n["company"]: n["notes"] for n in then.trace["extra"]["profile_notes"]}
    assert notes[WORKSHOP] == "Satur UF sveķus; nav piemēroti pakaišiem."
    assert "“Satur UF sveķus; nav piemēroti pakaišiem.”" in then.answer


def test_an_english_answer_quotes_only_notes_written_in_english(park_services):
    (answer,) = ask_in_turn(
        park_services,
        FACILITATOR,
        "The furniture workshop has dry planer shavings. Who could use them?",
    )
    notes = answer.trace["extra"]["profile_notes"]
    assert [n["written_in"] for n in notes] == ["en"] * len(notes)
    assert (
        "“Dry shavings can be pelletised without drying — preferred raw material.”" in answer.answer
    )
    assert "Sausas (8–12 % mitrums)" not in answer.answer  # the workshop's own note, in Latvian


def test_a_hidden_flows_notes_never_reach_a_viewer_who_may_not_see_it(settings, tmp_path):
    seen = []
    for tag, said in (("a", "Mitras skaidas, 50 % mitrums."), ("b", "Sausas, tikai vasarā.")):
        document = park_document()
        company = next(c for c in document["companies"] if c["name"] == SAW)
        next(f for f in company["flows"] if f["material"] == "zāģskaidas")["notes"] = said
        services = services_on(settings, tmp_path, document, tag)
        try:
            viewer = Viewer(name="p", role="company", user_id=7, company_id=ids(services)[PELLETS])
            (answer,) = ask_in_turn(services, viewer, "We need sawdust. Who in the park has it?")
        finally:
            services.close()
        assert said not in answer.answer
        seen.append((answer.answer, answer.trace["extra"].get("profile_notes")))
    assert seen[0] == seen[1]
