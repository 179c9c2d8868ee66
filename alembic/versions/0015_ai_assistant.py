"""ai assistant: conversations, messages, requests, daily budgets

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 16:14:19.259182
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import tma_app.core.time


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('ai_budget_days',
    sa.Column('user_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('requests', sa.Integer(), nullable=False),
    sa.Column('tokens', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('user_id', 'day')
    )
    op.create_table('ai_conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('created_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ai_conversations', schema=None) as batch_op:
        batch_op.create_index('ix_ai_conversations_user_current', ['user_id', 'archived', 'id'], unique=False)

    op.create_table('ai_global_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('tokens', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('day')
    )
    op.create_table('ai_requests',
    sa.Column('request_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('config', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('provider', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('model', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('prompt_tokens', sa.Integer(), nullable=False),
    sa.Column('completion_tokens', sa.Integer(), nullable=False),
    sa.Column('tokens_charged', sa.Boolean(), nullable=False),
    sa.Column('first_token_ms', sa.Integer(), nullable=True),
    sa.Column('total_ms', sa.Integer(), nullable=True),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('created_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('request_key')
    )
    with op.batch_alter_table('ai_requests', schema=None) as batch_op:
        batch_op.create_index('ix_ai_requests_created', ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_ai_requests_user_id'), ['user_id'], unique=False)

    op.create_table('ai_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('config', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('offline', sa.Boolean(), nullable=False),
    sa.Column('request_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('created_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['ai_conversations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ai_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ai_messages_conversation_id'), ['conversation_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('ai_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ai_messages_conversation_id'))

    op.drop_table('ai_messages')
    with op.batch_alter_table('ai_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ai_requests_user_id'))
        batch_op.drop_index('ix_ai_requests_created')

    op.drop_table('ai_requests')
    op.drop_table('ai_global_days')
    with op.batch_alter_table('ai_conversations', schema=None) as batch_op:
        batch_op.drop_index('ix_ai_conversations_user_current')

    op.drop_table('ai_conversations')
    op.drop_table('ai_budget_days')

