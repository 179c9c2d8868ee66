"""fitness demo

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 12:24:53.078109
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import tma_app.core.time


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('fitness_programs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('name_ru', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('description_en', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
    sa.Column('description_ru', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
    sa.Column('image_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug', name='uq_fitness_programs_slug')
    )
    op.create_table('fitness_exercises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('name_ru', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('image_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('target_sets', sa.Integer(), nullable=False),
    sa.Column('target_reps', sa.Integer(), nullable=False),
    sa.Column('rest_seconds', sa.Integer(), nullable=False),
    sa.Column('weighted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['fitness_programs.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('program_id', 'slug', name='uq_fitness_exercises_program_slug')
    )
    op.create_table('fitness_workouts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('started_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=True),
    sa.Column('duration_seconds', sa.Integer(), nullable=False),
    sa.Column('total_sets', sa.Integer(), nullable=False),
    sa.Column('total_reps', sa.Integer(), nullable=False),
    sa.Column('total_volume_g', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['fitness_programs.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('fitness_workouts', schema=None) as batch_op:
        batch_op.create_index('ix_fitness_workouts_user_id_finished_at', ['user_id', 'finished_at'], unique=False)
        batch_op.create_index('uq_fitness_workouts_user_id_active', ['user_id'], unique=True, sqlite_where=sa.text("status = 'active'"), postgresql_where=sa.text("status = 'active'"))

    op.create_table('fitness_sets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workout_id', sa.Integer(), nullable=False),
    sa.Column('exercise_id', sa.Integer(), nullable=False),
    sa.Column('reps', sa.Integer(), nullable=False),
    sa.Column('weight_g', sa.Integer(), nullable=False),
    sa.Column('logged_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['exercise_id'], ['fitness_exercises.id'], ),
    sa.ForeignKeyConstraint(['workout_id'], ['fitness_workouts.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('fitness_sets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fitness_sets_workout_id'), ['workout_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('fitness_sets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fitness_sets_workout_id'))

    op.drop_table('fitness_sets')
    with op.batch_alter_table('fitness_workouts', schema=None) as batch_op:
        batch_op.drop_index('uq_fitness_workouts_user_id_active', sqlite_where=sa.text("status = 'active'"), postgresql_where=sa.text("status = 'active'"))
        batch_op.drop_index('ix_fitness_workouts_user_id_finished_at')

    op.drop_table('fitness_workouts')
    op.drop_table('fitness_exercises')
    op.drop_table('fitness_programs')
