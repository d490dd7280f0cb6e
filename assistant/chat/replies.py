"""Short replies to a proposal: yes, no, or something else."""

from __future__ import annotations

import re

from assistant.text.normalize import fold

YES_WORDS = frozenset(
    {"yes", "y", "ok", "okay", "sure", "correct", "ja", "labi", "der", "protams", "pareizi", "jaa"}
)
YES_PREFIXES = ("confirm", "apstiprin")
NO_WORDS = frozenset({"no", "ne", "nav", "nope"})
NO_PREFIXES = ("cancel", "nevajag", "atcel", "don")
# words a bare yes or no comes with ("yes, go ahead", "jā, lūdzu, pievieno")
FILLER = frozenset(
    "go ahead please do it add save that this is right fine thanks thank you sounds good "
    "great perfect t not dont now ludzu pievieno pievienojiet saglaba saglabajiet dari "
    "darām daram ta to var drikst paldies jus ludzam".split()
)


def is_confirmation(text: str) -> bool | None:
    """True for yes, False for no, None for anything else (a short reply only)."""
    tokens = re.findall(r"[a-z]+", fold(text))
    if not tokens or len(tokens) > 6:
        return None
    first = tokens[0]
    if first in NO_WORDS or first.startswith(NO_PREFIXES):
        return False
    if first in YES_WORDS or first.startswith(YES_PREFIXES):
        return True
    return None


def is_plain_reply(text: str) -> bool:
    """Nothing but a yes or a no and the words that come with one: no new request in it."""
    tokens = re.findall(r"[a-z]+", fold(text))
    known = YES_WORDS | NO_WORDS | FILLER
    return is_confirmation(text) is not None and all(
        t in known or t.startswith(YES_PREFIXES + NO_PREFIXES) for t in tokens
    )
