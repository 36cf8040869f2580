"""Add the merge log and the unit a row left when it moved (change_log.prev_unit_id).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 21:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "merge_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mutation_id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.Text(), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.Text(), nullable=False),
        sa.Column("base", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("local", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("server", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("merge_log", schema=None) as batch_op:
        batch_op.create_index("ix_merge_log_row_id", ["row_id"], unique=False)

    # ADD COLUMN needs no table copy on SQLite, so change_log keeps its AUTOINCREMENT.
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_unit_id", sa.Uuid(), nullable=True))
        batch_op.create_index("ix_change_log_prev_unit_seq", ["prev_unit_id", "seq"], unique=False)


def downgrade() -> None:
    # Dropping a column copies the table on SQLite; the copy must keep AUTOINCREMENT.
    with op.batch_alter_table("change_log", schema=None, table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.drop_index("ix_change_log_prev_unit_seq")
        batch_op.drop_column("prev_unit_id")

    with op.batch_alter_table("merge_log", schema=None) as batch_op:
        batch_op.drop_index("ix_merge_log_row_id")
    op.drop_table("merge_log")
