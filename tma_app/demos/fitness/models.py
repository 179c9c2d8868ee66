"""The fitness demo's tables (what its functions return is in `shapes`).

Weights are integer grams in every column (a 0.5 kg step is 500 g), so totals are exact.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from tma_app.core.time import UtcDateTime, utcnow


class Program(SQLModel, table=True):
    __tablename__ = "fitness_programs"
    __table_args__ = (UniqueConstraint("slug", name="uq_fitness_programs_slug"),)

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    slug: str = Field(max_length=48)
    sort_order: int = 0
    level: str = Field(max_length=16)
    name_en: str = Field(max_length=80)
    name_ru: str = Field(max_length=80)
    description_en: str = Field(max_length=400)
    description_ru: str = Field(max_length=400)
    image_id: str = Field(max_length=64)
    # A premium program's price in Telegram Stars: locked until bought. None: free for everyone.
    premium_stars: int | None = None


class Exercise(SQLModel, table=True):
    __tablename__ = "fitness_exercises"
    __table_args__ = (UniqueConstraint("program_id", "slug", name="uq_fitness_exercises_program_slug"),)

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    program_id: int = Field(foreign_key="fitness_programs.id", ondelete="CASCADE")
    slug: str = Field(max_length=48)
    sort_order: int = 0
    name_en: str = Field(max_length=80)
    name_ru: str = Field(max_length=80)
    image_id: str = Field(max_length=64)
    target_sets: int
    target_reps: int
    rest_seconds: int
    # False: bodyweight, logged with 0 kg; True: the user enters the weight lifted.
    weighted: bool = False


class Workout(SQLModel, table=True):
    __tablename__ = "fitness_workouts"
    __table_args__ = (
        Index("ix_fitness_workouts_user_id_finished_at", "user_id", "finished_at"),
        # One active workout per user, even when two starts race.
        Index(
            "uq_fitness_workouts_user_id_active",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    program_id: int = Field(foreign_key="fitness_programs.id")
    status: str = Field(default="active", max_length=16)
    started_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
    finished_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    # Written once, by finish_workout; an active workout's totals are computed from its sets.
    duration_seconds: int = 0
    total_sets: int = 0
    total_reps: int = 0
    total_volume_g: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))


class WorkoutSet(SQLModel, table=True):
    __tablename__ = "fitness_sets"

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    workout_id: int = Field(foreign_key="fitness_workouts.id", ondelete="CASCADE", index=True)
    exercise_id: int = Field(foreign_key="fitness_exercises.id")
    reps: int
    weight_g: int
    logged_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
