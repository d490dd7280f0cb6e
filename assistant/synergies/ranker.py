"""The receiver ranker the product uses: a model counted from the whole documented-exchange
corpus, the feature weights fitted on it by leave-one-case-out cross-validation
(data/receiver_weights.yaml, written by `assistant eval synergies --save-weights`), and the
documented cases that support each receiving division.

Resolving the rows' categories through the taxonomy's suggester takes about a second of CPU;
`default_ranker` keeps them in the data directory's cache (`keep_categories_in`), in a file
keyed by the rows and the code and data that resolve them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import yaml

from assistant import cachefile, yamlio
from assistant.synergies.corpus import CaseRef, Corpus, Exchange, chapter, ewc_levels, load_corpus
from assistant.synergies.receivers import FEATURES, Model, Query, rank
from assistant.taxonomy import Taxonomy, default_taxonomy

WEIGHTS_FILE = ("data", "receiver_weights.yaml")
TEXT_MATCH = 0.5  # a neighbour by material name this close to the best counts as a match
CATEGORIES_FILE = "exchange-categories-{key}.json"


class Ranker:
    def __init__(
        self,
        corpus: Corpus,
        weights: dict[str, float],
        taxonomy: Taxonomy,
        categories: dict[str, str] | None = None,
    ) -> None:
        """`categories`: the rows' resolved categories by id, when already known (the rest
        are resolved on first use)."""
        self.corpus = corpus
        self.taxonomy = taxonomy
        self._categories: dict[str, str] = dict(categories or {})
        self.model = Model(corpus.rows, self.category_of)
        self.weights = np.array([weights.get(name, 0.0) for name in FEATURES], dtype=float)
        self._levels = {row.id: ewc_levels(row.ewc) for row in corpus.rows}
        self._chapters = {row.id: row.chapter for row in corpus.rows}
        self._matched: tuple[Query | None, dict[str, list[tuple[Exchange, float]]]] = (None, {})

    def category_of(self, row: Exchange) -> str:
        """The row's declared category, else the one its EWC code and name resolve to."""
        if row.id not in self._categories:
            self._categories[row.id] = resolve_category(row, self.taxonomy)
        return self._categories[row.id]

    def divisions(self, query: Query) -> list[tuple[str, float]]:
        names, m = self.model.matrix(query)
        return rank(names, m, self.weights)

    def matches(self, query: Query, division: str) -> list[tuple[Exchange, float]]:
        """Documented exchanges into `division` that match the query, strongest first."""
        return list(self.all_matches(query).get(division, ()))

    def all_matches(self, query: Query) -> dict[str, list[tuple[Exchange, float]]]:
        """`matches` for every receiving division at once: the query is read once, and the
        last query's answer is kept (a sector ranking asks it for every division twice)."""
        last, answer = self._matched  # one read: another thread may replace it
        if last is query:
            return answer
        strength = self._strength(query)
        found: dict[str, list[tuple[Exchange, float]]] = {}
        for division, rows in self.model.by_division.items():
            hits = [(row, s) for row in rows if (s := strength(row))]
            if hits:
                found[division] = sorted(hits, key=lambda x: (-x[1], x[0].id))
        self._matched = (query, found)
        return found

    def _strength(self, query: Query) -> Callable[[Exchange], float]:
        """How strongly a documented exchange matches the query (0: not a match)."""
        levels = set(ewc_levels(query.ewc))
        codes = {lvl for code, _c in query.codes for lvl in ewc_levels(code)}
        kind = chapter(query.ewc, query.categories[0][0] if query.categories else None)
        top = max((w for _c, w in query.categories), default=1.0) or 1.0
        categories: dict[str, float] = {}
        for c, w in query.categories:
            categories[c] = max(categories.get(c, 0.0), w / top)
        near = self.model.neighbours(query)
        best = max((s for _r, s in near), default=0.0) or 1.0
        text = {row.id: s / best for row, s in near if s / best >= TEXT_MATCH}
        donor = (query.donor or "")[:2]

        def strength(row: Exchange) -> float:
            found = _code_match(self._levels[row.id], self._chapters[row.id], levels or codes, kind)
            found += categories.get(self.category_of(row), 0.0)
            found += text.get(row.id, 0.0)
            if found < 1.0:
                return 0.0
            return found + (0.5 if row.donor_division == donor else 0.0)

        return strength

    def cases(self, query: Query, division: str, n: int, nace: str = "") -> list[CaseRef]:
        """The strongest documented matches into the division, those into `nace` first."""
        lang = "lv" if _looks_latvian(query.text) else "en"
        found = self.matches(query, division)
        found.sort(key=lambda x: (x[0].receiver_nace != nace, -x[1], x[0].id))
        return [self.corpus.ref(row, lang) for row, _s in found[:n]]


def _code_match(own: tuple[str, ...], own_chapter: str, levels: set[str], kind: str) -> float:
    if own and own[0] in levels:
        return 3.0
    if own and own[1] in levels:
        return 2.0
    return 1.0 if own_chapter == kind and kind not in ("other",) else 0.0


def _looks_latvian(text: str) -> bool:
    return any(ch in text.lower() for ch in "āčēģīķļņšūž")


def weights_path() -> Path:
    return Path(str(resources.files("assistant.synergies").joinpath(*WEIGHTS_FILE)))


def read_weights() -> dict[str, float] | None:
    path = weights_path()
    if not path.is_file():
        return None
    raw = yamlio.safe_load(path.read_text("utf-8")) or {}
    weights = raw.get("weights") or {}
    return {k: float(v) for k, v in weights.items()} if set(weights) == set(FEATURES) else None


def save_weights(weights: dict[str, float], corpus: Corpus) -> Path:
    path = weights_path()
    header = (
        "# Feature weights of the receiver ranker, fitted by leave-one-case-out cross-validation\n"
        "# on the documented-exchange corpus (`assistant eval synergies --save-weights`).\n"
    )
    body = {"rows": len(corpus), "cases": len(corpus.cases), "weights": weights}
    path.write_text(header + yaml.safe_dump(body, sort_keys=False), "utf-8")
    return path


def fitted_weights(
    corpus: Corpus, taxonomy: Taxonomy, languages: Sequence[str] = ("en", "lv")
) -> dict[str, float]:
    """Fit the weights on the whole corpus (leave-one-case-out), as --save-weights does;
    `taxonomy` reads the queries, the rows are always read without embeddings."""
    from assistant.synergies.queries import QueryMaker
    from assistant.synergies.weights import fit_weights

    probe = Ranker(corpus, {}, default_taxonomy())
    maker = QueryMaker(taxonomy)
    return fit_weights(corpus.rows, [maker.for_row(lang) for lang in languages], probe.category_of)


def resolve_category(row: Exchange, taxonomy: Taxonomy) -> str:
    """The row's declared category, else the one its EWC code and name resolve to."""
    return row.category or (taxonomy.resolve_flow(row.material_en, row.ewc or None).category or "")


_cache: list[Path] = []  # where default_ranker keeps the rows' categories (set at the edges)


def keep_categories_in(folder: Path | None) -> None:
    """Keep `default_ranker`'s resolved row categories in `folder` between processes (None:
    resolve them in every process)."""
    _cache[:] = [folder] if folder is not None else []


def cached_categories(corpus: Corpus, taxonomy: Taxonomy, folder: Path) -> dict[str, str]:
    """Every row's category by id, read from `folder` when a file made from the same rows by
    the same code and taxonomy data is there; else resolved and written."""
    path = folder / CATEGORIES_FILE.format(key=_categories_key(corpus))
    ids = {row.id for row in corpus.rows}
    try:
        found = json.loads(path.read_text("utf-8"))
        if isinstance(found, dict) and set(found) == ids:
            return {str(k): str(v) for k, v in found.items()}
    except (OSError, ValueError):
        pass  # missing, unreadable or half-written by older code: resolved again
    categories = {row.id: resolve_category(row, taxonomy) for row in corpus.rows}
    data = json.dumps(categories, ensure_ascii=False, sort_keys=True).encode()
    cachefile.replace(path, data, CATEGORIES_FILE.format(key="*"))
    return categories


def _categories_key(corpus: Corpus) -> str:
    """A hash of what the rows' categories depend on: each row's id, name, code and declared
    category; this module's and the taxonomy's code and data; the text analysis (normaliser
    and stemmers) and the fuzzy matcher the suggester reads names with."""
    import LatvianStemmer
    import rapidfuzz
    import snowballstemmer

    from assistant import taxonomy
    from assistant.text import normalize

    digest = hashlib.sha256()
    taxonomy_dir = Path(taxonomy.__file__).parent
    files = sorted(
        p for p in taxonomy_dir.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )
    for path in [Path(__file__), Path(normalize.__file__), *files]:
        digest.update(f"{path.relative_to(path.parent.parent)}\0".encode())
        digest.update(path.read_bytes())
    for module in (LatvianStemmer.__file__, snowballstemmer.__file__):
        digest.update(Path(str(module)).read_bytes())
    digest.update(f"rapidfuzz {rapidfuzz.__version__} numpy {np.__version__}\0".encode())
    for row in corpus.rows:
        digest.update(f"{row.id}\0{row.material_en}\0{row.ewc}\0{row.category}\0".encode())
    return digest.hexdigest()[:32]


@lru_cache
def default_ranker() -> Ranker:
    """The product's ranker over the shipped corpus; rows resolve their categories without
    embeddings, so every process reads the corpus the same way."""
    rows_taxonomy = default_taxonomy()
    corpus = load_corpus()
    weights = read_weights() or fitted_weights(corpus, rows_taxonomy)
    categories = cached_categories(corpus, rows_taxonomy, _cache[0]) if _cache else None
    return Ranker(corpus, weights, rows_taxonomy, categories)
