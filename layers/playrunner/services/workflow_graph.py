"""Whether a workflow can run: every name it uses exists, every task is reachable from start,
and it loops only through tasks that say how often they may run."""

from collections.abc import Iterable

from playrunner.models.errors import FieldError
from playrunner.models.workflow import WorkflowSpec


def successors(spec: WorkflowSpec, task_id: str) -> list[str]:
    transitions = spec.tasks[task_id].transitions
    return [*transitions.success, *transitions.failure, *transitions.error]


def _reachable(spec: WorkflowSpec, roots: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    pending = [root for root in roots if root in spec.tasks]
    while pending:
        task_id = pending.pop()
        if task_id in seen:
            continue
        seen.add(task_id)
        pending.extend(next_id for next_id in successors(spec, task_id) if next_id in spec.tasks)
    return seen


def _cycles(spec: WorkflowSpec) -> list[list[str]]:
    """The strongly connected components that loop (Tarjan): more than one task, or a task
    that leads to itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(task_id: str) -> None:
        index[task_id] = low[task_id] = len(index)
        stack.append(task_id)
        on_stack.add(task_id)
        for next_id in successors(spec, task_id):
            if next_id not in spec.tasks:
                continue
            if next_id not in index:
                visit(next_id)
                low[task_id] = min(low[task_id], low[next_id])
            elif next_id in on_stack:
                low[task_id] = min(low[task_id], index[next_id])
        if low[task_id] == index[task_id]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == task_id:
                    break
            if len(component) > 1 or task_id in successors(spec, task_id):
                found.append(sorted(component))

    for task_id in spec.tasks:
        if task_id not in index:
            visit(task_id)
    return found


def workflow_problems(spec: WorkflowSpec, known_jobs: set[str]) -> list[FieldError]:
    problems: list[FieldError] = []
    if spec.start not in spec.tasks:
        problems.append(FieldError(field="start", reason=f"there is no task {spec.start!r}"))
    if spec.error_handler is not None and spec.error_handler not in spec.tasks:
        problems.append(FieldError(field="errorHandler", reason=f"there is no task {spec.error_handler!r}"))
    for task_id, task in spec.tasks.items():
        if task.job_id not in known_jobs:
            problems.append(FieldError(field=f"tasks.{task_id}.jobId", reason=f"there is no job {task.job_id!r}"))
        for outcome in ("success", "failure", "error"):
            targets = getattr(task.transitions, outcome)
            if len(set(targets)) != len(targets):
                field = f"tasks.{task_id}.transitions.{outcome}"
                problems.append(FieldError(field=field, reason="a task is listed twice"))
            for next_id in targets:
                if next_id not in spec.tasks:
                    field = f"tasks.{task_id}.transitions.{outcome}"
                    problems.append(FieldError(field=field, reason=f"there is no task {next_id!r}"))
    roots = [spec.start, *([spec.error_handler] if spec.error_handler else [])]
    reachable = _reachable(spec, roots)
    for task_id in spec.tasks:
        if task_id not in reachable:
            problems.append(FieldError(field=f"tasks.{task_id}", reason="no transition leads to this task from start"))
    for cycle in _cycles(spec):
        if not any(spec.tasks[task_id].max_iterations for task_id in cycle):
            problems.append(
                FieldError(
                    field=f"tasks.{cycle[0]}",
                    reason=f"the tasks {', '.join(cycle)} form a loop: give one of them maxIterations",
                )
            )
        problems.extend(_parallel_loop_problems(spec, set(cycle)))
    return problems


def _parallel_loop_problems(spec: WorkflowSpec, cycle: set[str]) -> list[FieldError]:
    """A loop goes back through single transitions only: a branch of tasks started side by
    side cannot lead back to a task before it (each branch runs on its own, to its end)."""
    problems = []
    for task_id in sorted(cycle):
        for outcome in ("success", "failure", "error"):
            targets = getattr(spec.tasks[task_id].transitions, outcome)
            if len(targets) > 1 and cycle & set(targets):
                problems.append(
                    FieldError(
                        field=f"tasks.{task_id}.transitions.{outcome}",
                        reason="a loop cannot go through tasks started side by side: "
                        "loop through a transition that names one task",
                    )
                )
    return problems
