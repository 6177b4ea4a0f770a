"""Each running bot process and what it serves, for `/status`.

Revision ID: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "processes",
        sa.Column("process_id", sa.String(120), primary_key=True),
        sa.Column("shards", sa.String(200), nullable=False),
        sa.Column("guilds", sa.Integer(), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("catalog", sa.String(200), nullable=False),
        sa.Column("catalog_sha256", sa.String(64), nullable=True),
        sa.Column("rss_mb", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("processes")
