"""set_stats data in a workflow run: kept once, on the task that set it, within one cap for the
whole run; over the cap, the task errors with a reason on the run (no I/O: a store in memory)."""

from collections.abc import Callable
from typing import Any

from playrunner.models.execution import Execution
from playrunner.models.workflow import WorkflowSpec
from playrunner.models.workflow_run import RunMetrics, TaskRun, WorkflowRun
from playrunner.services.workflow_tasks import MAX_RUN_SET_STATS_BYTES, WorkflowTasks
from playrunner.store.executions import ExecutionRecord, WorkflowLink
from playrunner.store.workflow_runs import WorkflowRunRecord

SPEC = WorkflowSpec.model_validate(
    {"name": "w", "start": "a", "tasks": {"a": {"jobId": "j", "transitions": {"success": ["b"]}}, "b": {"jobId": "j"}}}
)


class RunsInMemory:
    def __init__(self, record: WorkflowRunRecord) -> None:
        self.record = record

    def change(
        self, _account: str, _run_id: str, change: Callable[[WorkflowRunRecord], WorkflowRunRecord | None]
    ) -> WorkflowRunRecord:
        changed = change(self.record)
        if changed is not None:
            self.record = changed
        return self.record


class TokensAnswered:
    def __init__(self) -> None:
        self.answers: list[dict[str, Any]] = []

    def __call__(self, _token: str) -> "TokensAnswered":
        return self

    def succeed(self, output: dict[str, Any]) -> None:
        self.answers.append(output)


def run_with(**task_artifacts: dict[str, Any]) -> WorkflowRunRecord:
    tasks = {
        task_id: TaskRun(task=task_id, job_id="j", status="running", executions=[f"e-{task_id}"]).model_copy(
            update={"artifacts": task_artifacts.get(task_id, {})}
        )
        for task_id in ("a", "b")
    }
    run = WorkflowRun.model_validate(
        {
            "id": "r1",
            "workflow": "w",
            "account_alias": "DEMO",
            "status": "running",
            "tasks": {},
            "metrics": RunMetrics(start_time=1).model_dump(),
        }
    )
    return WorkflowRunRecord(run=run.model_copy(update={"tasks": tasks}), spec=SPEC)


def ended(
    task_id: str, artifacts: dict[str, Any], inherited: dict[str, Any], refused: str | None = None
) -> ExecutionRecord:
    execution = Execution(
        execution_id=f"e-{task_id}",
        job_id="j",
        account_alias="DEMO",
        status="SUCCESS",
        artifacts=artifacts,
        artifacts_refused=refused,
        created_time=1,
        last_updated_time=2,
    )
    link = WorkflowLink(run_id="r1", task_id=task_id, task_token="t", inherited=inherited, outcome="SUCCESS")
    return ExecutionRecord(execution=execution, workflow=link)


def test_a_tasks_data_is_kept_once_on_the_task_and_passed_on_with_what_came_before() -> None:
    runs, tokens = RunsInMemory(run_with(a={"build": 41})), TokensAnswered()
    tasks = WorkflowTasks(runs, tokens)  # type: ignore[arg-type]

    tasks.execution_ended(ended("b", {"release": "r1"}, inherited={"build": 41}))

    assert runs.record.run.tasks["b"].artifacts == {"release": "r1"}  # its own data only
    assert tokens.answers == [{"status": "SUCCESS", "execution_id": "e-b", "artifacts": {"build": 41, "release": "r1"}}]


def test_data_over_the_runs_cap_errors_the_task_with_the_reason_and_is_not_passed_on() -> None:
    big = {"blob": "x" * (MAX_RUN_SET_STATS_BYTES - 100)}
    runs, tokens = RunsInMemory(run_with(a=big)), TokensAnswered()
    tasks = WorkflowTasks(runs, tokens)  # type: ignore[arg-type]

    tasks.execution_ended(ended("b", {"more": "y" * 500}, inherited=big))

    run = runs.record.run
    assert run.tasks["b"].status == "errored"
    assert run.tasks["b"].artifacts == {}
    assert "over the" in run.errors[-1].message
    assert run.errors[-1].task == "b"
    assert tokens.answers[0]["status"] == "ERROR"
    assert tokens.answers[0]["artifacts"] == big


def test_data_the_runner_refused_errors_the_task_with_its_reason() -> None:
    runs, tokens = RunsInMemory(run_with()), TokensAnswered()
    tasks = WorkflowTasks(runs, tokens)  # type: ignore[arg-type]

    tasks.execution_ended(ended("a", {}, inherited={}, refused="the playbook's set_stats data is 70000 bytes"))

    assert runs.record.run.tasks["a"].status == "errored"
    assert "70000 bytes" in runs.record.run.errors[-1].message
    assert tokens.answers[0]["status"] == "ERROR"
