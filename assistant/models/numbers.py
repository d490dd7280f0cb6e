"""Finite numbers only: what every float a request, a file or an option carries must be.

Python reads `1e309` in JSON as infinity and accepts the literals `NaN` and `Infinity`;
`float()` reads "inf" and "nan" from CSV cells and command-line options. None of them is an
amount. Every float field of a model that takes input is `FiniteFloat`, so such values are
refused where they enter: a 422 in the one JSON error shape over HTTP, a message and exit code
2 from the CLI, the line number from an import. The bound (|x| ≤ 10¹²) also keeps what is
computed from the inputs (€ = tonnes × price, sums over a park) finite.

Behind that, `_refuse_non_finite` checks every float column of every row SQLAlchemy is about to
insert or update: whatever computed a value, no stored row ever holds inf or NaN, so no export
writes `Infinity` and no report fails on one.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import AfterValidator, AllowInfNan
from sqlalchemy import Float, event
from sqlalchemy.orm import Mapper
from sqlmodel import SQLModel

from assistant.errors import InvalidInput

LIMIT = 1e12  # t, MWh, m³ or € a year: far above any plant, far below overflow


def _within_limit(value: float) -> float:
    if abs(value) > LIMIT:
        raise ValueError(f"the number must be between -{LIMIT:g} and {LIMIT:g}")
    return value


FiniteFloat = Annotated[float, AllowInfNan(False), AfterValidator(_within_limit)]


@event.listens_for(SQLModel, "before_insert", propagate=True)
@event.listens_for(SQLModel, "before_update", propagate=True)
def _refuse_non_finite(mapper: Mapper[Any], _connection: Any, target: Any) -> None:
    for column in mapper.columns:
        if not isinstance(column.type, Float):
            continue
        value = getattr(target, mapper.get_property_by_column(column).key, None)
        if isinstance(value, float) and not math.isfinite(value):
            table = mapper.local_table.name  # type: ignore[attr-defined]
            raise InvalidInput(
                f"{table}.{column.name} would be {value}: only finite numbers are stored",
                {"field": column.name},
            )
