"""referral codes and referrals (one referrer per referee)

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import tma_app.core.time


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('gamification_referral_codes',
    sa.Column('user_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('user_id'),
    sa.UniqueConstraint('code', name='uq_referral_code')
    )
    op.create_table('gamification_referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referrer_id', sa.BigInteger(), nullable=False),
    sa.Column('referee_id', sa.BigInteger(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('joined_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.Column('rewarded_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'rewarded')", name='ck_referral_status'),
    sa.CheckConstraint('referrer_id <> referee_id', name='ck_referral_not_self'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('referee_id', name='uq_referral_referee')
    )
    with op.batch_alter_table('gamification_referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gamification_referrals_referrer_id'), ['referrer_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('gamification_referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gamification_referrals_referrer_id'))

    op.drop_table('gamification_referrals')
    op.drop_table('gamification_referral_codes')
