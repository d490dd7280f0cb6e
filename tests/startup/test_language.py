"""The language shortcut (function words) and lingua's memo: the decision may not get worse.

The labels come from the repo's data, not from the detector: the `lang` of every question in the
chat development set and the retrieval set, and the `lang` front matter of every knowledge
document (its paragraphs; English documents quote Latvian terms, so a few labels are noisy).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from assistant.text import language
from assistant.text.language import detect_language, plainly

REPO = Path(__file__).resolve().parents[2]


def _questions() -> list[tuple[str, str]]:
    found = []
    for conv in yaml.safe_load((REPO / "tests/eval/chat/dev.yaml").read_text("utf-8")):
        found += [(t["lang"], t["q"]) for t in conv["turns"] if t.get("lang") in ("lv", "en")]
    for item in yaml.safe_load((REPO / "tests/eval/retrieval.yaml").read_text("utf-8")):
        if item.get("lang") in ("lv", "en"):
            found.append((item["lang"], item["q"]))
    return found


def _paragraphs() -> list[tuple[str, str]]:
    found = []
    for doc in sorted((REPO / "knowledge").rglob("*.md")):
        text = doc.read_text("utf-8")
        lang = re.search(r"^lang:\s*(lv|en)\s*$", text, re.M)
        if lang:
            for para in re.split(r"\n\s*\n", text.split("---", 2)[-1]):
                para = " ".join(para.split())
                if len(para) > 20:
                    found.append((lang.group(1), para[:300]))
    return found


QUESTIONS = _questions()
PARAGRAPHS = _paragraphs()


def test_the_labelled_sets_are_there():
    langs = [lang for lang, _q in QUESTIONS]
    assert langs.count("lv") >= 50 and langs.count("en") >= 50
    assert len(PARAGRAPHS) >= 500


def test_the_shortcut_never_contradicts_a_questions_label():
    wrong = [(lang, q) for lang, q in QUESTIONS if plainly(q) not in (None, lang)]
    assert wrong == []


def test_where_the_shortcut_decides_a_paragraph_lingua_does_no_better(monkeypatch):
    """A document's `lang` is a noisy label for a paragraph quoting the other language."""
    decided = [(lang, t, plainly(t)) for lang, t in PARAGRAPHS]
    decided = [(lang, t, quick) for lang, t, quick in decided if quick is not None]
    assert len(decided) >= len(PARAGRAPHS) // 2
    monkeypatch.setattr(language, "plainly", lambda _text: None)
    shortcut_wrong = sum(quick != lang for lang, _t, quick in decided)
    lingua_wrong = sum(detect_language(t).lang != lang for lang, t, _q in decided)
    assert shortcut_wrong <= lingua_wrong


def test_the_shortcut_decides_most_questions():
    """Else lingua's models would be loaded in nearly every process after all."""
    decided = sum(plainly(q) is not None for _lang, q in QUESTIONS)
    assert decided >= 0.6 * len(QUESTIONS)


def test_no_more_mistakes_than_lingua_alone(monkeypatch):
    texts = QUESTIONS + PARAGRAPHS
    with_shortcut = sum(detect_language(t).lang != lang for lang, t in texts)
    monkeypatch.setattr(language, "plainly", lambda _text: None)
    lingua_only = sum(detect_language(t).lang != lang for lang, t in texts)
    assert with_shortcut <= lingua_only


@pytest.mark.parametrize(
    "text",
    [
        "Kas ir?",  # short: lingua decides
        "What does SIA Demo Kokapstrāde offer?",  # English around a Latvian name
        "Vai the park has kas?",  # both languages' function words
        "blakusprodukta 5. pants Atkritumu",  # no function words
    ],
)
def test_unclear_texts_go_to_lingua(text):
    assert plainly(text) is None


def test_clear_texts_are_decided():
    assert plainly("Mums ir 2400 t zāģskaidu gadā. Kas tās var izmantot?") == "lv"
    assert plainly("Which companies in the park could use our waste heat?") == "en"
    assert plainly("Mums ir zagskaidas, kas var izmantot?") is None  # no Latvian letter


def test_lingua_answers_are_kept_between_processes(tmp_path, monkeypatch):
    monkeypatch.setattr(language, "_memo", {})
    monkeypatch.setattr(language, "_learnt", 0)
    text = "blakusprodukta 5. pants Atkritumu"
    first = detect_language(text)
    language.save(tmp_path)
    files = list(tmp_path.iterdir())
    assert [f.name.startswith("languages-") for f in files] == [True]
    assert text not in files[0].read_text("utf-8")  # hashes of texts, never the texts
    # a new process: the memo comes from the file, lingua is not asked
    monkeypatch.setattr(language, "_memo", {})
    monkeypatch.setattr(language, "_learnt", 0)
    language.load(tmp_path)

    def no_lingua(_text: str) -> None:
        raise AssertionError("lingua asked again")

    monkeypatch.setattr(language, "_lingua", no_lingua)
    assert detect_language(text) == first
    language.save(tmp_path)  # nothing learnt: nothing written
    assert list(tmp_path.iterdir()) == files


def test_a_broken_memo_file_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setattr(language, "_memo", {})
    path = language._path(tmp_path)
    path.write_text(json.dumps({"x": "not a pair"}), "utf-8")
    language.load(tmp_path)
    assert language._memo == {}
