"""Schedule expressions: Unix cron and dates, their Scheduler form, and their fire times."""

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from playrunner.local.scheduler import due_times, unix_cron
from playrunner.models.schedule import ScheduleSpec
from playrunner.schedules.expressions import fire_times, scheduler_expression

START = datetime(2026, 11, 23, 10, 7, tzinfo=UTC)  # a Monday


@pytest.mark.parametrize(
    ("cron", "scheduler"),
    [
        ("0 3 * * *", "cron(0 3 * * ? *)"),
        ("*/15 9-17 * * 1-5", "cron(0/15 9-17 ? * MON-FRI *)"),
        ("30 2 1 * *", "cron(30 2 1 * ? *)"),
        ("0 0 * * 0,6", "cron(0 0 ? * SUN,SAT *)"),
        ("0 0 * * 7", "cron(0 0 ? * SUN *)"),
        ("0 */6 */2 * *", "cron(0 0/6 1/2 * ? *)"),
    ],
)
def test_cron_in_schedulers_form(cron: str, scheduler: str) -> None:
    assert scheduler_expression("cron", cron) == scheduler


def test_a_date_is_an_at_expression_in_utc() -> None:
    assert scheduler_expression("date", "2027-01-02T05:04:05+02:00") == "at(2027-01-02T03:04:05)"
    assert scheduler_expression("date", "2027-01-02T03:04:05Z") == "at(2027-01-02T03:04:05)"


@pytest.mark.parametrize(
    ("cron", "expected"),
    [
        ("*/20 * * * *", ["10:20", "10:40", "11:00", "11:20", "11:40", "12:00"]),
        ("0 12 * * 1-5", ["12:00"]),
        ("5 10 * * *", []),  # 10:05 passed already at 10:07
        ("0 11 * * 0", []),  # Sundays only
    ],
)
def test_next_fire_times_of_cron(cron: str, expected: list[str]) -> None:
    times = fire_times("cron", cron, START, START + timedelta(hours=2))
    assert [t.strftime("%H:%M") for t in times] == expected


def test_a_date_fires_once_in_the_window_that_holds_it() -> None:
    moment = "2026-11-23T10:08:00Z"
    assert list(fire_times("date", moment, START, START + timedelta(minutes=1))) == [START + timedelta(minutes=1)]
    assert list(fire_times("date", moment, START + timedelta(minutes=1), START + timedelta(minutes=2))) == []


def test_the_local_scheduler_reads_schedulers_own_forms() -> None:
    assert unix_cron("0/15 9-17 ? * MON-FRI *") == "0/15 9-17 * * MON-FRI"
    window = (START, START + timedelta(hours=1))
    assert [t.strftime("%H:%M") for t in due_times("cron(0/15 9-17 ? * MON-FRI *)", *window)] == [
        "10:15",
        "10:30",
        "10:45",
        "11:00",
    ]
    assert due_times("at(2026-11-23T10:30:00)", *window) == [datetime(2026, 11, 23, 10, 30, tzinfo=UTC)]


@pytest.mark.parametrize(
    ("trigger", "reason"),
    [
        ({"type": "cron", "expression": "0 3 * *"}, "5 fields"),
        ({"type": "cron", "expression": "61 3 * * *"}, "not a valid cron"),
        ({"type": "cron", "expression": "0 3 1 * 1"}, "both a day of the month and a day of the week"),
        ({"type": "date", "expression": "tomorrow"}, "not an ISO-8601"),
        ({"type": "date", "expression": "2001-01-01T00:00:00Z"}, "in the past"),
        ({"type": "rate", "expression": "5 minutes"}, "cron"),
    ],
)
def test_bad_triggers_are_refused_with_the_reason(trigger: dict[str, str], reason: str) -> None:
    with pytest.raises(ValidationError) as raised:
        ScheduleSpec.model_validate({"trigger": trigger})
    assert reason in str(raised.value)
