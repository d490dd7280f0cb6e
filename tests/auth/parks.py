"""A small park with one confidential flow and one confidential company, and its viewers.

SIA Atklātā Zāģētava (public) has 1234 t/year of sawdust, a CONFIDENTIAL flow, and 300 t/year
of bark; SIA Granulu Fabrika needs 14000 t/year of sawdust, so the sawdust exchange is the
sawmill's hidden 1234 t. Slepenā Siltumnīca is a CONFIDENTIAL company: it needs 4321 MWh/year
of heat that SIA Siltumtīkls has (9000 MWh/year) and has 5678 m3/year of spent substrate
nobody takes. SIA Ārējais Betons is an unrelated company: its user is the outsider.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from assistant.auth.viewer import LOCAL_ADMIN, Viewer
from assistant.composition import Services
from assistant.park.io import validate

SAW, PELLETS, SECRET = "SIA Atklātā Zāģētava", "SIA Granulu Fabrika", "Slepenā Siltumnīca"
HEAT, OUTSIDER = "SIA Siltumtīkls", "SIA Ārējais Betons"
SECRET_WORDS = (SECRET, "Slepenā", "boss@secret.example", "Secret greenhouse", "Slepenā iela")
SAW_NOTES = "Monday buyers"  # the notes of the sawmill's confidential flow
HIDDEN = (1234, 4321, 5678)
PARK: dict[str, Any] = {
    "park": {"name": "Uzticības parks", "municipality": "Testa novads"},
    "companies": [
        {
            "name": SAW,
            "nace": "16.10",
            "municipality": "Testa novads",
            "lat": 56.95,
            "lon": 24.10,
            "contact_email": "info@saw.example",
            "description": "Sawmill",
            "flows": [
                {
                    "direction": "output",
                    "material": "zāģskaidas",
                    "ewc_code": "03 01 05",
                    "quantity": 1234,
                    "unit": "t/year",
                    "confidential": True,
                    "notes": "Sold to the Monday buyers",
                    "availability": "weekly",
                },
                {
                    "direction": "output",
                    "material": "miza",
                    "ewc_code": "03 01 01",
                    "quantity": 300,
                    "unit": "t/year",
                },
            ],
        },
        {
            "name": PELLETS,
            "nace": "16.29",
            "municipality": "Testa novads",
            "lat": 56.95,
            "lon": 24.143,
            "flows": [
                {
                    "direction": "input",
                    "material": "zāģskaidas",
                    "quantity": 14000,
                    "unit": "t/year",
                }
            ],
        },
        {
            "name": SECRET,
            "nace": "01.13",
            "confidential": True,
            "lat": 56.9612,
            "lon": 24.1234,
            "municipality": "Testa novads",
            "description": "Secret greenhouse on Slepenā iela",
            "contact_email": "boss@secret.example",
            "flows": [
                {
                    "direction": "input",
                    "material": "siltums siltumnīcu apsildei",
                    "quantity": 4321,
                    "unit": "MWh/year",
                    "temperature_c": 45,
                },
                {
                    "direction": "output",
                    "material": "izlietots akmens vates substrāts",
                    "quantity": 5678,
                    "unit": "m3/year",
                },
            ],
        },
        {
            "name": HEAT,
            "nace": "35.30",
            "municipality": "Testa novads",
            "lat": 56.94,
            "lon": 24.12,
            "flows": [
                {
                    "direction": "output",
                    "material": "zemas temperatūras siltums no dūmgāzu kondensatora",
                    "quantity": 9000,
                    "unit": "MWh/year",
                    "temperature_c": 50,
                }
            ],
        },
        {
            "name": OUTSIDER,
            "nace": "23.63",
            "municipality": "Kaimiņu novads",
            "lat": 56.90,
            "lon": 24.20,
            "flows": [
                {"direction": "input", "material": "lidpelni", "quantity": 250, "unit": "t/year"}
            ],
        },
    ],
}


@dataclass(frozen=True)
class Viewers:
    ids: dict[str, int]
    admin: Viewer
    facilitator: Viewer
    municipal: Viewer
    outsider: Viewer  # a user of SIA Ārējais Betons
    taker: Viewer  # a user of SIA Granulu Fabrika: the sawdust partner, not its owner
    saw: Viewer  # a user of the sawmill: owns the confidential sawdust flow
    secret: Viewer  # a user of the confidential company

    def blind(self) -> list[Viewer]:
        """Who must see neither the confidential company nor the sawmill's sawdust volume."""
        return [self.municipal, self.outsider, self.taker]

    def full(self) -> list[Viewer]:
        return [self.admin, self.facilitator]


def load(services: Services) -> Viewers:
    services.park.import_document(validate(json.loads(json.dumps(PARK))), viewer=LOCAL_ADMIN)
    ids = {c.id or 0: c.name for c in services.park.snapshot().companies}
    by_name = {name: cid for cid, name in ids.items()}

    def user(name: str) -> Viewer:
        return Viewer(
            name=f"user of {name}", role="company", company_id=by_name[name], user_id=by_name[name]
        )

    return Viewers(
        ids=by_name,
        admin=LOCAL_ADMIN,
        facilitator=Viewer(name="fa", role="facilitator"),
        municipal=Viewer(name="council", role="municipal"),
        outsider=user(OUTSIDER),
        taker=user(PELLETS),
        saw=user(SAW),
        secret=user(SECRET),
    )


def serialized(value: Any) -> str:
    """A model, a list of models or plain data as one JSON text (no ASCII escapes)."""
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json")
    elif isinstance(value, list):
        value = [v.model_dump(mode="json") if hasattr(v, "model_dump") else v for v in value]
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def number_pattern(number: int) -> re.Pattern[str]:
    """1234 written any way: 1234, 1 234, 1,234, 1.234, 1234.0, also as a CSV cell (not
    inside a longer number or a hex id; a separator before it may give a false alarm, never
    a missed leak)."""
    text = str(number)
    head, tail = text[:-3], text[-3:]
    return re.compile(rf"(?<![\w.]){head}[ ,.\u00a0]?{tail}(?![\w]|[.,]\d\d\d)")


def leaks(
    text: str,
    numbers: tuple[int, ...] = HIDDEN,
    words: tuple[str, ...] = (*SECRET_WORDS, SAW_NOTES),
) -> list[str]:
    found = [w for w in words if w in text]
    found += [str(n) for n in numbers if number_pattern(n).search(text)]
    return found
