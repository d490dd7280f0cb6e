"""The keyword index kept in the data directory between processes."""

from __future__ import annotations

from pathlib import Path

from assistant.retrieval.keyword import cached_index

IDS = ["a#0", "b#0", "c#0"]
TEXTS = [
    "Zāģskaidas ir blakusprodukts, ja tās izmanto granulu ražošanā.",
    "The landfill tax in Latvia is charged per tonne of waste.",
    "Waste heat from compressors can warm greenhouses.",
]


def test_a_second_process_reads_the_same_index(tmp_path: Path) -> None:
    built = cached_index(IDS, TEXTS, tmp_path)
    [stored] = tmp_path.glob("keyword-*.pickle")
    read = cached_index(IDS, TEXTS, tmp_path)
    assert read is not built
    for query in ("zāģskaidas", "landfill tax", "siltums greenhouses"):
        assert read.search(query, 3) == built.search(query, 3)
    assert list(tmp_path.glob("keyword-*.pickle")) == [stored]


def test_other_chunks_replace_the_file(tmp_path: Path) -> None:
    cached_index(IDS, TEXTS, tmp_path)
    changed = cached_index(IDS[:2], TEXTS[:2], tmp_path)
    assert changed.ids == IDS[:2]
    assert len(list(tmp_path.glob("keyword-*.pickle"))) == 1


def test_a_damaged_file_is_built_again(tmp_path: Path) -> None:
    cached_index(IDS, TEXTS, tmp_path)
    [stored] = tmp_path.glob("keyword-*.pickle")
    stored.write_bytes(b"not a pickle")
    assert cached_index(IDS, TEXTS, tmp_path).search("landfill", 1)[0][0] == "b#0"


def test_without_a_folder_nothing_is_written(tmp_path: Path) -> None:
    assert cached_index(IDS, TEXTS, None).ids == IDS
    assert not list(tmp_path.iterdir())
