"""Operations: backup and restore of everything that is not derived."""

from assistant.ops.backup import BackupSummary, backup, restore

__all__ = ["BackupSummary", "backup", "restore"]
