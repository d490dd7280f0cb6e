"""The OpenAI-compatible API, driven by the real `openai` client against a running server."""

from __future__ import annotations

import openai
import pytest

from assistant.api.app import create_app
from tests.support.server import running


@pytest.fixture(scope="module")
def server(park_services):
    token = park_services.auth.create_user("openai-client", "facilitator").token
    with running(create_app(services=park_services)) as url:
        yield f"{url}/v1", token


@pytest.fixture
def client(server):
    """The API token goes where an OpenAI client sends its key: `Authorization: Bearer`."""
    base_url, token = server
    return openai.OpenAI(base_url=base_url, api_key=token, max_retries=0, timeout=60)


def test_a_wrong_key_is_refused(server):
    base_url, _ = server
    wrong = openai.OpenAI(base_url=base_url, api_key="not-a-token", max_retries=0, timeout=60)
    with pytest.raises(openai.AuthenticationError):
        wrong.models.list()


def test_models(client):
    assert [m.id for m in client.models.list()] == ["simbioze"]


def test_completion(client):
    reply = client.chat.completions.create(
        model="simbioze",
        messages=[
            {"role": "system", "content": "You are helpful."},
            {"role": "user", "content": "When is a production residue a by-product?"},
        ],
    )
    text = reply.choices[0].message.content
    assert reply.choices[0].finish_reason == "stop"
    assert "[1]" in text and "Article 5" in text


def test_streaming_completion(client):
    stream = client.chat.completions.create(
        model="simbioze",
        stream=True,
        messages=[{"role": "user", "content": "kur likt koksnes pelnus?"}],
    )
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream)
    assert "gadā" in text


def test_follow_up_uses_the_history(client):
    first = "We produce 2,400 t of sawdust a year. Who can use it?"
    answer = (
        client.chat.completions.create(
            model="simbioze", messages=[{"role": "user", "content": first}]
        )
        .choices[0]
        .message.content
    )
    follow = client.chat.completions.create(
        model="simbioze",
        messages=[
            {"role": "user", "content": first},
            {"role": "assistant", "content": answer},
            {"role": "user", "content": "And what are the legal steps?"},
        ],
    )
    assert "sawdust" in follow.choices[0].message.content


def test_request_without_a_user_message_is_rejected(client):
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(
            model="simbioze", messages=[{"role": "system", "content": "only a system prompt"}]
        )


def test_an_unknown_model_is_the_openai_404(client):
    with pytest.raises(openai.NotFoundError) as raised:
        client.chat.completions.create(
            model="gpt-4o",
            messages=[{"role": "user", "content": "When is a production residue a by-product?"}],
        )
    error = raised.value.body
    assert isinstance(error, dict) and error["code"] == "model_not_found"
    assert "gpt-4o" in error["message"]
