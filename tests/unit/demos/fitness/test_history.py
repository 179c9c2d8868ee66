from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.unit.demos.fitness.actions import T0, log, start, workout_finished_at
from tma_app.core.db import session_scope
from tma_app.demos.fitness.history import current_streak, list_workouts, progress_series

BERLIN = ZoneInfo("Europe/Berlin")


def local(zone, *args) -> datetime:
    return datetime(*args, tzinfo=zone)


def series(user_id, timezone, now, **kwargs):
    with session_scope() as session:
        return progress_series(session, user_id, timezone, now=now, **kwargs)


def streak(user_id, timezone, now) -> int:
    with session_scope() as session:
        return current_streak(session, user_id, timezone, now=now)


def history(user_id, language="en", **kwargs):
    with session_scope() as session:
        return list_workouts(session, user_id, language, **kwargs)


# --- The list ------------------------------------------------------------------------------


def test_history_lists_finished_workouts_newest_first_with_their_totals(programs, user_id):
    older = workout_finished_at(user_id, T0, reps=10, weight_g=20_000)
    newer = workout_finished_at(user_id, T0 + timedelta(days=1), reps=5, weight_g=12_500)
    still_going = start(user_id, now=T0 + timedelta(days=2)).workout
    log(user_id, still_going.id, "push-up", 10)
    rows = history(user_id, "ru")
    assert [w.id for w in rows] == [newer.id, older.id], "active workouts are not history yet"
    assert rows[0].program_name == "Всё тело: для начинающих" and rows[0].image_id == "fitness/kettlebell"
    assert (rows[0].totals.sets, rows[0].totals.reps, rows[0].totals.volume_g) == (1, 5, 62_500)
    assert rows[1].totals.volume_kg == 200.0 and rows[1].duration_seconds == 20 * 60
    assert rows[0].finished_at == T0 + timedelta(days=1)
    assert [w.id for w in history(user_id, limit=1)] == [newer.id]


def test_history_is_the_users_own(programs, user_id):
    workout_finished_at(user_id, T0)
    assert history(user_id + 1) == []
    assert series(user_id + 1, "UTC", T0)[-1].sets == 0
    assert streak(user_id + 1, "UTC", T0) == 0


# --- The 30-day chart ----------------------------------------------------------------------


def test_the_series_has_30_zero_filled_days_ending_today(programs, user_id):
    now = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)
    workout_finished_at(user_id, datetime(2025, 6, 30, 9, 0, tzinfo=UTC), reps=10, weight_g=20_000)
    workout_finished_at(user_id, datetime(2025, 6, 30, 11, 0, tzinfo=UTC), reps=8, weight_g=12_500)
    workout_finished_at(user_id, datetime(2025, 6, 10, 18, 0, tzinfo=UTC), reps=12, weight_g=500)
    points = series(user_id, "UTC", now)
    assert len(points) == 30
    assert [p.day for p in points] == [date(2025, 6, 1) + timedelta(days=n) for n in range(30)]
    by_day = {p.day: p for p in points}
    assert (by_day[date(2025, 6, 30)].sets, by_day[date(2025, 6, 30)].volume_g) == (2, 300_000)
    assert by_day[date(2025, 6, 30)].volume_kg == 300.0
    assert (by_day[date(2025, 6, 10)].sets, by_day[date(2025, 6, 10)].volume_g) == (1, 6_000)
    assert sum(p.sets for p in points) == 3
    assert all(p.sets == 0 and p.volume_g == 0 for p in points if p.day not in {date(2025, 6, 30), date(2025, 6, 10)})


def test_the_window_starts_at_midnight_29_days_ago_in_the_users_zone(programs, user_id):
    zone = ZoneInfo("Pacific/Kiritimati")  # UTC+14: its days start the previous UTC day
    now = local(zone, 2025, 6, 30, 0, 5)
    workout_finished_at(user_id, local(zone, 2025, 6, 1, 0, 0))  # first day of the window
    workout_finished_at(user_id, local(zone, 2025, 5, 31, 23, 59))  # the day before: out
    workout_finished_at(user_id, local(zone, 2025, 6, 30, 0, 1))  # today
    points = series(user_id, "Pacific/Kiritimati", now)
    assert points[0].day == date(2025, 6, 1) and points[-1].day == date(2025, 6, 30)
    assert [p.day for p in points if p.sets] == [date(2025, 6, 1), date(2025, 6, 30)]


def test_a_far_west_user_sees_late_evenings_on_their_own_day(programs, user_id):
    zone = ZoneInfo("Pacific/Pago_Pago")  # UTC-11, no DST
    finished = local(zone, 2025, 6, 29, 23, 30)  # 2025-06-30 10:30 UTC
    workout_finished_at(user_id, finished)
    now = local(zone, 2025, 6, 30, 9, 0)
    assert [p.day for p in series(user_id, "Pacific/Pago_Pago", now) if p.sets] == [date(2025, 6, 29)]
    assert [p.day for p in series(user_id, "UTC", now) if p.sets] == [date(2025, 6, 30)]


def test_workouts_around_the_dst_change_land_on_berlin_days(programs, user_id):
    # 2025-03-30 lasts 23 hours in Berlin: 02:00 CET jumps to 03:00 CEST.
    workout_finished_at(user_id, local(BERLIN, 2025, 3, 29, 23, 30))  # 22:30 UTC
    workout_finished_at(user_id, local(BERLIN, 2025, 3, 30, 0, 30))  # 23:30 UTC, still the 29th in UTC
    workout_finished_at(user_id, local(BERLIN, 2025, 3, 30, 23, 30))  # 21:30 UTC
    now = local(BERLIN, 2025, 3, 31, 10, 0)
    berlin = {p.day: p.sets for p in series(user_id, "Europe/Berlin", now) if p.sets}
    utc = {p.day: p.sets for p in series(user_id, "UTC", now) if p.sets}
    assert berlin == {date(2025, 3, 29): 1, date(2025, 3, 30): 2}
    assert utc == {date(2025, 3, 29): 2, date(2025, 3, 30): 1}


@pytest.mark.parametrize("timezone", [None, "", "Mars/Olympus", "not a zone"])
def test_an_unknown_zone_counts_days_in_utc(programs, user_id, timezone):
    workout_finished_at(user_id, datetime(2025, 6, 29, 23, 30, tzinfo=UTC))
    now = datetime(2025, 6, 30, 0, 30, tzinfo=UTC)
    assert [p.day for p in series(user_id, timezone, now) if p.sets] == [date(2025, 6, 29)]
    assert streak(user_id, timezone, now) == 1


def test_the_series_length_is_bounded(programs, user_id):
    assert len(series(user_id, "UTC", T0, days=7)) == 7
    for days in (0, 367, True):
        with pytest.raises(ValueError):
            series(user_id, "UTC", T0, days=days)


# --- The streak ----------------------------------------------------------------------------


def test_the_streak_ends_today_or_yesterday_and_breaks_on_a_missed_day(programs, user_id):
    for day in (1, 2, 3, 5, 6):
        workout_finished_at(user_id, datetime(2025, 6, day, 18, 0, tzinfo=UTC))
    workout_finished_at(user_id, datetime(2025, 6, 6, 19, 0, tzinfo=UTC))  # two on one day count once
    assert streak(user_id, "UTC", datetime(2025, 6, 6, 20, 0, tzinfo=UTC)) == 2
    assert streak(user_id, "UTC", datetime(2025, 6, 7, 23, 59, tzinfo=UTC)) == 2, "yesterday still counts"
    assert streak(user_id, "UTC", datetime(2025, 6, 8, 0, 0, tzinfo=UTC)) == 0
    assert streak(user_id, "UTC", datetime(2025, 6, 3, 20, 0, tzinfo=UTC)) == 3, "later workouts do not count"


def test_the_streak_expires_at_midnight_in_the_users_zone(programs, user_id):
    zone = ZoneInfo("America/Los_Angeles")
    workout_finished_at(user_id, local(zone, 2025, 6, 10, 23, 30))  # 2025-06-11 06:30 UTC
    assert streak(user_id, "America/Los_Angeles", local(zone, 2025, 6, 11, 23, 59)) == 1
    assert streak(user_id, "America/Los_Angeles", local(zone, 2025, 6, 12, 0, 1)) == 0
    # The same moment is still "yesterday" for a user in UTC.
    assert streak(user_id, "UTC", local(zone, 2025, 6, 12, 0, 1)) == 1


def test_the_streak_counts_the_23_hour_day_of_spring_dst(programs, user_id):
    # Berlin 2025-03-29 00:10 CET and 2025-03-30 23:50 CEST are 46 h 40 min apart and on
    # consecutive Berlin days, but on the 28th and the 30th in UTC.
    workout_finished_at(user_id, local(BERLIN, 2025, 3, 29, 0, 10))
    workout_finished_at(user_id, local(BERLIN, 2025, 3, 30, 23, 50))
    now = local(BERLIN, 2025, 3, 30, 23, 55)
    assert streak(user_id, "Europe/Berlin", now) == 2
    assert streak(user_id, "UTC", now) == 1


def test_the_streak_counts_the_25_hour_day_of_autumn_dst(programs, user_id):
    # 2025-10-26 lasts 25 hours in Berlin: 03:00 CEST falls back to 02:00 CET.
    for finished in (
        local(BERLIN, 2025, 10, 25, 0, 30),
        local(BERLIN, 2025, 10, 26, 2, 30, ),  # the first 02:30 (CEST)
        local(BERLIN, 2025, 10, 27, 0, 10),  # 2025-10-26 23:10 UTC
    ):
        workout_finished_at(user_id, finished)
    assert streak(user_id, "Europe/Berlin", local(BERLIN, 2025, 10, 27, 8, 0)) == 3
    assert streak(user_id, "Europe/Berlin", local(BERLIN, 2025, 10, 28, 23, 59)) == 3
    assert streak(user_id, "Europe/Berlin", local(BERLIN, 2025, 10, 29, 0, 0)) == 0


def test_a_missed_25_hour_day_breaks_the_streak(programs, user_id):
    # 23:50 CEST on the 25th and 00:10 CET on the 27th: 25 h 20 min apart, yet a whole
    # Berlin day (the 26th) has no workout. In UTC they fall on the 25th and the 26th.
    workout_finished_at(user_id, local(BERLIN, 2025, 10, 25, 23, 50))
    workout_finished_at(user_id, local(BERLIN, 2025, 10, 27, 0, 10))
    now = local(BERLIN, 2025, 10, 27, 9, 0)
    assert streak(user_id, "Europe/Berlin", now) == 1
    assert streak(user_id, "UTC", now) == 2


def test_a_long_streak_is_counted_in_full(programs, user_id):
    zone = ZoneInfo("Europe/Berlin")
    first = date(2025, 3, 1)
    for n in range(45):  # March 1 to April 14, across the spring change
        day = first + timedelta(days=n)
        workout_finished_at(user_id, local(zone, day.year, day.month, day.day, 7, 0))
    assert streak(user_id, "Europe/Berlin", local(zone, 2025, 4, 14, 20, 0)) == 45
    assert streak(user_id, "Europe/Berlin", local(zone, 2025, 4, 15, 20, 0)) == 45
