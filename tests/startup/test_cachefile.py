"""A cache file replaces its other versions atomically; an unwritable folder is no error."""

from __future__ import annotations

from assistant import cachefile


def test_replace_writes_and_drops_other_versions(tmp_path):
    (tmp_path / "thing-old.json").write_text("old", "utf-8")
    (tmp_path / "other-1.json").write_text("kept", "utf-8")
    cachefile.replace(tmp_path / "thing-new.json", b"new", "thing-*.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other-1.json", "thing-new.json"]
    assert (tmp_path / "thing-new.json").read_bytes() == b"new"


def test_a_missing_folder_is_made(tmp_path):
    cachefile.replace(tmp_path / "cache" / "a-1.bin", b"x", "a-*.bin")
    assert (tmp_path / "cache" / "a-1.bin").read_bytes() == b"x"


def test_an_unwritable_folder_is_no_error(tmp_path):
    (tmp_path / "cache").write_text("a file where the folder should be", "utf-8")
    cachefile.replace(tmp_path / "cache" / "a-1.bin", b"x", "a-*.bin")  # no exception
    assert (tmp_path / "cache").is_file()
