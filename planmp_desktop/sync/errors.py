"""Sync failures, each with the state the status bar shows and a pt-BR message."""

from __future__ import annotations

from enum import StrEnum


class FailureKind(StrEnum):
    OFFLINE = "offline"
    SIGN_IN_NEEDED = "sign_in_needed"
    SERVER_ERROR = "server_error"
    BATCH_REJECTED = "batch_rejected"
    BUSY = "busy"
    INCOMPATIBLE = "incompatible"
    LOCAL_STORE = "local_store"  # the local SQLite file: locked elsewhere, read-only or on a full disk


class SyncError(Exception):
    """A sync that could not finish; ``message`` is shown to the user in pt-BR.

    ``status`` is the HTTP status code when the server answered.
    """

    def __init__(
        self, kind: FailureKind, message: str, detail: str | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.detail = detail
        self.status = status
