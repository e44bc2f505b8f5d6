"""Schedule expressions: Unix cron (5 fields) and ISO-8601 dates, checked and turned into
EventBridge Scheduler's cron() and at() forms; and their fire times, for the local stack.

Scheduler's cron has 6 fields (a year last), numbers days of the week 1-7 from Sunday, and
wants `?` in one of day-of-month and day-of-week; Unix cron reads both set as "either".
"""

import re
from collections.abc import Iterator
from datetime import UTC, datetime

CRON_FIELDS = 5
_DAY_NAMES = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
_STEP_FROM_STAR = re.compile(r"^\*/(\d+)$")


def check_cron(expression: str) -> None:
    fields = expression.split()
    if len(fields) != CRON_FIELDS:
        raise ValueError(f"a cron expression has 5 fields (minute hour day month weekday), not {len(fields)}")
    from croniter import croniter  # only where a schedule is checked or fired: not at every import

    if not croniter.is_valid(expression):
        raise ValueError(f"{expression!r} is not a valid cron expression")
    if fields[2] != "*" and fields[4] != "*":
        raise ValueError("EventBridge Scheduler cannot run on both a day of the month and a day of the week")
    if any(field.startswith("@") for field in fields):
        raise ValueError("cron nicknames such as @daily are not accepted: write the 5 fields")


def parse_date(expression: str) -> datetime:
    try:
        moment = datetime.fromisoformat(expression.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"{expression!r} is not an ISO-8601 date and time") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def check_date(expression: str) -> None:
    if parse_date(expression) <= datetime.now(UTC):
        raise ValueError(f"{expression} is in the past")


def _step(field: str, first: int) -> str:
    found = _STEP_FROM_STAR.match(field)
    return f"{first}/{found.group(1)}" if found else field


def _weekdays(field: str) -> str:
    return re.sub(r"\d+", lambda number: _DAY_NAMES[int(number.group())], field)


def scheduler_expression(trigger_type: str, expression: str) -> str:
    """The expression in Scheduler's form (its time zone is set to UTC beside it)."""
    if trigger_type == "date":
        return f"at({parse_date(expression).strftime('%Y-%m-%dT%H:%M:%S')})"
    minute, hour, day, month, weekday = expression.split()
    day_of_month = "?" if day == "*" and weekday != "*" else _step(day, 1)
    day_of_week = "?" if weekday == "*" else _weekdays(weekday)
    return f"cron({_step(minute, 0)} {_step(hour, 0)} {day_of_month} {_step(month, 1)} {day_of_week} *)"


def fire_times(trigger_type: str, expression: str, after: datetime, until: datetime) -> Iterator[datetime]:
    """The times in (AFTER, UNTIL] the schedule fires at."""
    if trigger_type == "date":
        moment = parse_date(expression)
        if after < moment <= until:
            yield moment
        return
    from croniter import croniter

    times = croniter(expression, after)
    while (moment := times.get_next(datetime)) <= until:
        yield moment
