"""leaderboard scores (all-time and weekly), backfilled all-time from the ledger

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('gamification_leaderboard',
    sa.Column('board', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('user_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('xp', sa.BigInteger(), nullable=False),
    sa.Column('reached', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('board', 'user_id')
    )
    with op.batch_alter_table('gamification_leaderboard', schema=None) as batch_op:
        batch_op.create_index('ix_leaderboard_board_order', ['board', 'xp', 'reached'], unique=False)
    # XP granted before this table existed counts all-time, reached at its latest XP grant.
    op.execute(
        "INSERT INTO gamification_leaderboard (board, user_id, xp, reached) "
        "SELECT 'all_time', user_id, SUM(xp), MAX(id) FROM gamification_ledger "
        "WHERE xp <> 0 GROUP BY user_id"
    )


def downgrade() -> None:
    with op.batch_alter_table('gamification_leaderboard', schema=None) as batch_op:
        batch_op.drop_index('ix_leaderboard_board_order')

    op.drop_table('gamification_leaderboard')
