"""Outreach drafts: emails, letters and call scripts to companies, in Latvian or English,
grounded in the synergy engine's business case, saved, versioned and exportable."""

from assistant.outreach.service import OutreachService, check_options

__all__ = ["OutreachService", "check_options"]
