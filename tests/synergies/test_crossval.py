"""Grouped cross-validation: a held-out case never informs its own ranking; weights are fitted
on the training cases; the baseline is the chapter's most documented divisions elsewhere."""

from __future__ import annotations

import numpy as np

from assistant.synergies.corpus import Corpus, Exchange
from assistant.synergies.crossval import cross_validate, popularity
from assistant.synergies.receivers import FEATURES, Query
from assistant.synergies.weights import Sample, fit


def _row(i: int, case: str, ewc: str, receiver: str, text: str = "ash") -> Exchange:
    return Exchange(
        f"{case}-{i}",
        case,
        "donor",
        "35.11",
        text,
        text,
        ewc,
        "",
        "receiver",
        receiver,
        "use",
        "LV",
        "implemented",
        "src",
        "section",
    )


class Maker:
    """Queries without rules or taxonomy: text, code and donor only."""

    def query(self, row: Exchange, lang: str) -> Query:
        return Query(
            text=row.material_en, ewc=row.ewc, donor=row.donor_nace, readings=[], hazardous=False
        )

    def for_row(self, lang: str):
        return lambda row: self.query(row, lang)


def _corpus() -> Corpus:
    rows = []
    for case in ("a", "b", "c", "d"):
        rows += [_row(1, case, "10 01 02", "23.51"), _row(2, case, "10 01 05", "23.62")]
    rows.append(_row(3, "e", "10 01 02", "96.01"))  # a receiver documented in no other case
    return Corpus(rows, {"src": {"cite": "x"}})


def test_a_held_out_case_is_not_counted_in_its_own_fold():
    report = cross_validate(_corpus(), Maker(), lambda r: "", languages=("en",))
    assert report["rows"] == 9 and report["cases"] == 5
    assert report["per_case"]["e"]["hit@3"] == 0.0  # 96 appears only in case e
    assert report["per_case"]["a"]["hit@3"] == 1.0
    assert report["model"]["all"]["no_answer"] == 0


def test_the_baseline_ranks_the_chapter_divisions_of_the_other_cases():
    corpus = _corpus()
    train = [r for r in corpus.rows if r.case != "e"]
    assert popularity(train, corpus.by_id["e-3"], lambda r: "")[:1] == ["23"]
    assert "96" not in popularity(train, corpus.by_id["e-3"], lambda r: "")


def test_fit_puts_the_weight_on_the_informative_feature():
    rng = np.random.default_rng(7)
    found = []
    text = FEATURES.index("text")
    for _ in range(40):
        m = rng.random((5, len(FEATURES)))
        truth = int(rng.integers(5))
        m[:, text] = 0.0
        m[truth, text] = 1.0  # only the text feature knows the answer
        found.append(Sample([f"{d:02d}" for d in range(5)], m, f"{truth:02d}"))
    weights = fit(found)
    assert weights.argmax() == text and abs(weights.sum() - 1) < 1e-9
