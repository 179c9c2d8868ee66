"""streaks (with the user's timezone) and per-day counts for daily tasks

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26 14:09:55.867928
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import tma_app.core.time


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('gamification_daily_counts',
    sa.Column('user_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('user_id', 'day', 'name')
    )
    op.create_table('gamification_streaks',
    sa.Column('user_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('timezone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('current', sa.Integer(), nullable=False),
    sa.Column('longest', sa.Integer(), nullable=False),
    sa.Column('last_active_on', sa.Date(), nullable=True),
    sa.Column('freezes', sa.Integer(), nullable=False),
    sa.Column('updated_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('user_id')
    )


def downgrade() -> None:
    op.drop_table('gamification_streaks')
    op.drop_table('gamification_daily_counts')
