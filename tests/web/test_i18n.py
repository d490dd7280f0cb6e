"""The LV/EN message catalogue: complete, consistent and used correctly by the pages."""

from __future__ import annotations

import re
import string

import pytest
from starlette.requests import Request

from assistant.impact.models import ESRS_CATEGORIES
from assistant.models.outreach import CHANNELS, TONES
from assistant.models.pipeline import STAGES
from assistant.web import chart, graph
from assistant.web.i18n import Translator, catalogue, choose_lang
from assistant.web.render import STATIC, TEMPLATES, source_label

TEMPLATE_KEY = re.compile(r"""\bt\('([a-z_.0-9/]+)'\s*[,)]""")
SCRIPT_KEY = re.compile(r"""\bt\("([a-zA-Z_.0-9/]+)\"""")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_string_has_both_languages_and_the_same_placeholders() -> None:
    entries = catalogue()
    assert len(entries) > 100 and "dash.companies" in entries  # the catalogue was read
    for key, entry in entries.items():
        assert set(entry) <= {"en", "lv", "js"}, key
        assert entry["en"].strip() and entry["lv"].strip(), key
        assert _fields(entry["en"]) == _fields(entry["lv"]), key


def test_latvian_strings_keep_their_diacritics() -> None:
    lv = Translator("lv")
    assert lv("dash.companies") == "Uzņēmumi un plūsmas"
    assert lv("chat.question") == "Jūsu jautājums"
    assert lv("stage.implemented") == "Ieviesta"
    assert lv.unit("t/year") == "t/gadā"


def test_every_key_the_pages_use_exists() -> None:
    used = {
        key
        for path in TEMPLATES.rglob("*.html")
        for key in TEMPLATE_KEY.findall(path.read_text("utf-8"))
    }
    assert used - set(catalogue()) == set()
    scripted = {
        key for path in STATIC.glob("*.js") for key in SCRIPT_KEY.findall(path.read_text("utf-8"))
    }
    not_sent = {key for key in scripted if not catalogue().get(key, {}).get("js")}
    assert not_sent == set(), "scripts use strings the page does not send (add js: true)"


def test_every_key_built_from_a_value_exists() -> None:
    families = {
        "stage.": STAGES,
        "kind.": ("pair", "pooling", "missing_partner"),
        "group.": graph.GROUPS,
        "graph.": graph.STATUSES,
        "dir.": ("input", "output"),
        "esrs.": ESRS_CATEGORIES,
        "out.channel.": CHANNELS,
        "out.tone.": TONES,
        "imp.m_": [m[0] for m in chart.MEASURES],
        "unit.": graph.UNITS,
    }
    missing = [
        prefix + value
        for prefix, values in families.items()
        for value in values
        if prefix + value not in catalogue()
    ]
    assert missing == []


def _request(query: str = "", cookie: str = "", accept: str = "") -> Request:
    headers = [(b"cookie", cookie.encode()), (b"accept-language", accept.encode())]
    return Request(
        {
            "type": "http",
            "method": "GET",
            "path": "/",
            "query_string": query.encode(),
            "headers": headers,
        }
    )


@pytest.mark.parametrize(
    ("query", "cookie", "accept", "expected"),
    [
        ("lang=en", "lang=lv", "lv", "en"),
        ("", "lang=en", "lv", "en"),
        ("lang=de", "", "en-GB,en;q=0.8", "en"),
        ("", "", "de-DE,lv;q=0.5", "lv"),
        ("", "", "", "lv"),
    ],
)
def test_the_language_comes_from_query_cookie_header_then_latvian(
    query: str, cookie: str, accept: str, expected: str
) -> None:
    assert choose_lang(_request(query, cookie, accept)) == expected


def test_numbers_follow_the_language() -> None:
    assert Translator("en").number(1234.5, 1) == "1,234.5"
    assert Translator("lv").number(1234.5, 1) == "1\u00a0234,5"
    assert Translator("lv").number(None) == "–"


def test_a_source_address_is_shown_without_its_scheme() -> None:
    assert source_label("https://likumi.lv/ta/id/221378/") == "likumi.lv/ta/id/221378"
    assert source_label("Directive 2008/98/EC, Article 5") == "Directive 2008/98/EC, Article 5"
