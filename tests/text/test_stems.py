"""The stems memo kept in the data directory between processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.text import normalize, stems


@pytest.fixture
def empty_memo() -> Iterator[None]:
    saved = dict(normalize._FORMS)
    normalize._FORMS.clear()
    stems._loaded = 0  # as in a new process
    yield
    normalize._FORMS.clear()
    normalize._FORMS.update(saved)


def test_a_later_process_reads_the_stems(tmp_path: Path, empty_memo: None) -> None:
    expected = normalize.forms("zāģskaidas")
    stems.save(tmp_path)
    [stored] = tmp_path.glob("stems-*.pickle")
    normalize._FORMS.clear()
    stems.load(tmp_path)
    assert normalize._FORMS["zāģskaidas"] == expected
    assert normalize.forms("zāģskaidas") == expected
    stems.save(tmp_path)  # nothing new: the file stays as it was
    assert list(tmp_path.glob("stems-*.pickle")) == [stored]


def test_a_damaged_file_is_ignored(tmp_path: Path, empty_memo: None) -> None:
    normalize.forms("atkritumi")
    stems.save(tmp_path)
    [stored] = tmp_path.glob("stems-*.pickle")
    stored.write_bytes(b"not a pickle")
    normalize._FORMS.clear()
    stems.load(tmp_path)
    assert normalize.forms("atkritumi") == normalize._forms("atkritumi")
