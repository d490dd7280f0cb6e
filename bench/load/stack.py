"""The stack under load, started from scratch and torn down after: a throw-away PostgreSQL
database (127.0.0.1:5432, trust auth), a `chroma run` server, `assistant setup` (knowledge base
and demo park), one user with an API token per client, and `assistant serve` with several
workers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ADMIN = os.environ.get("ASSISTANT_LOAD_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")


@dataclass
class Stack:
    base_url: str
    database_url: str
    chroma_url: str
    workers: int
    setup_seconds: float
    env: dict[str, str]
    tokens: list[str]  # one user per client: municipal staff, facilitators, company users
    admin_token: str


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def database() -> Iterator[str]:
    name = f"simbioze_load_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{ADMIN.rsplit('/', 1)[0].replace('postgresql://', 'postgresql+psycopg://')}/{name}"
    finally:
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def process(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A child in its own process group (uvicorn's workers included), stopped by its id."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            args, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield proc
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(10)


def wait_until(url: str, proc: subprocess.Popen[bytes], seconds: float, log: Path) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args!r} exited with {proc.returncode}; see {log}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s; see {log}")


@contextmanager
def running_stack(workers: int, embedding: str, clients: int) -> Iterator[Stack]:
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="simbioze-load-")))
        database_url = stack.enter_context(database())
        chroma_port, app_port = free_port(), free_port()
        chroma_log = tmp / "chroma.log"
        chroma = stack.enter_context(
            process(
                [
                    str(BIN / "chroma"),
                    "run",
                    "--path",
                    str(tmp / "chroma"),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(chroma_port),
                ],
                dict(os.environ),
                chroma_log,
            )
        )
        chroma_url = f"http://127.0.0.1:{chroma_port}"
        wait_until(f"{chroma_url}/api/v2/heartbeat", chroma, 60, chroma_log)
        env = {
            **os.environ,
            "ASSISTANT_DATABASE_URL": database_url,
            "ASSISTANT_CHROMA_URL": chroma_url,
            "ASSISTANT_DATA_DIR": str(tmp / "data"),
            "ASSISTANT_EMBEDDING_BACKEND": embedding,
            "ASSISTANT_WORKERS": str(workers),
            "ASSISTANT_LOG_LEVEL": "warning",
            "ASSISTANT_KNOWLEDGE_DIR": str(REPO / "knowledge"),
            "ASSISTANT_DEMO_PARK": str(REPO / "knowledge" / "parks" / "demo_park.json"),
            "ASSISTANT_LLM_PROVIDER": "none",
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "ANONYMIZED_TELEMETRY": "False",
        }
        started = time.perf_counter()
        subprocess.run(
            [str(BIN / "assistant"), "setup"], env=env, check=True, stdout=subprocess.DEVNULL
        )
        setup_seconds = time.perf_counter() - started
        tokens, admin_token = client_tokens(env, clients)
        server_log = tmp / "server.log"
        server = stack.enter_context(
            process(
                [
                    str(BIN / "assistant"),
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(app_port),
                    "--workers",
                    str(workers),
                ],
                env,
                server_log,
            )
        )
        base_url = f"http://127.0.0.1:{app_port}"
        wait_until(f"{base_url}/readyz", server, 300, server_log)
        yield Stack(
            base_url, database_url, chroma_url, workers, setup_seconds, env, tokens, admin_token
        )


def client_tokens(env: dict[str, str], clients: int) -> tuple[list[str], str]:
    """A user per client (every fifth municipal staff, every fifth a facilitator, the rest
    users of the demo companies) and an admin who reads the conversations back."""
    import json

    from assistant.composition import Services
    from assistant.config import Settings

    settings = Settings(
        _env_file=None,
        **{  # type: ignore[arg-type]
            key.removeprefix("ASSISTANT_").lower(): value
            for key, value in env.items()
            if key in ("ASSISTANT_DATABASE_URL", "ASSISTANT_DATA_DIR")
        },
    )
    park = json.loads((REPO / "knowledge" / "parks" / "demo_park.json").read_text("utf-8"))
    names = [c["name"] for c in park["companies"]]
    services = Services(settings)
    try:
        tokens = []
        for n in range(clients):
            role = ("municipal", "facilitator")[n % 5] if n % 5 < 2 else "company"
            company = names[n % len(names)] if role == "company" else None
            tokens.append(services.auth.create_user(f"load-{n}", role, company).token)
        admin = services.auth.create_user("load-admin", "admin").token
    finally:
        services.close()
    return tokens, admin
