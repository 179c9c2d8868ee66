"""gamification ledger

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 13:31:43.837584
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import tma_app.core.time


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('gamification_badges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('badge_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('earned_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'badge_id', name='uq_badge_user_badge')
    )
    with op.batch_alter_table('gamification_badges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gamification_badges_user_id'), ['user_id'], unique=False)

    op.create_table('gamification_counters',
    sa.Column('user_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('user_id', 'name')
    )
    op.create_table('gamification_ledger',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('rule_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('occurrence', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('xp', sa.Integer(), nullable=False),
    sa.Column('coins', sa.Integer(), nullable=False),
    sa.Column('badge', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('created_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'rule_id', 'occurrence', name='uq_ledger_user_rule_occurrence')
    )
    with op.batch_alter_table('gamification_ledger', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gamification_ledger_user_id'), ['user_id'], unique=False)

    op.create_table('gamification_profiles',
    sa.Column('user_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('xp', sa.BigInteger(), nullable=False),
    sa.Column('coins', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('user_id')
    )


def downgrade() -> None:
    op.drop_table('gamification_profiles')
    with op.batch_alter_table('gamification_ledger', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gamification_ledger_user_id'))

    op.drop_table('gamification_ledger')
    op.drop_table('gamification_counters')
    with op.batch_alter_table('gamification_badges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gamification_badges_user_id'))

    op.drop_table('gamification_badges')
