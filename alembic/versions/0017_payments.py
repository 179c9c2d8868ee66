"""payments: invoices bound to user, product and amount; reconciliation reports; premium programs

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 20:05:47.857227
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import tma_app.core.time


revision = '0017'
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('payment_reconciliations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ran_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.Column('checked', sa.Integer(), nullable=False),
    sa.Column('differences', sa.JSON(), nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('payment_reconciliations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_reconciliations_ran_at'), ['ran_at'], unique=False)

    op.create_table('payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payload', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('ref', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('invoice_url', sqlmodel.sql.sqltypes.AutoString(length=512), nullable=True),
    sa.Column('telegram_charge_id', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('provider_charge_id', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('refund_reference', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('refunded_by', sa.BigInteger(), nullable=True),
    sa.Column('created_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.Column('paid_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=True),
    sa.Column('refunded_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('payload', name='uq_payments_payload'),
    sa.UniqueConstraint('telegram_charge_id', name='uq_payments_telegram_charge_id')
    )
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.create_index('ix_payments_status_created_at', ['status', 'created_at'], unique=False)
        batch_op.create_index('ix_payments_user_product', ['user_id', 'kind', 'ref'], unique=False)

    with op.batch_alter_table('fitness_programs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('premium_stars', sa.Integer(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('fitness_programs', schema=None) as batch_op:
        batch_op.drop_column('premium_stars')

    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_index('ix_payments_user_product')
        batch_op.drop_index('ix_payments_status_created_at')

    op.drop_table('payments')
    with op.batch_alter_table('payment_reconciliations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_reconciliations_ran_at'))

    op.drop_table('payment_reconciliations')
