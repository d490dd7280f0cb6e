"""The stems computed by `normalize.forms`, kept in the data directory between processes.

Stemming the taxonomy, the glossary and the keyword index's words takes a second or more of
CPU in each cold process; a file of word -> forms, keyed by a hash of the stemming code, is read
in milliseconds. `load` at a process's start, `save` at its end (only when it learnt words).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import LatvianStemmer
import snowballstemmer

from assistant.text import normalize

_loaded = 0


def _path(folder: Path) -> Path:
    digest = hashlib.sha256()
    for module in (normalize.__file__, LatvianStemmer.__file__, snowballstemmer.__file__):
        digest.update(Path(module).read_bytes())
    return folder / f"stems-{digest.hexdigest()[:24]}.pickle"


def load(folder: Path) -> None:
    global _loaded
    try:
        with _path(folder).open("rb") as file:
            known = pickle.load(file)  # noqa: S301  (written by `save`, below)
    except (OSError, EOFError, AttributeError, ImportError, pickle.UnpicklingError):
        return
    if isinstance(known, dict):
        normalize._FORMS.update(known)
        _loaded = len(normalize._FORMS)


def save(folder: Path) -> None:
    """Write the memo when this process added words to it (other versions' files go)."""
    if len(normalize._FORMS) <= _loaded:
        return
    path = _path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("stems-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    with partial.open("wb") as file:
        pickle.dump(dict(normalize._FORMS), file, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)
