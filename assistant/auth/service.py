"""Users, API tokens and web sessions: creation, sign-in, checks and revocation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from assistant.auth import passwords
from assistant.auth.secrets import digest, new_secret, new_token
from assistant.auth.viewer import ROLES, Viewer
from assistant.clock import utcnow
from assistant.db import session_scope
from assistant.errors import Conflict, InvalidInput, NotFound, Unauthorized
from assistant.models.auth import (
    ApiToken,
    AuditEvent,
    AuditEventPublic,
    User,
    UserPublic,
    WebSession,
)
from assistant.models.park import Company, name_key

TOUCH_EVERY = timedelta(minutes=5)  # how stale a token's `last_used_at` may get


@dataclass(frozen=True)
class IssuedToken:
    user: UserPublic
    token: str


@dataclass(frozen=True)
class SignedIn:
    viewer: Viewer
    session_id: str
    csrf_token: str


class AuthService:
    def __init__(self, engine: Engine, session_hours: float = 12.0) -> None:
        self._engine = engine
        self._session_life = timedelta(hours=session_hours)

    # ---- users ---------------------------------------------------------------------------
    def create_user(
        self, name: str, role: str, company: str | None = None, password: str | None = None
    ) -> IssuedToken:
        name = _clean_name(name)
        if role not in ROLES:
            raise InvalidInput(f"unknown role {role!r} (use one of {', '.join(ROLES)})")
        if (role == "company") != bool(company):
            raise InvalidInput("a company user needs --company, and only a company user has one")
        hashed = passwords.hash_password(password) if password else None
        token = new_token()
        with session_scope(self._engine) as session:
            if _user_by_name(session, name) is not None:
                raise Conflict(f"a user named {name!r} already exists")
            company_id = _company_id(session, company) if company else None
            user = User(name=name, role=role, company_id=company_id, password_hash=hashed)
            session.add(user)
            session.flush()
            session.add(ApiToken(user_id=user.id or 0, digest=digest(token), prefix=token[:12]))
            session.flush()
            public = _public(session, user)
        return IssuedToken(public, token)

    def issue_token(self, name: str, label: str = "") -> IssuedToken:
        token = new_token()
        with session_scope(self._engine) as session:
            user = _existing(session, name)
            session.add(
                ApiToken(user_id=user.id or 0, digest=digest(token), prefix=token[:12], label=label)
            )
            session.flush()
            public = _public(session, user)
        return IssuedToken(public, token)

    def set_password(self, name: str, password: str) -> None:
        hashed = passwords.hash_password(password)
        with session_scope(self._engine) as session:
            user = _existing(session, name)
            user.password_hash, user.updated_at = hashed, utcnow()
            session.add(user)

    def list_users(self) -> list[UserPublic]:
        with Session(self._engine) as session:
            users = session.exec(select(User).order_by(col(User.id))).all()
            return [_public(session, user) for user in users]

    def has_users(self) -> bool:
        with Session(self._engine) as session:
            return session.exec(select(User.id).limit(1)).first() is not None

    def revoke(self, name: str, token_prefix: str | None = None, disable: bool = False) -> int:
        """Revoke the user's tokens (or the one starting with `token_prefix`) and end their web
        sessions; `disable` also refuses their password. Returns the tokens revoked."""
        with session_scope(self._engine) as session:
            user = _existing(session, name)
            query = select(ApiToken).where(
                ApiToken.user_id == user.id, col(ApiToken.revoked_at).is_(None)
            )
            tokens = [
                t
                for t in session.exec(query)
                if token_prefix is None or t.prefix.startswith(token_prefix)
            ]
            if token_prefix is not None and not tokens:
                raise NotFound(f"{name} has no active token starting with {token_prefix!r}")
            for token in tokens:
                token.revoked_at = utcnow()
                session.add(token)
            for web in session.exec(select(WebSession).where(WebSession.user_id == user.id)):
                session.delete(web)
            if disable:
                user.disabled, user.updated_at = True, utcnow()
                session.add(user)
        return len(tokens)

    # ---- checks --------------------------------------------------------------------------
    def viewer_for_token(self, token: str) -> Viewer:
        with Session(self._engine) as session:
            row = session.exec(
                select(ApiToken, User).join(User).where(ApiToken.digest == digest(token))
            ).first()
            if row is None or row[0].revoked_at is not None or row[1].disabled:
                raise Unauthorized("the API token is not valid (unknown or revoked)")
            found, user = row
            viewer = _viewer(user)
            last = found.last_used_at
            stale = last is None or utcnow() - _aware(last) > TOUCH_EVERY
        if stale:
            self._touch(found.id or 0)
        return viewer

    def _touch(self, token_id: int) -> None:
        with session_scope(self._engine) as session:
            token = session.get(ApiToken, token_id)
            if token is not None:
                token.last_used_at = utcnow()
                session.add(token)

    # ---- web sessions --------------------------------------------------------------------
    def sign_in(self, name: str, password: str) -> SignedIn:
        with session_scope(self._engine) as session:
            user = _user_by_name(session, name.strip())
            ok = passwords.verify_password(user.password_hash if user else None, password)
            if user is None or not ok or user.disabled:
                raise Unauthorized("wrong name or password")
            session_id, csrf = new_secret(), new_secret()
            session.add(
                WebSession(
                    user_id=user.id or 0,
                    digest=digest(session_id),
                    csrf_token=csrf,
                    expires_at=utcnow() + self._session_life,
                )
            )
            return SignedIn(_viewer(user), session_id, csrf)

    def session(self, session_id: str) -> tuple[Viewer, str]:
        """The viewer of a web session and its CSRF token."""
        with Session(self._engine) as session:
            row = session.exec(
                select(WebSession, User).join(User).where(WebSession.digest == digest(session_id))
            ).first()
            if row is None or _aware(row[0].expires_at) < utcnow() or row[1].disabled:
                raise Unauthorized("the session has ended: sign in again")
            return _viewer(row[1]), row[0].csrf_token

    def sign_out(self, session_id: str) -> None:
        with session_scope(self._engine) as session:
            for web in session.exec(
                select(WebSession).where(WebSession.digest == digest(session_id))
            ):
                session.delete(web)

    # ---- audit log -----------------------------------------------------------------------
    def audit_log(
        self, limit: int = 100, entity: str | None = None, actor: str | None = None
    ) -> list[AuditEventPublic]:
        query = select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(limit)
        if entity:
            query = query.where(AuditEvent.entity == entity)
        if actor:
            query = query.where(AuditEvent.actor == actor)
        with Session(self._engine) as session:
            return [AuditEventPublic.model_validate(e.model_dump()) for e in session.exec(query)]


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > 200:
        raise InvalidInput("a user name needs 1 to 200 characters")
    return cleaned


def _user_by_name(session: Session, name: str) -> User | None:
    return session.exec(select(User).where(User.name == name)).first()


def _existing(session: Session, name: str) -> User:
    user = _user_by_name(session, name)
    if user is None:
        raise NotFound(f"no user named {name!r}")
    return user


def _company_id(session: Session, name: str) -> int:
    company = session.exec(
        select(Company).where(Company.name_key == name_key(name)).order_by(col(Company.id))
    ).first()
    if company is None or company.id is None:
        raise NotFound(f"no company named {name!r} in the park (import the park first)")
    return company.id


def _public(session: Session, user: User) -> UserPublic:
    company = session.get(Company, user.company_id) if user.company_id else None
    tokens = session.exec(
        select(func.count())
        .select_from(ApiToken)
        .where(ApiToken.user_id == user.id, col(ApiToken.revoked_at).is_(None))
    ).one()
    return UserPublic(
        id=user.id or 0,
        name=user.name,
        role=user.role,
        company_id=user.company_id,
        company=company.name if company else None,
        disabled=user.disabled,
        has_password=user.password_hash is not None,
        tokens=int(tokens),
        created_at=user.created_at,
    )


def _viewer(user: User) -> Viewer:
    return Viewer(
        name=user.name,
        role=user.role,  # type: ignore[arg-type]
        company_id=user.company_id if user.role == "company" else None,
        user_id=user.id,
    )


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
