"""Experiment tables: sticky assignments, exposures and conversions of verified users."""

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from tma_app.core.time import UtcDateTime, utcnow


class ExperimentAssignment(SQLModel, table=True):
    """The first variant a user got: never changed afterwards, whatever the weights become."""

    __tablename__ = "experiment_assignments"
    __table_args__ = (UniqueConstraint("experiment_id", "user_id", name="uq_assignment_experiment_user"),)

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    experiment_id: str = Field(max_length=64)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    variant: str = Field(max_length=64)
    assigned_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class ExperimentExposure(SQLModel, table=True):
    """A user saw their variant: once per user and experiment; the statistics' denominator."""

    __tablename__ = "experiment_exposures"
    __table_args__ = (
        UniqueConstraint("experiment_id", "user_id", name="uq_exposure_experiment_user"),
        Index("ix_exposure_experiment_variant", "experiment_id", "variant"),
    )

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    experiment_id: str = Field(max_length=64)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    variant: str = Field(max_length=64)
    exposed_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class ExperimentConversion(SQLModel, table=True):
    """An exposed user reached a goal: once per (experiment, user, goal), in the exposed variant."""

    __tablename__ = "experiment_conversions"
    __table_args__ = (
        UniqueConstraint("experiment_id", "user_id", "goal", name="uq_conversion_experiment_user_goal"),
        Index("ix_conversion_experiment_goal_variant", "experiment_id", "goal", "variant"),
    )

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    experiment_id: str = Field(max_length=64)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    goal: str = Field(max_length=64)
    variant: str = Field(max_length=64)
    converted_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
