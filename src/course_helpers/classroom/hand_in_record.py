"""A hand-in as the service keeps it, and the size limit: plain values shared by the service and the client.

Standard library only, so a learner's kernel (the `[lab]` profile, no SQLAlchemy) can read receipts
and the instructor's `submissions` verb can list them without the hub's storage stack.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

DEFAULT_MAX_BYTES = 5_000_000
"""Largest submission accepted (5 MB: a learner who answered every question of every lesson many times
writes well under 1 MB; the same as `records.submission.MAX_SUBMISSION_BYTES`, which a test pins)."""
DEFAULT_QUOTA_BYTES = 50_000_000
"""Most bytes one learner may keep in the store, all versions together (ten hand-ins at the size limit)."""
DEFAULT_RATE = 10
"""Hand-ins one learner may make in a minute (a learner clicking Submit again and again stays far below)."""



@dataclass(frozen=True)
class StoredSubmission:
    """A submission as the service stored it (`raw` is the JSON text exactly as the learner sent it)."""

    id: int
    hub_user: str
    version: int
    received_at: datetime
    claimed_learner: str | None
    claimed_exported_at: str | None
    size_bytes: int
    sha256: str
    raw: str

    def receipt(self) -> dict[str, object]:
        """What the service tells the learner and lists for the instructor (everything but the payload)."""
        return {
            "id": self.id,
            "hub_user": self.hub_user,
            "version": self.version,
            "received_at": self.received_at.isoformat(),
            "claims": {"learner": self.claimed_learner, "exported_at": self.claimed_exported_at},
            "size_bytes": self.size_bytes,
            "sha256": self.sha256,
        }
