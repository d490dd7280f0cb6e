"""Small park documents for tests (the import JSON shape)."""

from __future__ import annotations

import copy
from typing import Any

SMALL_PARK: dict[str, Any] = {
    "park": {"name": "Test park", "municipality": "Testa novads"},
    "companies": [
        {
            "name": "SIA Zāģētava",
            "nace": "16.10",
            "lat": 56.95,
            "lon": 24.10,
            "description": "Sawmill",
            "contact_email": "info@saw.example",
            "flows": [
                {
                    "direction": "output",
                    "material": "zāģskaidas",
                    "ewc_code": "03 01 05",
                    "quantity": 2400,
                    "unit": "t/year",
                    "confidential": True,
                },
                {
                    "direction": "output",
                    "material": "plastmasas plēve",
                    "quantity": 12,
                    "unit": "t/year",
                },
            ],
        },
        {
            "name": "SIA Granulas",
            "nace": "16.29",
            "lat": 56.96,
            "lon": 24.12,
            "flows": [
                {"direction": "input", "material": "sawdust", "quantity": 14000, "unit": "t/year"},
            ],
        },
        {
            "name": "Slepenā Rūpnīca",
            "nace": "22.22",
            "confidential": True,
            "description": "Secret plastics plant",
            "flows": [
                {
                    "direction": "input",
                    "material": "plastic film for recycling",
                    "quantity": 300,
                    "unit": "t/year",
                },
            ],
        },
    ],
}


def park(**changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(SMALL_PARK)
    document.update(changes)
    return document
