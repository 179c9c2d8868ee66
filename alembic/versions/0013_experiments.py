"""experiments: sticky assignments, exposures and conversions

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-26 14:11:42.376868
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import tma_app.core.time


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('experiment_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('experiment_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('variant', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('assigned_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('experiment_id', 'user_id', name='uq_assignment_experiment_user')
    )
    op.create_table('experiment_conversions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('experiment_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('goal', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('variant', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('converted_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('experiment_id', 'user_id', 'goal', name='uq_conversion_experiment_user_goal')
    )
    with op.batch_alter_table('experiment_conversions', schema=None) as batch_op:
        batch_op.create_index('ix_conversion_experiment_goal_variant', ['experiment_id', 'goal', 'variant'], unique=False)

    op.create_table('experiment_exposures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('experiment_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('variant', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('exposed_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('experiment_id', 'user_id', name='uq_exposure_experiment_user')
    )
    with op.batch_alter_table('experiment_exposures', schema=None) as batch_op:
        batch_op.create_index('ix_exposure_experiment_variant', ['experiment_id', 'variant'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('experiment_exposures', schema=None) as batch_op:
        batch_op.drop_index('ix_exposure_experiment_variant')

    op.drop_table('experiment_exposures')
    with op.batch_alter_table('experiment_conversions', schema=None) as batch_op:
        batch_op.drop_index('ix_conversion_experiment_goal_variant')

    op.drop_table('experiment_conversions')
    op.drop_table('experiment_assignments')
