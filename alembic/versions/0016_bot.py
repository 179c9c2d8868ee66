"""the bot: updates taken in (one row per update_id), chats that blocked the bot

Revision ID: 0016
Revises: 0015
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import tma_app.core.time


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('bot_updates',
    sa.Column('update_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=True),
    sa.Column('received_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('update_id')
    )
    with op.batch_alter_table('bot_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bot_updates_received_at'), ['received_at'], unique=False)
    op.create_table('bot_blocked_chats',
    sa.Column('chat_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('blocked_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.PrimaryKeyConstraint('chat_id')
    )


def downgrade() -> None:
    op.drop_table('bot_blocked_chats')
    with op.batch_alter_table('bot_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bot_updates_received_at'))
    op.drop_table('bot_updates')
