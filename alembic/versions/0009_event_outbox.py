"""durable event outbox; the level a user was last congratulated on

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import tma_app.core.time


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('event_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consumer', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('occurred_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('available_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('consumer', 'event_id', name='uq_outbox_consumer_event')
    )
    with op.batch_alter_table('event_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_outbox_consumer'), ['consumer'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_outbox_available_at'), ['available_at'], unique=False)
    with op.batch_alter_table('gamification_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('celebrated_level', sa.Integer(), nullable=False, server_default='1'))


def downgrade() -> None:
    with op.batch_alter_table('gamification_profiles', schema=None) as batch_op:
        batch_op.drop_column('celebrated_level')
    with op.batch_alter_table('event_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_outbox_available_at'))
        batch_op.drop_index(batch_op.f('ix_event_outbox_consumer'))
    op.drop_table('event_outbox')
