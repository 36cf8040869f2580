"""New row and mutation ids that grow with time, so databases append them to their indexes."""

from __future__ import annotations

import os
import time
import uuid

_VERSION_MASK = 0xF << 76
_VARIANT_MASK = 0x3 << 62


def time_ordered_uuid() -> uuid.UUID:
    """Return a new UUID in the UUIDv7 layout: 48 bits of Unix time in milliseconds, then 74 random bits.

    Ids made one after another sort one after another, so the server's
    primary key indexes (applied_mutation, audit_event) take them at their
    end. Random ids land on random pages, so each commit of a large push
    rewrites pages all over those indexes.
    """
    milliseconds = time.time_ns() // 1_000_000
    value = (milliseconds & 0xFFFF_FFFF_FFFF) << 80 | int.from_bytes(os.urandom(10), "big")
    value = (value & ~_VERSION_MASK) | 0x7 << 76
    value = (value & ~_VARIANT_MASK) | 0x2 << 62
    return uuid.UUID(int=value)
