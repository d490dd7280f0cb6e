"""Error messages in the asker's language: every error code the product produces has a
Latvian and an English text that pass the never-list checks; the API adds `message_lv` for a
Latvian asker (and only then); the CLI prints Latvian for `--lang lv` or a Latvian locale."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel
from rich.console import Console

import assistant
from assistant import errors
from assistant.api.errors import install_error_handlers, status_code_name
from assistant.cli import main as cli_main
from assistant.cli.common import err
from assistant.text.labels import catalogue, error_message
from assistant.text.never import check_en, check_lv, check_register_lv

SOURCE = Path(assistant.__file__).parent
# Statuses the app answers with (router, middleware, handlers, the error tree).
STATUSES = (400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 429, 500, 503)


def _tree(cls: type) -> list[type]:
    return [cls, *(sub for child in cls.__subclasses__() for sub in _tree(child))]


def _codes_in_source() -> set[str]:
    """Every code literal the code base gives an error: `code = "…"` in an error class and
    the first string given to error_body / error_response."""
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text("utf-8")
        if "error" not in text:
            continue
        found |= set(re.findall(r'^\s+code = "(\w+)"', text, re.M))
        found |= set(re.findall(r'error_(?:body|response)\(\s*(?:\d+,\s*)?"(\w+)"', text))
    return found


def produced_codes() -> set[str]:
    codes = {cls.code for cls in _tree(errors.AssistantError)}
    codes |= {status_code_name(status) for status in STATUSES}
    return codes | _codes_in_source()


def test_the_source_scan_finds_the_codes_it_should():
    found = _codes_in_source()
    assert {"not_found", "rate_limited", "validation_error", "too_large"} <= found
    assert "model_not_found" in produced_codes()


@pytest.mark.parametrize("code", sorted(produced_codes()))
def test_every_error_code_has_a_latvian_and_an_english_text(code):
    entry = catalogue()["error"].get(code)
    assert entry is not None, f"error code {code!r} has no text in assistant/text/labels.yaml"
    lv, en = entry["lv"], entry["en"]
    assert lv.strip() and en.strip() and lv != en
    assert check_lv(lv) == [] and check_register_lv(lv) == [], (code, lv)
    assert check_en(en) == [], (code, en)
    assert lv[-1] in ".!" and lv[0].isupper()


def test_an_unknown_code_gets_the_general_text_never_the_code():
    assert error_message("im_a_teapot", "lv", 418) == "Pieprasījumu neizdevās izpildīt."
    assert error_message("gateway_timeout", "lv", 504) == "Radās neparedzēta kļūda."
    assert error_message("not_found", "en") == "The requested item was not found."


# --- the API ---------------------------------------------------------------------------


class Body(BaseModel):
    lang: str = "en"
    n: int


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/missing")
    def missing() -> None:
        raise errors.NotFound("company 12 not found")

    @app.get("/own-latvian")
    def own_latvian() -> None:
        raise errors.Conflict(
            "the company already has this flow", message_lv="Uzņēmumam šī plūsma jau ir."
        )

    @app.post("/body")
    def body(data: Body) -> None:
        raise errors.InvalidInput(f"n={data.n} is not allowed")

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    return TestClient(app, raise_server_exceptions=False)


NOT_FOUND_LV = "Pieprasītais ieraksts nav atrasts."


def test_an_english_asker_gets_the_unchanged_shape(client):
    for headers in ({}, {"Accept-Language": "en-GB,en;q=0.9"}, {"Accept-Language": "de, fr"}):
        error = client.get("/missing", headers=headers).json()["error"]
        assert error == {"code": "not_found", "message": "company 12 not found", "details": None}


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        ("/missing", {"Accept-Language": "lv"}),
        ("/missing", {"Accept-Language": "lv-LV,lv;q=0.9,en-US;q=0.8"}),
        ("/missing", {"Accept-Language": "de, en;q=0.5, lv;q=0.8"}),
        ("/missing?lang=lv", {"Accept-Language": "en"}),
        ("/missing", {"Cookie": "lang=lv"}),
    ],
)
def test_a_latvian_asker_gets_message_lv_besides_the_english_contract(client, url, headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found" and error["message"] == "company 12 not found"
    assert error["message_lv"] == NOT_FOUND_LV


def test_the_request_lang_wins_over_accept_language(client):
    error = client.get("/missing?lang=en", headers={"Accept-Language": "lv"}).json()["error"]
    assert "message_lv" not in error
    english_first = {"Accept-Language": "en;q=0.9, lv;q=0.5"}
    assert "message_lv" not in client.get("/missing", headers=english_first).json()["error"]


def test_a_json_body_lang_chooses_latvian(client):
    error = client.post("/body", json={"lang": "lv", "n": 3}).json()["error"]
    assert error["code"] == "invalid_input" and error["message"] == "n=3 is not allowed"
    assert error["message_lv"] == "Pieprasījuma dati nav derīgi."
    assert "message_lv" not in client.post("/body", json={"n": 3}).json()["error"]


def test_validation_router_and_unexpected_errors_speak_latvian_too(client):
    lv = {"Accept-Language": "lv"}
    invalid = client.post("/body", json={"n": "many"}, headers=lv).json()["error"]
    assert invalid["code"] == "validation_error"
    assert invalid["message_lv"].startswith("Pieprasījums nav derīgs")
    unknown = client.get("/no-such-page", headers=lv).json()["error"]
    assert unknown["code"] == "not_found" and unknown["message_lv"] == NOT_FOUND_LV
    method = client.delete("/missing", headers=lv).json()["error"]
    assert method["code"] == "method_not_allowed" and "metode" in method["message_lv"]
    boom = client.get("/boom", headers=lv)
    assert boom.status_code == 500
    assert boom.json()["error"]["message_lv"] == "Radās neparedzēta kļūda."


def test_a_raise_sites_own_latvian_is_used(client):
    error = client.get("/own-latvian", headers={"Accept-Language": "lv"}).json()["error"]
    assert error["message_lv"] == "Uzņēmumam šī plūsma jau ir."
    assert error["message"] == "the company already has this flow"


# --- the CLI ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "environ", "lang"),
    [
        (["ask", "kas?", "--lang", "lv"], {}, "lv"),
        (["ask", "kas?", "--lang=lv"], {"LANG": "en_US.UTF-8"}, "lv"),
        (["ask", "what?", "--lang", "en"], {"LANG": "lv_LV.UTF-8"}, "en"),
        (["kb", "list"], {"LANG": "lv_LV.UTF-8"}, "lv"),
        (["kb", "list"], {"LANG": "lv_LV.UTF-8", "LC_ALL": "C.UTF-8"}, "en"),
        (["kb", "list"], {"LC_MESSAGES": "lv_LV"}, "lv"),
        (["kb", "list"], {}, "en"),
    ],
)
def test_the_cli_language(argv, environ, lang):
    assert cli_main.cli_lang(argv, environ) == lang


def _run_main(monkeypatch, argv: list[str], environ: dict[str, str]) -> tuple[int, str]:
    out = io.StringIO()
    monkeypatch.setitem(err.__dict__, "console", Console(file=out, width=200))
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["assistant", *argv])
    with pytest.raises(SystemExit) as exit_:
        cli_main.main()
    return int(exit_.value.code or 0), out.getvalue()


def test_a_cli_error_in_latvian_and_in_english(monkeypatch):
    code, text = _run_main(monkeypatch, ["search", "x", "--lang", "ru"], {"LANG": "lv_LV.UTF-8"})
    assert code == 2
    first, second = text.strip().splitlines()[:2]
    assert first == "kļūda: Pieprasījuma dati nav derīgi."
    assert second == "sīkāk (angliski): --lang must be lv or en"
    assert check_lv(first) == []
    code, text = _run_main(monkeypatch, ["search", "x", "--lang", "ru"], {})
    assert code == 2 and text.strip() == "error: --lang must be lv or en"
