"""analytics events: one row per event, keyed by its UUID (exactly-once inserts)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-26 14:13:04.075942
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import tma_app.core.time


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('analytics_events',
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=True),
    sa.Column('anonymous_id', sa.Uuid(), nullable=True),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('route', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('props', sa.JSON(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('occurred_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.Column('clock_offset_ms', sa.BigInteger(), nullable=False),
    sa.Column('received_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )
    with op.batch_alter_table('analytics_events', schema=None) as batch_op:
        batch_op.create_index('ix_analytics_events_category_action_occurred_at', ['category', 'action', 'occurred_at'], unique=False)
        batch_op.create_index('ix_analytics_events_occurred_at', ['occurred_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('analytics_events', schema=None) as batch_op:
        batch_op.drop_index('ix_analytics_events_occurred_at')
        batch_op.drop_index('ix_analytics_events_category_action_occurred_at')

    op.drop_table('analytics_events')
