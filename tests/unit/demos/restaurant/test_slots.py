from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from tma_app.demos.restaurant.errors import ModeInvalid
from tma_app.demos.restaurant.orders import LEAD_TIME, available_slots

MSK = timezone(timedelta(hours=3))


def moscow(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=MSK)


DAY = date(2026, 6, 10)


def test_before_opening_every_slot_of_both_days_is_offered():
    pickup = available_slots(moscow(DAY, 5), "pickup")
    delivery = available_slots(moscow(DAY, 5), "delivery")
    assert len(pickup) == 2 * 48 and len(delivery) == 2 * 24
    assert [s.label for s in pickup[:2]] == ["10:00–10:15", "10:15–10:30"]
    assert pickup[47].label == "21:45–22:00" and pickup[47].day == "today"
    assert pickup[48].day == "tomorrow" and pickup[48].start == moscow(DAY + timedelta(days=1), 10)
    assert delivery[-1].label == "21:30–22:00"
    assert all(s.end - s.start == timedelta(minutes=30) for s in delivery)


@pytest.mark.parametrize(
    ("now", "mode", "first"),
    [
        (moscow(DAY, 12, 10), "pickup", "12:30–12:45"),  # exactly 20 minutes ahead is enough
        (moscow(DAY, 12, 10, 1), "pickup", "12:45–13:00"),
        (moscow(DAY, 12, 0), "delivery", "13:00–13:30"),
        (moscow(DAY, 12, 15), "delivery", "13:00–13:30"),
        (moscow(DAY, 12, 16), "delivery", "13:30–14:00"),
        (moscow(DAY, 9, 50), "pickup", "10:15–10:30"),
    ],
)
def test_the_first_slot_respects_the_lead_time(now, mode, first):
    slots = available_slots(now, mode)
    assert slots[0].label == first and slots[0].day == "today"
    assert all(s.start >= now + LEAD_TIME[mode] for s in slots), "no past or too-soon slot"


def test_after_the_last_slot_only_tomorrow_is_offered():
    slots = available_slots(moscow(DAY, 21, 30), "pickup")
    assert {s.day for s in slots} == {"tomorrow"} and slots[0].start == moscow(DAY + timedelta(days=1), 10)
    late = available_slots(moscow(DAY, 21, 20), "pickup")
    assert [s.label for s in late if s.day == "today"] == ["21:45–22:00"]


def test_today_is_the_moscow_date_not_the_utc_one():
    # 22:30 UTC on the 9th is 01:30 on the 10th in Moscow.
    slots = available_slots(datetime(2026, 6, 9, 22, 30, tzinfo=UTC), "pickup")
    assert slots[0].day == "today" and slots[0].start == moscow(DAY, 10)


@pytest.mark.parametrize("day", [date(2026, 3, 29), date(2026, 10, 25), date(2026, 1, 15), date(2026, 7, 1)])
def test_moscow_time_has_no_daylight_saving(day):
    # Europe switches clocks on the last Sundays of March and October; Moscow does not.
    slots = available_slots(datetime(day.year, day.month, day.day, 1, tzinfo=UTC), "delivery")
    first = slots[0]
    assert first.start == datetime(day.year, day.month, day.day, 7, tzinfo=UTC)
    assert first.id == f"{day.isoformat()}T10:00:00+03:00" and first.label == "10:00–10:30"
    assert ZoneInfo("Europe/Moscow").utcoffset(datetime(day.year, day.month, day.day, 12)) == timedelta(hours=3)


def test_slot_ids_are_unique_and_slots_are_stored_in_utc():
    slots = available_slots(moscow(DAY, 5), "pickup")
    assert len({s.id for s in slots}) == len(slots)
    assert all(s.start.utcoffset() == timedelta(0) for s in slots)


def test_bad_arguments_are_refused():
    with pytest.raises(ModeInvalid):
        available_slots(moscow(DAY, 12), "drone")
    with pytest.raises(ValueError):
        available_slots(datetime(2026, 6, 10, 12), "pickup")
