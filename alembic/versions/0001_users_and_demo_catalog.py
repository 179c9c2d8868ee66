"""users and demo catalog

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 11:18:40.626864
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import tma_app.core.time


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('demos',
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('icon', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('title_en', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('title_ru', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('summary_en', sqlmodel.sql.sqltypes.AutoString(length=280), nullable=False),
    sa.Column('summary_ru', sqlmodel.sql.sqltypes.AutoString(length=280), nullable=False),
    sa.Column('is_available', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('slug')
    )
    op.create_table('users',
    sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('first_name', sqlmodel.sql.sqltypes.AutoString(length=256), nullable=False),
    sa.Column('last_name', sqlmodel.sql.sqltypes.AutoString(length=256), nullable=True),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('language_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('is_premium', sa.Boolean(), nullable=False),
    sa.Column('photo_url', sqlmodel.sql.sqltypes.AutoString(length=2048), nullable=True),
    sa.Column('allows_write_to_pm', sa.Boolean(), nullable=False),
    sa.Column('created_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_username'), ['username'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_username'))

    op.drop_table('users')
    op.drop_table('demos')
