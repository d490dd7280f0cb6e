"""Extractive evidence: the sentences of a passage that answer the question."""

from __future__ import annotations

import re

from assistant.text.normalize import concepts, fold, tokenize

_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZĀČĒĢĪĶĻŅŠŪŽ0-9\"(])|\n+")
MAX_SENTENCE = 420
# Questions about results, amounts, dates and durations want the sentences that carry figures.
_RESULT_CUES = re.compile(
    r"\b(result|achiev|outcome|worth|how much|how many|impact|sav|came out|come of|yield|"
    r"when|since|how long|start|began|begin|deadline|"
    r"rezultat|panac|ieguv|cik|ietaup|efekt|kad\b|kops|sakum|termin)"
)


_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Nr|No|Art|p|lpp|g|pl|e\.g|i\.e|St|etc|vs|Reg|Dir|OJ|OV|"
    r"sk|t\.sk|u\.c|piem)\.|\b\d{1,2}\.)$",
    re.IGNORECASE,
)


def _pieces(text: str) -> list[str]:
    """Split at sentence ends, but not after abbreviations like 'Nr.' or ordinals like '26.'."""
    merged: list[str] = []
    for piece in _SPLIT.split(text):
        if merged and _ABBREVIATIONS.search(merged[-1]) and "\n" not in merged[-1][-1:]:
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


_ITEM = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)]|\([a-z0-9]\))\s+")


def _join_lists(text: str) -> str:
    """A line ending with ':' and the list items under it become one sentence."""
    out: list[str] = []
    for line in text.splitlines():
        if _ITEM.match(line) and out and (out[-1].rstrip().endswith(":") or out[-1].endswith(";")):
            out[-1] = f"{out[-1].rstrip()} {_ITEM.sub('', line).strip()}"
            if not out[-1].endswith((".", ";", ":")):
                out[-1] += ";"
        else:
            out.append(line)
    return "\n".join(line.rstrip(";") + ("." if line.endswith(";") else "") for line in out)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _tables(text: str) -> str:
    """Markdown table rows become self-contained lines: 'Year: 2026; Rate: €130'."""
    lines = text.splitlines()
    out: list[str] = []
    header: list[str] | None = None
    for i, line in enumerate(lines):
        is_row = line.strip().startswith("|")
        if not is_row:
            header = None
            out.append(line)
            continue
        cells = _cells(line)
        if all(set(c) <= set("-: ") for c in cells):
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if header is None and set(following.replace("|", "").strip()) <= set("-: ") and following:
            header = cells
            continue
        pairs = [f"{h}: {c}" if h else c for h, c in zip(header or [], cells, strict=False)]
        out.append("; ".join(pairs or cells))
    return "\n".join(out)


def sentences(text: str) -> list[str]:
    found = []
    for raw in _pieces(_join_lists(_tables(text))):
        line = raw.strip().lstrip("-*• ").strip()
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if all(set(c) <= set("-: ") for c in cells):
                continue
            line = " – ".join(c for c in cells if c)
        line = re.sub(r"\*\*|__|`", "", line)
        if len(line) >= 20 and not line.endswith(":"):
            limit = MAX_SENTENCE * 2 if ": " in line else MAX_SENTENCE
            found.append(line[:limit] + ("…" if len(line) > limit else ""))
    return found


def words_shared(wanted: list[set[str]], text: str) -> int:
    """How many of a question's words (`concepts`, each as its set of forms) the text holds."""
    present = set(tokenize(text, drop_stopwords=False))
    return sum(1 for forms in wanted if forms & present)


def best_sentences(text: str, question: str, limit: int = 2) -> list[str]:
    """The passage's sentences with the most question words, kept in their original order."""
    wanted = [set(c) for c in concepts(question)]
    figures = set(re.findall(r"\b\d{2,}\b", question))
    wants_figures = bool(_RESULT_CUES.search(fold(question)))
    asks = asks_for_figure(question)
    scored = []
    for position, sentence in enumerate(sentences(text)):
        score = words_shared(wanted, sentence)
        score += 2 * sum(1 for f in figures if re.search(rf"\b{f}\b", sentence))
        if wants_figures and re.search(r"\d", sentence):
            score += 1
        if asks and answers_figure(question, sentence):  # an amount, not a date or an act's No.
            score += 1
        scored.append((score, position, sentence))
    top = sorted(scored, key=lambda s: (-s[0], s[1]))[:limit]
    if not top:
        return []
    if top[0][0] == 0:
        return [top[0][2]]  # the passage was retrieved for the question; keep its opening
    return [sentence for score, _, sentence in sorted(top, key=lambda s: s[1]) if score > 0]


_ASKS_FIGURE = re.compile(
    r"\b(how much|how many|how long|how big|how large|cik|"
    r"what (does|did|do|would|will) (\w+ ){0,4}cost|what (is|was|are|were) the (price|cost|rate)|"
    r"kada (ir |bija )?(cena|likme)|kadas (ir |bija )?izmaksas)\b"
)
_FIGURE = re.compile(
    r"(?:€\s?\d|\d(?:[\d\u00a0 .,]*\d)?\s?(%|€|eur\w*|t\b|tonn\w*|tons?\b|mwh|gwh|kwh|mw\b|"
    r"km\b|m3|m³|ha\b|"
    r"(?:working |calendar |darba |kalendar\w* )?(?:days?\b|dien\w*|weeks?\b|nedel\w*)|"
    r"months?\b|menes\w*|years?\b|gad\w*|"
    r"uznemum\w*|compan\w*|partner\w*|smes?\b|firms?\b|miljon\w*|milj\b|million\w*|thousand|tukst\w*|"
    r"cilvek\w*|people|employ\w*|darbiniek\w*|p\b|pence))"
)
_YEAR = re.compile(r"^(19|20)\d\d$")


_ASKS_COST = re.compile(
    r"\b(cost\w*|price\w*|spend\w*|budget\w*|pay\w*|worth|invest\w*|izmaks\w*|maksa\w*|cen(?:a|u|as|ai|am|os)|"
    r"ieguld\w*|tax\w*|fees?|rates?|tarif\w*|nodokl\w*|nodokli|likm\w*|"
    r"budzet\w*|naud\w*)\b"
)
_CURRENCY = (
    r"(?:€|£|\$|eur\w*|eiro|gbp|usd|pounds?\b|marcin\w*|pence|pensi\w*|p\b|"
    r"dolar\w*|dollars?\b|dkk|kron\w*)"
)
_MONEY = re.compile(
    rf"(?:(?:[€£$]|\b(?:eur|gbp|usd|dkk|sek|nok))\s?\d|\d(?:[\d\u00a0 .,]*\d)?\s?(?:{_CURRENCY}|"
    rf"(?:milj\w*|million\w*|billion\w*|mljrd\w*|miljard\w*|tukst\w*|thousand)\.?\s+{_CURRENCY}))"
)


_PER_UNIT = re.compile(
    r"\b(per|a|par|uz)\s+(vienu\s+)?(t|tonn\w*|tons?|mwh|m3|unit\w*|vienib\w*)\b|/\s?(t|mwh|m3)\b"
)


def asks_for_figure(question: str) -> bool:
    return _ASKS_FIGURE.search(fold(question)) is not None


def answers_figure(question: str, sentence: str) -> bool:
    """The sentence holds the kind of figure asked for: a cost or price in money when the
    question asks what something costs, any amount otherwise."""
    if _ASKS_COST.search(fold(question)):  # a price or a cost, not a saving or a turnover
        said = fold(sentence)
        priced = _ASKS_COST.search(said) or _PER_UNIT.search(said)  # "€130 per tonne"
        return _MONEY.search(said) is not None and priced is not None
    return has_figure(sentence)


# "has it been adopted yet?", "is it in force now?", "vai tas jau ir pieņemts?", "vai projekts
# jau stājies spēkā?": whether a measure has become law since the knowledge base recorded it
_STATUS = r"(adopted|in force|into force|enacted|pienemt\w*|apstiprinat\w*|staj\w* speka|speka)"
_ASKS_STATUS = re.compile(
    rf"\b(has|have|is|was|were|are|vai)\b.*\b{_STATUS}\b|\b{_STATUS}\b.*\b(yet|already|jau)\b"
)
_STATES_STATUS = re.compile(rf"\b{_STATUS}\b")
_UNKNOWN_STATUS = re.compile(
    r"\b(whether|not (been )?(checked|known|adopted)|nav (zinams|parbaudit\w*))\b"
)
_DATE = re.compile(r"\b(19|20)\d\d\b")


def asks_status(question: str) -> bool:
    return _ASKS_STATUS.search(fold(question)) is not None


def states_status(sentence: str) -> bool:
    """The sentence says when a measure was adopted or entered into force (a date with the
    word), not that nobody checked whether it was."""
    said = fold(sentence)
    return bool(
        _STATES_STATUS.search(said) and _DATE.search(said) and not _UNKNOWN_STATUS.search(said)
    )


def has_figure(sentence: str) -> bool:
    """An amount with its unit, a price or a share — a year ("2028. gadā") or an article
    number is not a figure."""
    for match in _FIGURE.finditer(fold(sentence)):
        number = re.sub(r"\D", "", match.group(0))
        unit = match.group(1) or ""
        if _YEAR.match(number) and (unit.startswith(("gad", "year")) or not unit):
            continue
        return True
    return False


def years_in(text: str) -> set[str]:
    return set(re.findall(r"\b(?:19|20)\d\d\b", text))
