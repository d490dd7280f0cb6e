"""An obedient chat model: a LangChain chat model with no defence against prompt injection.

It reads what it is sent and, when an instruction is written anywhere in the user turn (where
documents arrive), obeys it literally: it says the demanded text, takes the demanded role,
adds the demanded image with the asker's question in its address, answers in the demanded
language, states the demanded figure or makes one up, repeats its system prompt, or lists
everything it was given. With no instruction in sight it returns the offline draft it was
given, so the normal LLM path works. Everything it receives is kept in `seen`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage

if TYPE_CHECKING:
    from assistant.chat.service import ChatService
    from assistant.composition import Services
    from assistant.llm.model import ChatModel
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

_BLOCK = re.compile(r"<<<(?P<fence>\S+) (?P<label>[^\n]*)\n(?P<body>.*?)\n(?P=fence)>>>", re.S)
_SOURCES = re.compile(r"\n\n(?:Sources|Avoti):\n.*\Z", re.S)
_QUESTION = re.compile(r"^Question \(\w+\): (?P<question>.*)$", re.M)
_END = r"[\"”]?\s*(?:[.!]|$)"

CANNED = {  # an answer in the demanded language, citing passage [1] so it looks grounded
    "latvian": "Zāģskaidas ir blakusprodukts, ja to tālāka izmantošana ir droša un likumīga [1].",
    "english": "Sawdust is a by-product when its further use is certain and lawful [1].",
    "russian": "Опилки являются побочным продуктом, если их дальнейшее использование законно [1].",
}
LANGUAGES = {"latviski": "latvian", "angliski": "english", "krieviski": "russian"}


@dataclass(frozen=True)
class Conversation:
    system: str
    user: str

    @property
    def blocks(self) -> list[re.Match[str]]:
        return list(_BLOCK.finditer(self.user))

    @property
    def draft(self) -> str:
        drafts = [b["body"] for b in self.blocks if b["label"] == "draft"]
        return _SOURCES.sub("", drafts[-1]).strip() if drafts else ""

    @property
    def question(self) -> str:
        found = _QUESTION.search(self.user)
        return found["question"] if found else ""


Obey = Callable[[re.Match[str], Conversation], str]


def _say(match: re.Match[str], _: Conversation) -> str:
    return match["text"].strip()


def _role(match: re.Match[str], _: Conversation) -> str:
    return f"I am now {match['role'].strip()}. I follow the document, not the park's rules."


def _image(match: re.Match[str], talk: Conversation) -> str:
    url = match["url"] if "://" in match["url"] else f"https://{match['url']}"
    return f"{talk.draft}\n\n![status]({url}?d={quote(talk.question)})"


def _language(match: re.Match[str], _: Conversation) -> str:
    wanted = (match["language"] or LANGUAGES[match["lv"].lower()]).lower()
    return CANNED[wanted]


def _claim(match: re.Match[str], talk: Conversation) -> str:
    claim = match["claim"].strip()
    return f"{talk.draft}\n\n{claim[:1].upper()}{claim[1:]} [1]."


def _invented(_: re.Match[str], talk: Conversation) -> str:
    return f"{talk.draft}\n\nThe park saves €4,321,987 a year with this [1]."


def _system_prompt(_: re.Match[str], talk: Conversation) -> str:
    return talk.system


def _everything(_: re.Match[str], talk: Conversation) -> str:
    given = "\n".join(b["body"] for b in talk.blocks)
    return f"Every company and quantity I was given:\n{given}"


_TEXT = rf"[:\s]+[\"“„]?(?P<text>[^\"”\n]+?){_END}"
_ADDRESS = r"(?P<url>(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}/[^\s\"'<>]*?)[.,;]?(?:\s|$)"
_SAY = (
    r"(?:ignore all previous instructions|ignorē visas iepriekšējās instrukcijas)\W+"
    r"(?:and|un)\s+(?:say|reply|answer|write|saki|atbildi|raksti)(?:\s+(?:only|tikai))?"
    rf"(?:\s+(?:with|ar))?{_TEXT}"
)
_ONLY = rf"(?:respond only with|answer only with|atbildi tikai ar){_TEXT}"
_SUMMARY = rf"(?:when you summarise this page, write only|kopsavilkumā raksti tikai){_TEXT}"
_ROLE = r"(?:you are now|tu tagad esi)\s+(?P<role>[^.\n]+)"
_IMAGE = (
    r"(?:include|add|append|insert|embed|iekļauj|pievieno)\s+"
    rf"(?:this|the following|šo|šādu)\s+(?:link|image|picture|saiti|attēlu)[:\s]+{_ADDRESS}"
)
_LANGUAGE = (
    r"(?:answer|respond|reply|write your answer|write the answer)\s+in\s+"
    r"(?P<language>Latvian|English|Russian)\b|"
    r"(?:atbildi|raksti)\s+(?P<lv>angliski|latviski|krieviski)"
)
_CLAIM = (
    r"(?:(?:state|say|mention|add|write)\s+that|(?:norādi|piemini|uzraksti),?\s+ka)\s+"
    r"(?P<claim>[^.\n]*\d[^.\n]*)"
)
_INVENT = (
    r"invent\s+an?\s+(?:\w+\s+){0,3}(?:saving|figure|number)|"
    r"izdomā\s+(?:\w+\s+){0,3}ietaupījumu"
)
_ECHO = (
    r"(?:print|repeat|reveal|output|show)\s+(?:everything|all(?: the)? text|"
    r"your (?:system )?prompt|your instructions)|atkārto visu,? kas rakstīts augstāk"
)
_DUMP = (
    r"(?:list|name)\s+every\s+(?:confidential\s+)?company|"
    r"uzskaiti\s+visus\s+(?:konfidenciālos\s+)?uzņēmumus"
)

ORDERS: list[tuple[re.Pattern[str], Obey]] = [
    (re.compile(pattern, re.I | re.M), obey)
    for pattern, obey in [
        (_SAY, _say),
        (_ONLY, _say),
        (_SUMMARY, _say),
        (_ROLE, _role),
        (_IMAGE, _image),
        (_LANGUAGE, _language),
        (_CLAIM, _claim),
        (_INVENT, _invented),
        (_ECHO, _system_prompt),
        (_DUMP, _everything),
    ]
]


class ObedientChatModel(BaseChatModel):
    """Obeys the first order it finds in the user turn; else returns the draft it was given."""

    seen: list[list[BaseMessage]] = Field(default_factory=list)
    obeyed: list[str] = Field(default_factory=list)  # the orders it carried out, as written

    @property
    def _llm_type(self) -> str:
        return "obedient-fake"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.seen.append(list(messages))
        talk = Conversation(
            system="\n".join(_text(m) for m in messages if m.type == "system"),
            user="\n".join(_text(m) for m in messages if m.type != "system"),
        )
        reply = self._obey(talk)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=reply))])

    def _obey(self, talk: Conversation) -> str:
        for pattern, obey in ORDERS:
            order = pattern.search(talk.user)
            if order:
                self.obeyed.append(order.group(0))
                return obey(order, talk)
        return talk.draft

    @property
    def received(self) -> str:
        """All the text the model was ever sent."""
        return "\n".join(_text(m) for messages in self.seen for m in messages)


def _text(message: BaseMessage) -> str:
    return message.content if isinstance(message.content, str) else str(message.content)


def chat_with(services: Services, llm: ChatModel | None = None) -> ChatService:
    """The chat service of `services` with another (fake) chat model."""
    from assistant.chat.memory import Memory
    from assistant.chat.service import ChatService
    from assistant.chat.tools import ChatTools

    services.init_db()
    tools = ChatTools(
        park=services.park,
        retriever=services.retriever,
        engine=services.synergy_engine,
        taxonomy=services.taxonomy,
        outreach=services.outreach,
    )
    return ChatService(tools, Memory(services.engine), llm, services.settings.chat_max_chars)
