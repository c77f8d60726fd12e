"""The audit trail (全纪实): one append-only record for every mutation, accepted or refused."""

from domain.audit.service import Caller, audited, diff, note

__all__ = ["Caller", "audited", "diff", "note"]
