"""Index plan items by plan and code, which the push reads to refuse a code another item has.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 08:50:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.create_index("ix_plan_item_plan_code", ["plan_id", "code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_item_plan_code")
