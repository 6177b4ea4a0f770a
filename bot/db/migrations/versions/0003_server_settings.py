"""Per-server settings chosen with `/settings`.

Revision ID: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "server_settings",
        sa.Column("guild_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("prefix", sa.String(5), nullable=True),
        sa.Column("inline_cards", sa.Boolean(), nullable=True),
        sa.Column("channel_mode", sa.String(10), nullable=True),
        sa.Column("channels", sa.Text(), nullable=True),
        sa.Column("replies", sa.Boolean(), nullable=True),
        sa.Column("compare_image", sa.Boolean(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("server_settings")
