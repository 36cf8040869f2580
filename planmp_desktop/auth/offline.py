"""The last signed-in user, kept in a small JSON file so the app can open offline and show who works."""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

logger = logging.getLogger(__name__)

OFFLINE_IDENTITY_FILE = "offline-identity.json"


class SignedInUser(Protocol):
    """Sign-in result fields that save() reads, as TokenResult has them."""

    oid: str
    account_username: str
    name: str
    roles: list[str]


@dataclass(frozen=True)
class OfflineIdentity:
    """Identity of the user who last signed in, with the time of saving (Unix seconds).

    NOTE: the file is neither signed nor encrypted, so its roles only shape the
    offline screens. The API checks the roles of the access token on every sync.
    """

    oid: str
    username: str
    name: str
    roles: tuple[str, ...]
    saved_at: float


class OfflineIdentityStore:
    """Reads and writes the offline identity file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def beside(cls, cache_path: Path) -> OfflineIdentityStore:
        """Return the store whose file sits in the token cache's folder."""
        return cls(cache_path.with_name(OFFLINE_IDENTITY_FILE))

    def save(self, result: SignedInUser) -> OfflineIdentity:
        identity = OfflineIdentity(
            oid=result.oid,
            username=result.account_username,
            name=result.name,
            roles=tuple(result.roles),
            saved_at=time.time(),
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Write a temporary file and rename it, so a crash never leaves half a file.
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps(asdict(identity), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(temporary, self.path)
        return identity

    def load(self) -> OfflineIdentity | None:
        """Return the saved identity, or None when there is none or the file is unreadable."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return OfflineIdentity(
                oid=str(data["oid"]),
                username=str(data["username"]),
                name=str(data["name"]),
                roles=tuple(str(role) for role in data["roles"]),
                saved_at=float(data["saved_at"]),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as error:
            logger.warning("Ignoring unreadable offline identity file %s: %s", self.path, error)
            return None

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
