"""An English draft is signed in English, a Latvian one in Latvian (issue 18): the shipped
defaults are Latvian, and an operator writes a bilingual setting as "Latvian / English"."""

from __future__ import annotations

from assistant.config import Settings
from assistant.outreach.render import signature
from assistant.prompts import render
from assistant.text.never import check_en


def _settings(**values: str) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_the_default_signature_of_an_english_draft_has_no_latvian():
    me = signature(_settings(), "en")
    assert me["name"] == "Park facilitator"
    assert me["organisation"] == "Municipal development department"
    assert me["title"] == "Industrial symbiosis facilitator"
    text = render("outreach/_signature.en.j2", me=me)
    assert check_en(text) == [], text


def test_the_default_signature_of_a_latvian_draft_stays_latvian():
    me = signature(_settings(), "lv")
    assert me["name"] == "Parka fasilitators"
    assert me["organisation"] == "Pašvaldības attīstības nodaļa"
    assert me["title"] == "Industriālās simbiozes fasilitators"


def test_an_operators_bilingual_setting_gives_each_draft_its_half():
    settings = _settings(
        facilitator_name="Anna Bērziņa",
        facilitator_organisation="Valmieras novada pašvaldība / Valmiera Municipality",
    )
    assert signature(settings, "lv")["organisation"] == "Valmieras novada pašvaldība"
    assert signature(settings, "en")["organisation"] == "Valmiera Municipality"
    # one value serves both languages: a person's name is not translated
    assert signature(settings, "en")["name"] == signature(settings, "lv")["name"] == "Anna Bērziņa"
