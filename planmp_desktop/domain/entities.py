"""Typed records of the synced reference entities, named as their fields in the entity registry.

Field names match ``contract/schema.py``, so a row dict unpacks into them
(``Unit(**row)``). That registry lists every synced field. Plan items have
no record here because they travel as dicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class Unit:
    """A unidade of the MP: PGJ, subprocuradoria, CAO, procuradoria or promotoria."""

    id: UUID
    code: str
    name: str
    kind: str | None = None
    parent_id: UUID | None = None
    comarca: str | None = None
    uo: str | None = None


@dataclass(frozen=True)
class User:
    """A PlanMP user; ``id`` is the Entra ID object id."""

    id: UUID
    username: str
    name: str
    profile: str | None = None
    home_unit_id: UUID | None = None
    active: bool = True


@dataclass(frozen=True)
class StrategicCycle:
    """A multi-year ciclo estratégico with its mission, vision and values."""

    id: UUID
    name: str
    start_year: int
    end_year: int
    mission: str | None = None
    vision: str | None = None
    values: str | None = None


@dataclass(frozen=True)
class Perspective:
    """A perspectiva grouping strategic objectives."""

    id: UUID
    cycle_id: UUID
    name: str
    position: int | None = None


@dataclass(frozen=True)
class Objective:
    """An objetivo estratégico."""

    id: UUID
    perspective_id: UUID
    code: str
    name: str
    description: str | None = None


@dataclass(frozen=True)
class StrategicAction:
    """An ação estratégica; ``progress`` is the roll-up of its Planejada initiatives."""

    id: UUID
    objective_id: UUID
    code: str
    name: str
    weight: Decimal | None = None
    progress: Decimal | None = None


@dataclass(frozen=True)
class AnnualPlan:
    """A Plano de Ação Anual (PAA) of one year."""

    id: UUID
    cycle_id: UUID
    year: int
    name: str
    approval_state: str | None = None


@dataclass(frozen=True)
class Indicator:
    """An indicador with its formula, frequency, baseline and polarity."""

    id: UUID
    name: str
    objective_id: UUID | None = None
    formula: str | None = None
    measure_unit: str | None = None
    frequency: str | None = None
    baseline: Decimal | None = None
    baseline_date: date | None = None
    polarity: str | None = None
    indicator_type: str | None = None


@dataclass(frozen=True)
class Goal:
    """A meta: the target value of an indicator for one period."""

    id: UUID
    indicator_id: UUID
    period: str
    target: Decimal


@dataclass(frozen=True)
class Measurement:
    """A medição of an indicator."""

    id: UUID
    indicator_id: UUID
    measured_on: date
    value: Decimal
    author: str | None = None
    comment: str | None = None


@dataclass(frozen=True)
class AuditEvent:
    """One entry of the audit trail; ``changes`` maps each field to its [old, new] values."""

    id: UUID
    at: datetime
    entity: str
    row_id: UUID
    action: str
    user_id: UUID | None = None
    user_name: str | None = None
    actor_unit_id: UUID | None = None
    unit_id: UUID | None = None
    row_label: str | None = None
    changes: dict[str, Any] | None = None
    comment: str | None = None
    mutation_id: UUID | None = None
    device_id: str | None = None
