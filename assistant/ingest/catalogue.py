"""The documents of the knowledge base, as the API and the dashboard list them."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from assistant.models import Document


def documents(engine: Engine) -> list[Document]:
    with Session(engine) as session:
        return list(session.exec(select(Document).order_by(col(Document.doc_id))).all())
