"""The viewer: who a request acts for, and what that role may see and change.

A confidential company or flow is shown in full only to its own company's users, to
facilitators and to admins; everyone else gets it anonymised (see `assistant.park.visibility`).
Services take a `Viewer` and default to `ANONYMISED`, so a caller that forgets to pass one
can never see more than an outsider.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["admin", "facilitator", "municipal", "company"]
ROLES: tuple[Role, ...] = ("admin", "facilitator", "municipal", "company")
STAFF: tuple[Role, ...] = ("admin", "facilitator")  # see everything, run the workspace


@dataclass(frozen=True)
class Viewer:
    name: str
    role: Role
    company_id: int | None = None  # set for (and only for) company users
    user_id: int | None = None

    @property
    def is_staff(self) -> bool:
        """Admins and facilitators: they see everything and run the facilitator's workspace."""
        return self.role in STAFF

    def sees_confidential_of(self, company_id: int | None) -> bool:
        """May this viewer see the named company's confidential data in full?"""
        if self.is_staff:
            return True
        return self.role == "company" and company_id is not None and company_id == self.company_id

    def may_edit_company(self, company_id: int | None) -> bool:
        return self.sees_confidential_of(company_id) and self.role != "municipal"

    @property
    def actor(self) -> str:
        """How the audit log names this viewer."""
        return f"{self.role}:{self.name}"

    @property
    def owner_key(self) -> str:
        """Whose conversations these are: a user by id (names may be reused), else the role."""
        return f"user:{self.user_id}" if self.user_id is not None else self.actor

    def may_read_owned_by(self, owner: str | None) -> bool:
        """Conversations are private to their owner; staff may read every one."""
        return self.is_staff or owner == self.owner_key


LOCAL_ADMIN = Viewer(name="local-admin", role="admin")  # the CLI on the server's own machine
ANONYMISED = Viewer(name="anonymous", role="municipal")  # least privilege: sees no secrets
