"""Evidence for an answer: retrieved passages and synergy suggestions, as the asker may see
them (`assistant.park.visibility`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.auth.viewer import Viewer
from assistant.chat.extract import asks_for_figure, has_figure, words_shared
from assistant.chat.state import ConversationState
from assistant.chat.tools import ChatTools
from assistant.errors import NotFound
from assistant.park import visibility
from assistant.retrieval.models import SearchHit
from assistant.synergies.models import Suggestion, SuggestionPublic
from assistant.synergies.park_data import CompanyData, FlowData, ParkData
from assistant.text.normalize import concepts, fold

VIRTUAL_ID = -1
MAX_PASSAGES = 4
LENIENT_COVERAGE = 0.08
LENIENT_SIMILARITY = 0.45


@dataclass
class Evidence:
    hits: list[SearchHit] = field(default_factory=list)
    synergies: list[SuggestionPublic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    focus: dict[str, str] = field(default_factory=dict)  # doc id -> what to quote from it
    named: set[str] = field(default_factory=set)  # documents of a case the question names


class Found(list[SearchHit]):
    """Passages, and which of them passed the retriever's relevance floor (the others were
    let in leniently: some word overlap or moderate similarity)."""

    def __init__(
        self, hits: list[SearchHit], relevant: set[str], named: set[str] | None = None
    ) -> None:
        super().__init__(hits)
        self.relevant = {h.chunk_id for h in hits} & relevant
        self.named = named or set()

    @property
    def covered(self) -> bool:
        return bool(self.relevant)


def passages(
    tools: ChatTools,
    query: str,
    lang: str,
    k: int = MAX_PASSAGES,
    types: tuple[str, ...] = (),
    lenient: bool = False,
    asked: str = "",
) -> Found:
    """Passages in the user's language first; the other language only if nothing is found.

    `lenient`: the question already carries a clear domain cue, so a passage needs only some
    word overlap or moderate similarity, not the full relevance floor (Latvian inflection
    leaves many question words unmatched).
    `asked`: a follow-up's own words, when `query` adds the conversation's subject to them;
    inside a document the question names they choose the passage ("how many did they survey?")."""
    found = _search(tools, query, lang, k, types, lenient, asked)
    if not found:
        other = "en" if lang == "lv" else "lv"
        found = _search(tools, query, other, k, types, lenient, asked)
    return found


def _search(
    tools: ChatTools,
    query: str,
    lang: str,
    k: int,
    types: tuple[str, ...],
    lenient: bool,
    asked: str = "",
) -> Found:
    relevant: set[str] = set()
    # several types: one ranking over all of them (separate searches give ranks that cannot
    # be compared), each type searched on its own only when that ranking holds too few
    hits = _kept(tools, query, lang, k * 6, "", types, lenient, relevant) if len(types) > 1 else []
    if len(hits) < k:
        for doc_type in types or ("",):
            hits += _kept(tools, query, lang, k * 3, doc_type, types, lenient, relevant)
        hits = sorted(_unique(hits), key=lambda h: -h.score)
    named = named_in(query)
    if named:  # "How did Kalundborg start?": the case named comes before look-alikes
        hits = _named_first(tools, query, lang, named, hits, relevant, asked)
    kept = focused([h for h in hits if h.type != "company"], k)
    return Found(kept, relevant, {h.doc_id for h in kept if named and _names(h, named)})


def _kept(
    tools: ChatTools,
    query: str,
    lang: str,
    size: int,
    doc_type: str,
    types: tuple[str, ...],
    lenient: bool,
    relevant: set[str],
) -> list[SearchHit]:
    """The hits of one search that pass the relevance floor (or, `lenient`, the lower one),
    of the wanted types; the relevant ones are added to `relevant`."""
    result = tools.retriever.search(
        query, size, filters={"lang": lang, "type": doc_type}, apply_floor=not lenient
    )
    keep = {
        t.chunk_id
        for t in result.trace.candidates
        if t.relevant
        or t.coverage >= LENIENT_COVERAGE
        or (t.dense_similarity or 0.0) >= LENIENT_SIMILARITY
    }
    relevant |= {t.chunk_id for t in result.trace.candidates if t.relevant}
    return [h for h in result.hits if h.chunk_id in keep and (not types or h.type in types)]


def _unique(hits: list[SearchHit]) -> list[SearchHit]:
    return list({h.chunk_id: h for h in reversed(hits)}.values())[::-1]


def _named_first(
    tools: ChatTools,
    query: str,
    lang: str,
    named: list[str],
    hits: list[SearchHit],
    relevant: set[str],
    asked: str = "",
) -> list[SearchHit]:
    """The documents whose title carries a name the question asks about, their passages
    that best fit the whole question first (found even when look-alikes outrank them); for a
    follow-up, the passage that best fits its own words before those."""
    names = " ".join(named_words(query))
    by_name = tools.retriever.search(names, 8, filters={"lang": lang}, apply_floor=False)
    docs = list(dict.fromkeys(h.doc_id for h in by_name.hits if _names(h, named)))[:2]
    found: list[SearchHit] = []
    for doc_id in docs:
        only = {"lang": lang, "doc_id": doc_id}
        inside = tools.retriever.search(query, 3, filters=only, apply_floor=False).hits
        if asked and asked != query:
            pool = tools.retriever.search(asked, 8, filters=only, apply_floor=False).hits
            inside = _unique(_most_words(pool, asked)[:1] + inside)
        found += inside
        relevant |= {h.chunk_id for h in inside}  # the question names this document
    seen = {h.chunk_id for h in found}
    rest = [h for h in hits if h.chunk_id not in seen]
    return found + sorted(rest, key=lambda h: not _names(h, named))


def _most_words(hits: list[SearchHit], asked: str) -> list[SearchHit]:
    """Passages by how many of the question's words they hold (a figure counts as one when a
    figure is asked for); none when no passage shares a word."""
    wanted = [set(c) for c in concepts(asked)]
    figure = asks_for_figure(asked)

    def shared(hit: SearchHit) -> int:
        return words_shared(wanted, hit.text) + int(figure and has_figure(hit.text))

    scored = [(shared(h), -n, h) for n, h in enumerate(hits)]
    return [h for score, _, h in sorted(scored, key=lambda s: s[:2], reverse=True) if score]


def _names(hit: SearchHit, named: list[str]) -> bool:
    return any(n in fold(hit.title) for n in named)


_GENERIC_NAMES = frozenset(
    "latvia latvij latvian eu es europe eiropa sia demo the "
    # the words of any act's or authority's name: "Cabinet Regulation", "Waste Framework
    # Directive", "State Environmental Service" name no case
    "cabinet regulation directive article commission council parliament state environmental "
    "service waste framework ministru kabineta noteikumi direktiva regula likums pants "
    "atkritumu valsts vides dienests".split()
)


def named_words(query: str) -> list[str]:
    """Proper names in a question: a capitalised word inside a sentence, or an acronym.
    Countries and the EU are left out."""
    found = []
    for sentence in re.split(r"(?<=[.?!])\s+", query.strip()):
        for n, word in enumerate(re.findall(r"[\w-]+", sentence)):
            acronym = len(word) >= 3 and word.isupper() and word.isalpha()
            if not acronym and (n == 0 or not word[:1].isupper() or len(word) < 4):
                continue
            if not any(fold(word).startswith(g[:6]) for g in _GENERIC_NAMES):
                found.append(word)
    return found


def named_in(query: str) -> list[str]:
    """The names' stems, to find them in titles: 'Kalundborgā' → 'kalund', 'NISP' → 'nisp'."""
    return [fold(word)[:6] for word in named_words(query)]


def focused(hits: list[SearchHit], k: int, from_best: int = 2) -> list[SearchHit]:
    """Up to `from_best` passages of the best document first (an answer reads better from one
    source than from scraps of many), then the best passage of each other document."""
    if not hits:
        return []
    best = hits[0].doc_id
    first = [h for h in hits if h.doc_id == best][:from_best]
    seen = {best}
    rest = []
    for hit in hits:
        if hit.doc_id not in seen:
            seen.add(hit.doc_id)
            rest.append(hit)
    return (first + rest)[:k]


def partner_of(s: SuggestionPublic, direction: str) -> str | None:
    """The other company of a pair: the taker when the asker has the material ("output"),
    the supplier when it needs it ("input")."""
    return s.source_company if direction == "input" else s.target_company


def park_view(tools: ChatTools, viewer: Viewer) -> ParkData | None:
    """The park as the asker may see it; None when no park is imported yet."""
    try:
        return visibility.park_view(tools.park.snapshot(), viewer)
    except NotFound:
        return None


def material_synergies(
    tools: ChatTools, ctx: ConversationState, direction: str, park: ParkData | None
) -> list[SuggestionPublic]:
    """Suggestions for a material the user has (output) or needs (input), on the park as the
    asker may see it (none without a park: the answer rests on the knowledge base alone)."""
    if ctx.material is None or park is None:
        return []
    found = _own_flow_synergies(tools, park, ctx, direction) if ctx.company_id is not None else []
    return visibility.suggestions(found or _virtual_synergies(tools, park, ctx, direction))


def per_unit_figures(synergies: list[SuggestionPublic], ctx: ConversationState) -> bool:
    """The figures are per unit when they rest on a stand-in flow of one unit (no quantity
    said); a company's flow on record gives yearly figures."""
    return ctx.quantity is None and any(
        s.source_flow.id == VIRTUAL_ID or (s.target_flow and s.target_flow.id == VIRTUAL_ID)
        for s in synergies
    )


def _own_flow_synergies(
    tools: ChatTools, park: ParkData, ctx: ConversationState, direction: str
) -> list[Suggestion]:
    assert ctx.material is not None
    flows = [f for f in park.flows if f.company_id == ctx.company_id and f.direction == direction]
    own = [f for f in flows if f.category == ctx.material.category]
    if not own:  # "our sludge" from a dairy whose record has one sludge: that one
        family = ctx.material.category.split(".")[0]
        kin = [f for f in flows if (f.category or "").split(".")[0] == family]
        own = kin if len(kin) == 1 else []
    if not own:
        return []
    park = _as_said(park, own, ctx)
    found = tools.engine.match(park, ctx.company_id)
    flow_ids = {f.id for f in own}
    key = "source_flow" if direction == "output" else "target_flow"
    return [s for s in found if (getattr(s, key) and getattr(s, key).id in flow_ids)]


def _as_said(park: ParkData, own: list[FlowData], ctx: ConversationState) -> ParkData:
    """ "Un ja tās būtu tikai 500 t?": the amount the asker says stands for the one flow on
    record, for this answer only (whatever the record holds, so nothing about it shows)."""
    if ctx.quantity is None or len(own) != 1 or own[0].unit != ctx.unit:
        return park
    said = replace(own[0], quantity=ctx.quantity, band=None)
    return replace(park, flows=[said if f.id == said.id else f for f in park.flows])


def _virtual_synergies(
    tools: ChatTools, park: ParkData, ctx: ConversationState, direction: str
) -> list[Suggestion]:
    assert ctx.material is not None
    taxonomy = tools.taxonomy
    unit = ctx.unit or _unit_of(tools, ctx.material.category)
    quantity = ctx.quantity or 1.0
    asker = CompanyData(
        VIRTUAL_ID, "your company" if ctx.lang != "lv" else "jūsu uzņēmums", "", None, None, False
    )
    flow = FlowData(
        VIRTUAL_ID,
        VIRTUAL_ID,
        direction,
        ctx.material.text,
        quantity,
        unit,
        ctx.material.category,
        1.0,
        ctx.material.ewc_code,
        None,
        taxonomy.is_hazardous(ctx.material.ewc_code, ctx.material.category),
        False,
    )
    virtual = replace(park, companies=[*park.companies, asker], flows=[*park.flows, flow])
    found = tools.engine.match(virtual, VIRTUAL_ID)
    key = "source_flow" if direction == "output" else "target_flow"
    other = "target_flow" if direction == "output" else "source_flow"

    def per_unit_holds(s: Suggestion) -> bool:
        """A figure per unit rests on one unit exchanged: not against a partner's flow in
        another unit (1 t of whey "with" a dairy's m³ came out as the dairy's whole volume)."""
        partner = getattr(s, other)
        return ctx.quantity is not None or partner is None or partner.unit == unit

    # the stand-in speaks for the company the conversation is about: never its own partner
    # (a fish farm asking whether taking heat needs a permit is not offered its own heat need)
    itself = {
        f.id for f in park.flows if ctx.company_id is not None and f.company_id == ctx.company_id
    }

    def not_itself(s: Suggestion) -> bool:
        partner = getattr(s, other)
        return partner is None or partner.id not in itself

    return [
        s
        for s in found
        if (
            getattr(s, key)
            and getattr(s, key).id == VIRTUAL_ID
            and per_unit_holds(s)
            and not_itself(s)
        )
        or (s.kind == "missing_partner" and direction == "output")
    ]


def _unit_of(tools: ChatTools, category: str) -> str:
    found = tools.taxonomy.category(category)
    kind = found.kind if found else "material"
    return {"energy": "MWh/year", "water": "m3/year"}.get(kind, "t/year")
