"""Each server's preferred price currency (`/settings currency`).

Revision ID: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("server_settings") as table:
        table.add_column(sa.Column("currency", sa.String(4), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("server_settings") as table:
        table.drop_column("currency")
