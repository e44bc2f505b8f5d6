"""The local stack's runner capacity: who runs, who waits, and what a waiting one is told."""

from playrunner.local.runner_slots import RunnerSlots


def test_runners_beyond_the_slots_wait_in_the_order_they_asked() -> None:
    # Given one slot, taken by a
    slots = RunnerSlots(1)
    assert slots.take("a") is None

    # Then b and c wait, each told how many asked before it
    assert slots.take("b") == "waiting for a runner slot: 0 ahead, 1 of 1 running"
    assert slots.take("c") == "waiting for a runner slot: 1 ahead, 1 of 1 running"
    assert slots.take("c") == "waiting for a runner slot: 1 ahead, 1 of 1 running"  # asking again keeps its place

    # When a's runner ends, the next to ask runs and leaves the line
    slots.give_back()
    assert slots.take("b") is None
    assert slots.take("c") == "waiting for a runner slot: 0 ahead, 1 of 1 running"


def test_there_is_always_at_least_one_slot() -> None:
    assert RunnerSlots(0).take("a") is None
