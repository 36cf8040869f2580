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


def time_ordered_id_texts(count: int) -> list[str]:
    """Return ``count`` ids in the layout of :func:`time_ordered_uuid` as canonical text, in ascending order.

    For bulk writes: they share one millisecond, so sorting their random
    parts keeps them in order among themselves and after earlier ids. Making
    the text here skips a ``uuid.UUID`` object per id.
    """
    milliseconds = f"{time.time_ns() // 1_000_000 & 0xFFFF_FFFF_FFFF:012x}"
    head = f"{milliseconds[:8]}-{milliseconds[8:]}-7"
    digits = os.urandom(10 * count).hex()
    texts = []
    for start in range(0, 20 * count, 20):
        part = digits[start : start + 20]
        # 12 random bits after the version digit, then the variant 10xx with 2 random bits and 60 more.
        variant = "89ab"[int(part[3], 16) & 3]
        texts.append(f"{head}{part[:3]}-{variant}{part[4:7]}-{part[7:19]}")
    texts.sort()
    return texts
