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
