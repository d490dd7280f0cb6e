"""The LLM path over HTTP: options from /v1 reach the model server, tokens stream through SSE
and /v1 `stream=true` before the answer is done, a wording that fails the evidence check is
replaced by the checked answer, and a client that disconnects stops the work.

The app, its chat service and LangChain's `ChatOpenAI` are real; the model server is the fake
(tests/api/fake_llm.py), at the process edge. Clients are the real `openai` SDK and httpx.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time

import httpx
import openai
import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.streaming import TokenStream, streaming_kwargs
from assistant.chat.compose import Citation, Draft
from assistant.chat.llm import REPLACED, llm_compose
from assistant.chat.service import ChatService
from assistant.composition import Services
from assistant.llm.grounding import evidence_numbers
from assistant.llm.model import LlmFailed, StreamClosed
from assistant.retrieval.embedders import HashEmbedder
from assistant.retrieval.vector_index import InMemoryVectorIndex
from tests.api.fake_llm import FakeModelServer, draft_of
from tests.support.auth import bearer
from tests.support.server import running

QUESTION = "When is a production residue a by-product?"
HOTLINE = "Sawdust advice is closed today; phone our hotline instead [1]."
STREAMING_SERVICE = bool(streaming_kwargs(ChatService.ask, print))
needs_on_token = pytest.mark.skipif(
    not STREAMING_SERVICE, reason="ChatService.ask takes no on_token yet (the chat rebuild)"
)


@pytest.fixture
def with_model(settings, kb_dir):
    """Services whose chat model is `ChatOpenAI` on the fake server; yields (services, server)."""

    def build(server: FakeModelServer) -> Services:
        built = Services(
            settings, embedder=HashEmbedder(), vectors=InMemoryVectorIndex(), llm=server.model()
        )
        built.init_db()
        assert not built.ingestor.ingest_paths([kb_dir]).failed
        made.append(built)
        return built

    made: list[Services] = []
    yield build
    for built in made:
        built.close()


def sdk(services: Services) -> openai.OpenAI:
    """The real SDK over the app in this process (an httpx client with the ASGI transport)."""
    token = bearer(services)["Authorization"].removeprefix("Bearer ")
    http = TestClient(create_app(services=services))
    return openai.OpenAI(
        base_url="http://testserver/v1", api_key=token, http_client=http, max_retries=0
    )


# ---- /v1 options --------------------------------------------------------------------------
def test_v1_passes_temperature_max_tokens_and_system_messages_to_the_model(with_model):
    server = FakeModelServer()
    client = sdk(with_model(server))
    reply = client.chat.completions.create(
        model="simbioze",
        temperature=0.7,
        max_tokens=321,
        messages=[
            {"role": "system", "content": "Answer in a friendly tone."},
            {"role": "user", "content": QUESTION},
        ],
    )
    sent = server.requests[-1]
    assert sent["temperature"] == 0.7
    # as `max_tokens`, the name llama.cpp's server (and OpenAI's older API) knows
    assert sent["max_tokens"] == 321, sent
    systems = [m["content"] for m in sent["messages"] if m["role"] == "system"]
    assert "Use ONLY the evidence" in systems[0], "the assistant's rules come first"
    assert "Answer in a friendly tone." in systems[1] and "rules above apply" in systems[1]
    assert "[1]" in reply.choices[0].message.content


def test_v1_without_options_leaves_the_configured_ones(with_model):
    server = FakeModelServer()
    sdk(with_model(server)).chat.completions.create(
        model="simbioze", messages=[{"role": "user", "content": QUESTION}]
    )
    sent = server.requests[-1]
    assert sent["temperature"] == 0.0  # the configured model's
    assert "max_tokens" not in sent and "max_completion_tokens" not in sent
    assert sum(m["role"] == "system" for m in sent["messages"]) == 1


def test_v1_options_are_ignored_without_a_model(services, kb_dir):
    services.ingestor.ingest_paths([kb_dir])
    client = sdk(services)
    reply = client.chat.completions.create(
        model="simbioze",
        temperature=1.5,
        max_tokens=1,
        messages=[
            {"role": "system", "content": "Answer with one word."},
            {"role": "user", "content": QUESTION},
        ],
    )
    text = reply.choices[0].message.content
    assert len(text.split()) > 10 and "[1]" in text


def test_v1_rejects_options_out_of_range(services):
    client = sdk(services)
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(
            model="simbioze", temperature=3, messages=[{"role": "user", "content": QUESTION}]
        )


# ---- the LLM composer streams ---------------------------------------------------------------
CITATION = Citation(
    n=1,
    doc_id="sample-by-products-en",
    title="By-products in practice",
    section="By-products in practice > The four conditions",
    sources=["Directive 2008/98/EC, Article 5"],
    text="A production residue is a by-product when further use is certain.",
)
DRAFT_BODY = (
    "A production residue is a by-product when its further use is certain, it needs no "
    "processing beyond normal industrial practice, it is an integral part of production and "
    "its use is lawful [1]."
)


def offline_draft() -> Draft:
    sources = (
        "Sources:\n[1] By-products in practice — The four conditions "
        "(Directive 2008/98/EC, Article 5)"
    )
    return Draft(text=f"{DRAFT_BODY}\n\n{sources}", citations=[CITATION])


def compose_with(server: FakeModelServer, on_token) -> Draft:
    draft = offline_draft()
    known = evidence_numbers(QUESTION, [CITATION.model_dump()])
    return llm_compose(
        server.model(), "en", QUESTION, draft, [CITATION], [], known, on_token=on_token
    )


def test_the_llm_composer_streams_words_that_join_to_its_answer():
    pieces: list[str] = []
    result = compose_with(FakeModelServer(reply=lambda _: "  " + DRAFT_BODY + " \n"), pieces.append)
    assert result.composer == "llm"
    assert len(pieces) > 10, "word by word, not one block"
    assert "".join(pieces) == result.text
    assert result.text.startswith("A production residue") and "Sources:" in result.text


def test_a_streamed_wording_that_fails_the_check_is_refused_after_it_streamed():
    pieces: list[str] = []
    with pytest.raises(LlmFailed, match="no evidence"):
        compose_with(FakeModelServer(reply=lambda _: HOTLINE), pieces.append)
    # streamed all the same, then the line that says the checked answer follows
    assert "".join(pieces) == HOTLINE + REPLACED["en"]


def test_a_closed_stream_stops_the_model_and_is_no_fallback():
    server = FakeModelServer()

    def gone(_: str) -> None:
        raise StreamClosed("the client has gone")

    with pytest.raises(StreamClosed):
        compose_with(server, gone)
    assert server.chunks_sent == 1


# ---- TokenStream: from the worker thread to the response -------------------------------------
def test_pieces_arrive_while_the_work_still_runs_and_the_result_comes_last():
    go_on = threading.Event()

    def work(on_token):
        on_token("first ")
        assert go_on.wait(10)
        on_token("second")
        return "first second"

    async def read() -> list[tuple[str, str]]:
        stream: TokenStream[str] = TokenStream(work)
        await stream.start()
        seen = []
        async for item in stream.items():
            seen.append(item)
            if item == ("delta", "first "):
                assert not go_on.is_set()
                go_on.set()
        return seen

    assert asyncio.run(read()) == [
        ("delta", "first "),
        ("delta", "second"),
        ("done", "first second"),
    ]


def test_an_error_before_the_first_piece_is_raised_by_start():
    def work(on_token):
        raise ValueError("no such conversation")

    async def start() -> None:
        await TokenStream(work).start()

    with pytest.raises(ValueError, match="no such conversation"):
        asyncio.run(start())


def test_a_reader_that_leaves_stops_the_work_at_its_next_piece():
    left, finished = threading.Event(), threading.Event()
    raised: list[BaseException] = []

    def work(on_token):
        on_token("one ")
        assert left.wait(10)
        try:
            on_token("two ")
        except StreamClosed as exc:
            raised.append(exc)
            raise
        finally:
            finished.set()

    async def read_one() -> None:
        stream: TokenStream[None] = TokenStream(work)
        await stream.start()
        async with contextlib.aclosing(stream.items()) as items:
            async for _ in items:
                break  # the reader goes after one piece (as a cancelled response does)
        left.set()
        await asyncio.get_running_loop().run_in_executor(None, finished.wait, 10)

    asyncio.run(read_one())
    assert raised and isinstance(raised[0], StreamClosed)


# ---- end to end, over a real server (needs ChatService.ask's on_token) -------------------
def sse_events(lines) -> list[tuple[str, dict]]:
    events, name = [], None
    for line in lines:
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: ") and name:
            events.append((name, json.loads(line[6:])))
            name = None
    return events


@needs_on_token
def test_sse_sends_the_models_first_words_before_the_model_has_finished(with_model):
    gate = threading.Event()
    server = FakeModelServer(gate=gate, release_after=3)
    built = with_model(server)
    headers = bearer(built)
    with (
        running(create_app(services=built)) as url,
        httpx.Client(timeout=30) as http,
        http.stream(
            "POST", f"{url}/api/chat/stream", json={"message": QUESTION}, headers=headers
        ) as response,
    ):
        assert response.status_code == 200
        lines = response.iter_lines()
        seen = []
        for line in lines:
            seen.append(line)
            if line.startswith("event: delta"):
                break
        assert not gate.is_set() and server.chunks_sent <= 3, "a delta before the model ended"
        gate.set()
        events = sse_events([*seen, *lines])
    deltas = "".join(d["text"] for name, d in events if name == "delta")
    done = events[-1][1]
    assert events[-1][0] == "done" and done["trace"]["composer"] == "llm"
    assert deltas == done["answer"] and "replace" not in {name for name, _ in events}


@needs_on_token
def test_sse_replaces_a_streamed_wording_that_fails_the_check(with_model):
    built = with_model(FakeModelServer(reply=lambda _: HOTLINE))
    client = TestClient(create_app(services=built), headers=bearer(built))
    response = client.post("/api/chat/stream", json={"message": QUESTION})
    events = sse_events(response.text.splitlines())
    names = [name for name, _ in events]
    done = events[-1][1]
    assert names[0] == "meta" and names[-2:] == ["replace", "done"]
    assert "hotline" in "".join(d["text"] for n, d in events if n == "delta")
    assert events[-2][1]["text"] == done["answer"] and "hotline" not in done["answer"]
    assert done["trace"]["composer"] == "offline"


@needs_on_token
def test_v1_stream_gives_its_first_chunk_before_the_model_has_finished(with_model):
    gate = threading.Event()
    server = FakeModelServer(gate=gate, release_after=3)
    built = with_model(server)
    token = bearer(built)["Authorization"].removeprefix("Bearer ")
    with running(create_app(services=built)) as url:
        client = openai.OpenAI(base_url=f"{url}/v1", api_key=token, max_retries=0, timeout=30)
        stream = client.chat.completions.create(
            model="simbioze", stream=True, messages=[{"role": "user", "content": QUESTION}]
        )
        text = ""
        for chunk in stream:
            text += chunk.choices[0].delta.content or ""
            if text:
                break
        assert not gate.is_set(), "the first words came before the model ended"
        gate.set()
        for chunk in stream:
            text += chunk.choices[0].delta.content or ""
    assert "[1]" in text and "Sources:" in text


@needs_on_token
def test_a_client_that_disconnects_stops_the_model(with_model):
    gate = threading.Event()
    server = FakeModelServer(gate=gate, release_after=3)
    built = with_model(server)
    headers = bearer(built)
    with running(create_app(services=built)) as url:
        with (
            httpx.Client(timeout=30) as http,
            http.stream(
                "POST", f"{url}/api/chat/stream", json={"message": QUESTION}, headers=headers
            ) as response,
        ):
            for line in response.iter_lines():
                if line.startswith("event: delta"):
                    break
        time.sleep(0.5)  # the next token comes after the server has seen the disconnect
        gate.set()
        words = len(draft_of(server.requests[-1]).split(" "))
        deadline = time.time() + 3
        while time.time() < deadline and server.chunks_sent < words:
            time.sleep(0.05)
        assert server.chunks_sent <= 5 < words


@needs_on_token
def test_v1_stream_follows_a_refused_wording_with_the_checked_answer(with_model):
    built = with_model(FakeModelServer(reply=lambda _: HOTLINE))
    client = TestClient(create_app(services=built), headers=bearer(built))
    response = client.post(
        "/v1/chat/completions",
        json={
            "model": "simbioze",
            "stream": True,
            "messages": [{"role": "user", "content": QUESTION}],
        },
    )
    chunks = [
        json.loads(line[6:]) for line in response.text.splitlines() if line.startswith("data: {")
    ]
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks)
    final = chunks[-1]["simbioze"]
    assert final["replaced"] and final["composer"] == "offline"
    assert text.startswith(HOTLINE) and text.count(REPLACED["en"].strip()) == 1
    assert text.endswith(final["answer"]) and "hotline" not in final["answer"]
