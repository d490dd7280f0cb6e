"""Which companies a message means: by name (fuzzy, any case form) or by what they do
("the pellet producer", "siltumnīcām"), among the companies the asker may see by name."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from assistant import yamlio
from assistant.text.normalize import fold, words


@dataclass(frozen=True)
class Visible:
    id: int
    name: str
    nace: str


@dataclass(frozen=True)
class RoleMention:
    phrase: str  # the words of the message that named the role
    nace: tuple[str, ...]
    start: int  # where in the folded message


@lru_cache(maxsize=1)
def _roles() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(folded phrases, NACE prefixes), longest phrases first."""
    text = resources.files("assistant.chat").joinpath("data/roles.yaml").read_text("utf-8")
    found = []
    for entry in yamlio.safe_load(text)["roles"]:
        phrases = tuple(fold(p) for p in [*entry.get("en", []), *entry.get("lv", [])])
        found.append((phrases, tuple(str(n) for n in entry["nace"])))
    return found


def find_roles(message: str) -> list[RoleMention]:
    """Roles named in the message, in the order they appear; a longer phrase wins where two
    overlap ("dairy farm" over "dairy")."""
    folded = " " + " ".join(words(fold(message))) + " "
    found: list[RoleMention] = []
    taken: list[range] = []
    candidates = [(p, nace) for phrases, nace in _roles() for p in phrases]
    for phrase, nace in sorted(candidates, key=lambda c: -len(c[0])):
        start = folded.find(" " + phrase)
        if start < 0 or any(start + 1 in r for r in taken):
            continue
        taken.append(range(start + 1, start + 1 + len(phrase)))
        found.append(RoleMention(phrase, nace, start))
    return sorted(found, key=lambda r: r.start)


def companies_in_role(role: RoleMention, companies: list[Visible]) -> list[Visible]:
    return [c for c in companies if any(c.nace.startswith(n) for n in role.nace)]


NAME_NOISE = frozenset({"sia", "as", "ik", "demo", "fiktivs", "ltd", "the"})


def name_words(name: str) -> list[str]:
    """A company name's own words, folded ("SIA Demo Granulas (fiktīvs)" -> ["granulas"])."""
    return [w for w in words(fold(name)) if w not in NAME_NOISE]
