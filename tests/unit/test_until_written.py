"""One optimistic-retry rule for every store: a lost race is tried again, up to a bound."""

import pytest

from playrunner.errors import Conflict
from playrunner.store.versioned import MAX_CHANGE_ATTEMPTS, until_written


def test_a_lost_race_is_tried_again_until_the_write_wins() -> None:
    answers = iter([None, None, "written"])
    assert until_written(lambda: next(answers), "job j1") == "written"


def test_a_change_that_keeps_losing_ends_in_a_conflict_after_the_bound() -> None:
    calls: list[int] = []

    def always_loses() -> None:
        calls.append(1)

    with pytest.raises(Conflict, match="job j1 kept changing; try again"):
        until_written(always_loses, "job j1")
    assert len(calls) == MAX_CHANGE_ATTEMPTS


def test_a_refusal_is_not_retried() -> None:
    def refuses() -> str:
        raise Conflict("execution e1 is SUCCESS", error_code="EXECUTION_STATE_CONFLICT")

    with pytest.raises(Conflict, match="is SUCCESS"):
        until_written(refuses, "execution e1")
