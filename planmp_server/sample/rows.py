"""Row building blocks shared by the sample data modules."""

from __future__ import annotations

import random
import uuid
from decimal import Decimal
from typing import Any

from planmp_desktop.contract.schema import entity

# Namespace of the ids that stay the same for every seed (units, users, strategy).
SAMPLE_NAMESPACE = uuid.UUID("3f0c2d55-6a1e-4c9b-9a47-1d2f5e8b7c60")


def random_id(rng: random.Random) -> uuid.UUID:
    """Return a version-4 UUID drawn from ``rng``, so a seed gives the same ids."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def stable_id(kind: str, key: str) -> uuid.UUID:
    """Return the version-5 UUID of a fixed object, equal for every seed."""
    return uuid.uuid5(SAMPLE_NAMESPACE, f"{kind}:{key}")


def make_row(entity_name: str, **values: Any) -> dict[str, Any]:
    """Return a row with every field of the entity, None where ``values`` has none.

    Raises KeyError for a value whose name is not a field of the entity.
    """
    names = entity(entity_name).field_names
    row: dict[str, Any] = dict.fromkeys(names)
    for name, value in values.items():
        if name not in row:
            raise KeyError(f"{entity_name} has no field {name!r}")
        row[name] = value
    return row


def centavos_to_money(cents: int) -> Decimal:
    """Return an amount in centavos as a Decimal with two places."""
    return Decimal(cents).scaleb(-2)
