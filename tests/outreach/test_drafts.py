"""Outreach drafts: every language × channel × tone, confidentiality, links, versions, export.

Expected euros by hand (landfill tax year 2024: 110 EUR/t, gate fee 44.6 EUR/t, bark and
sawdust 35 EUR/t as fuel or pellet raw material):
  bark to SIA Granulas:      300 t × 35 = 10 500 EUR/year replaced input (the taker's benefit)
  sawdust to SIA Granulas:  2400 t × 35 = 84 000 EUR/year replaced input
  sawdust from SIA Zāģētava: 2400 t × (110 + 44.6) = 371 040 → about 371 000 EUR/year avoided
"""

from __future__ import annotations

import email
import json
from email import policy

import pytest
from sqlmodel import Session, func, select

from assistant.errors import InvalidInput, NotFound
from assistant.models.outreach import (
    DraftRequest,
    DraftUpdate,
    OutreachDraft,
    OutreachDraftVersion,
)
from assistant.models.pipeline import Synergy, SynergyCreate, SynergyNote
from assistant.outreach.facts import first_sentence
from assistant.park import load_demo_park
from tests.conftest import REPO
from tests.deals.parks import FACILITATOR, PELLETS, PHONE, SAW, SECRET

NBSP = "\u00a0"
COMBOS = [(lang, channel, tone) for lang in ("lv", "en") for channel in ("email", "letter", "phone")
          for tone in ("formal", "friendly")]
STEP = {"en": "A small first step: a trial sample of miza",
        "lv": "Mazs pirmais solis: izmēģinājuma paraugs"}
EUR = {"en": "€10,500", "lv": f"10{NBSP}500 €"}
LATVIAN_WORDS = ("Ieguvums", "izejvielu", "Tiesiskais risinājums", "pirmais solis", "vērtībā gadā")


def bark(services, lang="en", channel="email", tone="formal", **more):
    return services.outreach.draft(DraftRequest(source=SAW, target=PELLETS, material="miza",
                                                lang=lang, channel=channel, tone=tone, **more))


@pytest.mark.parametrize(("lang", "channel", "tone"), COMBOS)
def test_every_language_channel_and_tone_renders(park, lang, channel, tone):
    draft = bark(park, lang, channel, tone)
    text = f"{draft.subject}\n{draft.body}"
    assert (draft.language, draft.channel, draft.tone) == (lang, channel, tone)
    assert SAW in draft.body and PELLETS in text
    assert "miza" in draft.body
    assert EUR[lang] in draft.body
    assert STEP[lang] in draft.body
    assert FACILITATOR in draft.body
    assert PHONE in draft.body  # the signature (or the phone script's contact line)
    title = {"lv": "Industriālās simbiozes fasilitators", "en": "Industrial symbiosis facilitator"}
    if channel != "phone":
        assert title[lang] in draft.body
    if lang == "lv":
        for word in LATVIAN_WORDS:
            assert word in draft.body
        assert "Jums" in draft.body if tone == "formal" else "Ieguvums jums" in draft.body
    else:
        assert "What it is worth to you" in draft.body
        assert "Ieguvums" not in draft.body


def test_formal_latvian_uses_capital_jus_and_friendly_does_not(park):
    formal = bark(park, "lv", tone="formal").body
    friendly = bark(park, "lv", tone="friendly").body
    assert formal.startswith(f"Godātā {PELLETS} vadība!")
    assert friendly.startswith("Labdien!")  # signed by a person, never to a "komanda"
    assert "ko Jūs varētu pārbaudīt" in formal and "ko jūs varētu pārbaudīt" in friendly
    assert "Ar cieņu" in formal and "Ar labiem vēlējumiem" in friendly


def test_the_legal_route_is_one_sentence_from_the_rule(park):
    draft = bark(park, "en")
    rule = park.rules.get("wood-residues-to-biomass-boilers")
    line = next(x for x in draft.body.splitlines() if x.startswith("The legal route in brief"))
    sentence = line.removeprefix("The legal route in brief: ")
    assert rule.legal_route.en.startswith(sentence)
    assert sentence.endswith("(R1).") and len(sentence) < len(rule.legal_route.en)
    assert "WFD Art. 5 conditions" in sentence  # 'Art. 5' does not end the sentence


@pytest.mark.parametrize(("text", "first"), [
    ("Vajag atļauju (MK noteikumi Nr. 319), R10. Pelni nav produkts.",
     "Vajag atļauju (MK noteikumi Nr. 319), R10."),
    ("Direktīvas 5. panta nosacījumi; citādi atļauja (R3). Granulas ir produkts.",
     "Direktīvas 5. panta nosacījumi; citādi atļauja (R3)."),
    ("Only one sentence", "Only one sentence"),
])
def test_first_sentence_ignores_abbreviations_and_ordinals(text, first):
    assert first_sentence(text) == first


def test_a_confidential_flow_of_the_other_company_is_anonymised(park):
    draft = park.outreach.draft(DraftRequest(source=SAW, target=PELLETS, material="zāģskaidas",
                                             lang="en"))
    everything = json.dumps(draft.model_dump(mode="json"), ensure_ascii=False)
    assert SAW not in everything and "Zāģētava" not in everything
    for written in ("2400", "2 400", "2,400", f"2{NBSP}400"):
        assert written not in everything
    assert "A company from the sector “Sawmilling and planing of wood” (about 3 km from you)" \
        in draft.body
    assert "€84,000" in draft.body  # the recipient's benefit is still quantified
    assert draft.partner.startswith("a company from the sector")


def test_a_confidential_flow_is_anonymised_in_latvian_too(park):
    draft = park.outreach.draft(DraftRequest(source=SAW, target=PELLETS, material="zāģskaidas",
                                             lang="lv", channel="phone"))
    assert "Zāģētava" not in draft.body and f"2{NBSP}400" not in draft.body
    assert ("Uzņēmums no nozares “Zāģēšana, ēvelēšana un impregnēšana” (aptuveni 3 km no Jums)"
            in draft.body)
    assert f"84{NBSP}000 €" in draft.body


def test_no_data_of_a_third_company_appears(park):
    for lang in ("lv", "en"):
        draft = bark(park, lang)
        text = json.dumps(draft.model_dump(mode="json"), ensure_ascii=False)
        assert SECRET not in text and "Slepen" not in text and "777" not in text


def test_a_draft_to_the_producer_offers_avoided_disposal(park):
    draft = park.outreach.draft(DraftRequest(source=PELLETS, target=SAW, material="zāģskaidas",
                                             lang="en"))
    assert draft.target == SAW and draft.recipient_role == "producer"
    assert "you would avoid about €371,000 a year in disposal costs" in draft.body
    assert "the landfill tax alone is €110 per tonne in 2024" in draft.body
    assert PELLETS in draft.body  # the partner is not confidential
    facts = {f["fact"]: f for f in draft.facts_used}
    assert facts["benefit_for_recipient"]["value"] == 371_000
    assert "2400 t × (landfill tax 2024 110 EUR/t" in facts["benefit_for_recipient"]["origin"]
    assert facts["landfill_tax"]["value"] == 110


def test_facts_used_name_their_origin(park):
    facts = {f["fact"]: f for f in bark(park).facts_used}
    assert facts["benefit_for_recipient"]["value"] == 10_500
    assert "substituted_input = 300 t × 35 EUR/t" in facts["benefit_for_recipient"]["origin"]
    assert facts["quantity"]["value"] == 300
    assert facts["partner"]["value"] == SAW
    assert facts["legal_route"]["value"] == "by_product R1"


def test_a_draft_links_to_one_pipeline_synergy(park):
    first = bark(park)
    second = bark(park, "lv", "letter")
    assert first.synergy_id == second.synergy_id
    synergy = park.pipeline.get(first.synergy_id)
    assert synergy.stage == "identified"
    assert (synergy.source_name, synergy.target_name, synergy.material) == (SAW, PELLETS, "miza")
    assert synergy.estimate["eur_per_year"] == pytest.approx(56801.77)
    assert [n.text.split(" (")[0] for n in synergy.notes] == [
        f"outreach draft {first.id}", f"outreach draft {second.id}"]
    again = park.outreach.draft(DraftRequest(synergy_id=first.synergy_id, lang="en"))
    assert again.synergy_id == first.synergy_id and again.target == PELLETS


def test_editing_makes_a_new_version_and_keeps_the_old(park):
    draft = bark(park)
    edited = park.outreach.update(draft.id, DraftUpdate(body="Dear team,\n\nShort version.",
                                                        note="shorter"))
    assert edited.version == 2 and edited.body == "Dear team,\n\nShort version."
    assert edited.subject == draft.subject
    assert [v.version for v in edited.versions] == [1, 2]
    assert edited.versions[0].body == draft.body
    assert (edited.versions[1].composer, edited.versions[1].note) == ("edit", "shorter")
    with pytest.raises(InvalidInput):
        park.outreach.update(draft.id, DraftUpdate())
    with pytest.raises(NotFound):
        park.outreach.get(999)


def test_export_as_eml_and_txt(park):
    draft = bark(park, "lv")
    content, media, name = park.outreach.export(draft.id, "eml")
    assert media == "message/rfc822" and name == f"outreach-{draft.id}-v1.eml"
    message = email.message_from_bytes(content, policy=policy.default)
    assert message["Subject"] == draft.subject
    assert message["To"].addresses[0].addr_spec == "pellets@example.lv"
    assert message["From"].addresses[0].display_name == FACILITATOR
    assert message.get_content_charset() == "utf-8"
    assert message.get_content() == draft.body + "\n"
    text, media, _ = park.outreach.export(draft.id, "txt")
    assert text.decode("utf-8") == f"Temats: {draft.subject}\n\n{draft.body}\n"
    with pytest.raises(InvalidInput, match="use eml or txt"):
        park.outreach.export(draft.id, "pdf")


def _counts(services) -> list[int]:
    with Session(services.engine) as session:
        return [session.exec(select(func.count()).select_from(table)).one()
                for table in (OutreachDraft, OutreachDraftVersion, Synergy, SynergyNote)]


@pytest.mark.parametrize(("change", "message"), [
    ({"target": "SIA Nav Tāda"}, "unknown company 'SIA Nav Tāda'"),
    ({"source": "nobody"}, "unknown company 'nobody'"),
    ({"lang": "de"}, "unsupported language 'de' (use lv or en)"),
    ({"channel": "fax"}, "unsupported channel 'fax'"),
    ({"tone": "rude"}, "unsupported tone 'rude'"),
    ({"target": SAW}, "the source and the target are the same company"),
    ({"material": "plastmasa"}, "no synergy between"),
    ({"source": "SIA Betons"}, "no synergy between"),
])
def test_bad_input_is_refused_and_nothing_is_written(park, change, message):
    before = _counts(park)
    request = {"source": SAW, "target": PELLETS, "material": "miza", **change}
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        park.outreach.draft(DraftRequest(**request))
    assert _counts(park) == before == [0, 0, 0, 0]


def test_without_a_yearly_figure_the_per_unit_value_is_given(services):
    """Demo park: 12 000 m³/year of whey (a confidential flow) for pig feed; the feed value is
    30 EUR per tonne (parameters.yaml: feed_value_wet_eur_per_t), so no yearly euro figure."""
    load_demo_park(services.park, REPO / "knowledge" / "parks" / "demo_park.json")
    draft = services.outreach.draft(DraftRequest(
        source="SIA Demo Piensaimnieks (fiktīvs)", target="SIA Demo Piena ferma (fiktīvs)",
        material="sūkalas", lang="en"))
    assert "our benefit model values input of this kind at about €30 per t" in draft.body
    assert "Piensaimnieks" not in draft.body and "12,000" not in draft.body
    producer = services.outreach.draft(DraftRequest(
        source="SIA Demo Piena ferma (fiktīvs)", target="SIA Demo Piensaimnieks (fiktīvs)",
        material="sūkalas", lang="lv"))
    # 110 EUR/t landfill tax (2024) + 44.6 EUR/t gate fee = 154.6 → about 155 €
    assert "katra tonna, kas nenonāk poligonā, ietaupa aptuveni 155 €" in producer.body


def test_a_draft_from_a_pipeline_synergy(park):
    open_ended = park.pipeline.add(SynergyCreate(source="SIA Betons", material="betona drupas"))
    with pytest.raises(InvalidInput, match="no target company"):
        park.outreach.draft(DraftRequest(synergy_id=open_ended.id))
    with pytest.raises(NotFound):
        park.outreach.draft(DraftRequest(synergy_id=999))
    pair = park.pipeline.add(SynergyCreate(source=SAW, target=PELLETS, material="miza"))
    to_producer = park.outreach.draft(DraftRequest.model_validate(
        {"synergy_id": pair.id, "target": SAW, "language": "EN", "tone": "Friendly"}))
    assert (to_producer.target, to_producer.recipient_role) == (SAW, "producer")
    assert (to_producer.language, to_producer.tone) == ("en", "friendly")
    # 300 t × (110 + 44.6) EUR/t = 46 380 → about €46,400
    assert "you would avoid about €46,400 a year in disposal costs" in to_producer.body
    with pytest.raises(InvalidInput, match="is not part of synergy"):
        park.outreach.draft(DraftRequest(synergy_id=pair.id, target="SIA Betons"))
