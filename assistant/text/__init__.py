"""Shared text helpers for Latvian and English output.

- `agreement`: a number meets a noun (`count(21, "uzņēmums")` → "21 uzņēmums").
- `formatting`: numbers, money, percentages, units and dates per language.
- `labels`: the one place every enum value gets its Latvian and English label.
- `never`: finds what must never appear in Latvian output (English enums, slugs, `t/year`,
  decimal points) and Latvian words leaking into English output.
"""

from assistant.text.agreement import count, noun_form, singular_agreement
from assistant.text.formatting import date_text, money, number, percent, quantity, unit
from assistant.text.labels import label, labels

__all__ = [
    "count",
    "date_text",
    "label",
    "labels",
    "money",
    "noun_form",
    "number",
    "percent",
    "quantity",
    "singular_agreement",
    "unit",
]
