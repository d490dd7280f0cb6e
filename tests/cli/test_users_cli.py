"""`assistant users …`, `assistant audit` and the first admin of `assistant setup`."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assistant.api.app import create_app
from assistant.cli.main import app
from assistant.composition import Services
from assistant.config import get_settings
from tests.park.factories import park

runner = CliRunner()
ASSISTANT = str(Path(sys.executable).with_name("assistant"))


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_EMBEDDING_BACKEND", "hash")
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", "")
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_DIR", str(tmp_path / "kb"))
    (tmp_path / "kb").mkdir()
    get_settings.cache_clear()
    file = tmp_path / "park.json"
    file.write_text(json.dumps(park(), ensure_ascii=False), "utf-8")
    assert runner.invoke(app, ["companies", "import", str(file)]).exit_code == 0
    yield tmp_path
    get_settings.cache_clear()


def _invoke(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def _process(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real command, for what a user sees of an error: the message and the exit code."""
    return subprocess.run(
        [ASSISTANT, *args],
        env=dict(os.environ),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_created_token_works_and_a_revoked_one_does_not(cli_env: Path):
    made = _invoke(
        "users",
        "create",
        "--name",
        "Granulas",
        "--role",
        "company",
        "--company",
        "SIA Granulas",
        "--json",
    )
    assert made.exit_code == 0, made.output
    data = json.loads(made.output)
    assert data["token"].startswith("simb_") and data["user"]["company"] == "SIA Granulas"
    services = Services(get_settings())
    with TestClient(create_app(services=services)) as client:
        me = client.get("/api/me", headers={"Authorization": f"Bearer {data['token']}"})
        assert me.json()["role"] == "company" and me.json()["company_id"]
        listed = json.loads(_invoke("users", "list", "--json").output)
        assert [(u["name"], u["tokens"]) for u in listed] == [("Granulas", 1)]
        revoked = _invoke("users", "revoke", "--name", "Granulas")
        assert revoked.exit_code == 0 and "revoked 1 token" in revoked.output
        assert (
            client.get("/api/me", headers={"Authorization": f"Bearer {data['token']}"}).status_code
            == 401
        )
    services.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--name", "X", "--role", "boss"), "unknown role"),
        (("--name", "X", "--role", "company"), "needs --company"),
        (("--name", "X", "--role", "company", "--company", "SIA Nav"), "no company named"),
        (("--name", "X", "--role", "admin", "--company", "SIA Granulas"), "only a company user"),
    ],
)
def test_bad_input_is_a_message_and_a_non_zero_exit(cli_env: Path, args, message):
    result = _process("users", "create", *args)
    assert result.returncode == 2 and message in result.stderr
    assert json.loads(_invoke("users", "list", "--json").output) == []


def test_a_name_is_taken_once_and_unknown_users_are_reported(cli_env: Path):
    assert _invoke("users", "create", "--name", "Anna", "--role", "facilitator").exit_code == 0
    again = _process("users", "create", "--name", "Anna", "--role", "admin")
    assert again.returncode == 2 and "already exists" in again.stderr
    missing = _process("users", "revoke", "--name", "Nobody")
    assert missing.returncode == 2 and "no user named" in missing.stderr


def test_a_password_from_stdin_signs_in_on_the_web(cli_env: Path):
    assert _invoke("users", "create", "--name", "Anna", "--role", "facilitator").exit_code == 0
    short = _process("users", "password", "--name", "Anna", stdin="short\n")
    assert short.returncode == 2 and "at least 10 characters" in short.stderr
    assert _invoke("users", "password", "--name", "Anna", stdin="a good long one\n").exit_code == 0
    services = Services(get_settings())
    with TestClient(create_app(services=services), follow_redirects=False) as client:
        signed = client.post("/login", data={"name": "Anna", "password": "a good long one"})
        assert signed.status_code == 303
    services.close()


def test_the_audit_log_names_the_cli_user(cli_env: Path):
    assert _invoke("users", "create", "--name", "Anna", "--role", "facilitator").exit_code == 0
    events = json.loads(_invoke("audit", "--json", "--entity", "user").output)
    assert events and events[0]["actor"].startswith("cli:")
    companies = json.loads(_invoke("audit", "--json", "--entity", "company").output)
    assert {e["action"] for e in companies} == {"create"}


def test_setup_creates_the_first_admin_once(cli_env: Path):
    first = _invoke("setup", "--no-demo")
    assert first.exit_code == 0, first.output
    password_file = cli_env / "data" / "admin-password.txt"
    assert "first admin" in first.output and str(password_file) in first.output
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    password = password_file.read_text("utf-8").strip()
    services = Services(get_settings())
    assert services.auth.sign_in("admin", password).viewer.role == "admin"
    services.close()
    second = _invoke("setup", "--no-demo")
    assert second.exit_code == 0 and "first admin" not in second.output
