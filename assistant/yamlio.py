"""Reading YAML through libyaml when PyYAML was built with it.

The pure-Python parser takes seconds for the half megabyte of taxonomy, rule and glossary
files every process reads; libyaml's parser is about ten times faster and builds the same
objects (the constructor is the same safe one).

Building the Python objects is still Python and still about a tenth of a second per process,
so a short process (the CLI) keeps what it parsed in the data directory between runs (`load` /
`save`, like the stems): a file keyed by this module's code and PyYAML's version, holding each
parsed document under a hash of its text, so a changed file is parsed again and never served
from an old entry. Every call returns new objects (unpickled each time), as parsing would.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

import yaml

from assistant import cachefile

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LIMIT = 200  # documents kept on disk (those the last process used first); the product has ~30
_LARGEST = 2_000_000  # characters: a larger text (an imported file, say) is not kept

_parsed: dict[str, bytes] = {}  # sha256 of a text -> its document, pickled
_used: dict[str, None] = {}  # the keys this process read, in order
_keeping = False  # memoise only in a process that will save (`load` was called)
_learnt = 0


def safe_load(text: str) -> Any:
    global _learnt
    keep = _keeping and len(text) <= _LARGEST
    key = hashlib.sha256(text.encode()).hexdigest()[:32] if keep else ""
    blob = _parsed.get(key) if key else None
    if blob is not None:
        _used[key] = None
        return pickle.loads(blob)  # noqa: S301  (written by `save`, below)
    value = yaml.load(text, Loader=Loader)  # noqa: S506  (a safe loader)
    if key:  # only a text that parsed: a YAML error leaves nothing to save under its key
        _parsed[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        _used[key] = None
        _learnt += 1
    return value


def _path(folder: Path) -> Path:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(f"{yaml.__version__} {Loader.__name__}".encode())
    return folder / f"yaml-{digest.hexdigest()[:24]}.pickle"


def load(folder: Path) -> None:
    """Keep parsed documents from now on, starting with those a previous process saved."""
    global _keeping
    _keeping = True
    try:
        with _path(folder).open("rb") as file:
            known = pickle.load(file)  # noqa: S301  (written by `save`, below)
    except (OSError, EOFError, AttributeError, ImportError, pickle.UnpicklingError):
        return  # missing or written by other code: parsed again
    if isinstance(known, dict):
        _parsed.update((k, v) for k, v in list(known.items())[:_LIMIT] if isinstance(v, bytes))


def save(folder: Path) -> None:
    """Write the documents when this process parsed new ones: those it read first, then the
    others up to the limit (a document no process reads any more goes in time)."""
    if not _learnt:
        return
    order = [*_used, *(k for k in _parsed if k not in _used)][:_LIMIT]
    data = pickle.dumps({k: _parsed[k] for k in order}, protocol=pickle.HIGHEST_PROTOCOL)
    cachefile.replace(_path(folder), data, "yaml-*.pickle")
