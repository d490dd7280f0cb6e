"""Who am I, the users (admins only) and the audit log (admins and facilitators)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from assistant.api.auth_deps import ViewerDep, require_roles
from assistant.api.deps import ServicesDep
from assistant.auth.viewer import Role
from assistant.models.auth import AuditEventPublic, UserPublic

router = APIRouter(prefix="/api", tags=["users"])
AdminOnly = [Depends(require_roles("admin"))]


class Me(BaseModel):
    name: str
    role: str
    company_id: int | None


class UserCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    role: Role
    company: str | None = Field(default=None, max_length=300)
    password: str | None = Field(default=None, max_length=1024)


class IssuedTokenPublic(BaseModel):
    user: UserPublic
    token: str


@router.get("/me", response_model=Me)
def me(viewer: ViewerDep) -> Me:
    return Me(name=viewer.name, role=viewer.role, company_id=viewer.company_id)


@router.get("/users", response_model=list[UserPublic], dependencies=AdminOnly)
def list_users(services: ServicesDep) -> list[UserPublic]:
    return services.auth.list_users()


@router.post("/users", response_model=IssuedTokenPublic, status_code=201, dependencies=AdminOnly)
def create_user(services: ServicesDep, body: UserCreate) -> IssuedTokenPublic:
    """Create a user; the answer holds its API token, shown this once only."""
    issued = services.auth.create_user(body.name, body.role, body.company, body.password)
    return IssuedTokenPublic(user=issued.user, token=issued.token)


@router.delete("/users/{name}/tokens", dependencies=AdminOnly)
def revoke_tokens(services: ServicesDep, name: str) -> dict[str, int]:
    return {"revoked": services.auth.revoke(name)}


@router.get(
    "/audit",
    response_model=list[AuditEventPublic],
    dependencies=[Depends(require_roles("admin", "facilitator"))],
)
def audit_log(
    services: ServicesDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    entity: Annotated[str | None, Query(max_length=32)] = None,
    actor: Annotated[str | None, Query(max_length=250)] = None,
) -> list[AuditEventPublic]:
    """Who changed what, newest first."""
    return services.auth.audit_log(limit, entity, actor)
