"""Every way a fitness request can be refused, each with a stable `code` for the UI."""

from __future__ import annotations


class FitnessError(ValueError):
    code = "FITNESS_ERROR"


class ProgramNotFound(FitnessError):
    code = "PROGRAM_NOT_FOUND"


class ProgramLocked(FitnessError):
    """A premium program the user has not bought."""

    code = "PROGRAM_LOCKED"


class ExerciseNotFound(FitnessError):
    """No exercise with that slug in the workout's program."""

    code = "EXERCISE_NOT_FOUND"


class RepsInvalid(FitnessError):
    code = "REPS_INVALID"


class WeightInvalid(FitnessError):
    code = "WEIGHT_INVALID"


class WeightNotAllowed(FitnessError):
    """A weight other than 0 for a bodyweight exercise."""

    code = "WEIGHT_NOT_ALLOWED"


class WorkoutNotFound(FitnessError):
    """No such workout, or someone else's: the two are indistinguishable on purpose."""

    code = "WORKOUT_NOT_FOUND"


class WorkoutNotActive(FitnessError):
    """The workout is already finished: sets can no longer be logged, undone or finished."""

    code = "WORKOUT_NOT_ACTIVE"


class WorkoutEmpty(FitnessError):
    code = "WORKOUT_EMPTY"


class WorkoutFull(FitnessError):
    code = "WORKOUT_FULL"


class NothingToUndo(FitnessError):
    code = "NOTHING_TO_UNDO"
