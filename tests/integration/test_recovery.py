"""After a local restart: what the last process was running ends, with its reason."""

from playrunner.local.provision import LocalResources
from playrunner.local.recovery import REASON, RUN_REASON, fail_orphaned_executions, fail_orphaned_runs
from playrunner.models.execution import Execution, ExecutionStatus, Timer
from playrunner.models.workflow import WorkflowSpec
from playrunner.models.workflow_run import RunMetrics, TaskRun, WorkflowRun
from playrunner.naming import ENV_RUNNER_CLUSTER, ENV_RUNNER_TASK_DEFINITION
from playrunner.store.dynamodb import Table
from playrunner.store.executions import ExecutionRecord, ExecutionStore
from playrunner.store.workflow_runs import WorkflowRunRecord, WorkflowRunStore

SPEC = WorkflowSpec.model_validate({"name": "w", "start": "A", "tasks": {"A": {"jobId": "job"}}})


def _run(run_id: str, status: str) -> WorkflowRunRecord:
    run = WorkflowRun.model_validate(
        {
            "id": run_id,
            "workflow": "w",
            "account_alias": "DEMO",
            "status": status,
            "tasks": {"A": TaskRun(task="A", job_id="job", status="running", executions=["e1"]).model_dump()},
            "metrics": RunMetrics(start_time=1).model_dump(),
        }
    )
    return WorkflowRunRecord(run=run, spec=SPEC)


def _execution(execution_id: str, status: ExecutionStatus) -> ExecutionRecord:
    execution = Execution(
        execution_id=execution_id,
        job_id="job",
        account_alias="DEMO",
        status=status,
        timers=[Timer(start=1)],
        created_time=1,
        last_updated_time=1,
    )
    return ExecutionRecord(execution=execution)


def test_running_executions_and_runs_end_and_the_others_are_left_alone(aws: LocalResources) -> None:
    table = Table(aws.table_name)
    executions, runs = ExecutionStore(table), WorkflowRunStore(table)
    executions.create(_execution("e1", "RUNNING"))
    executions.create(_execution("e2", "SUCCESS"))
    runs.create(_run("r1", "running"))
    runs.create(_run("r2", "complete"))

    # (each as the function whose work it is: Finalize, and the workflows' finish)
    environment = {**aws.function_environment(), ENV_RUNNER_CLUSTER: "c", ENV_RUNNER_TASK_DEFINITION: "t"}
    assert fail_orphaned_executions(environment) == 1
    assert fail_orphaned_runs(environment) == 1

    ended = executions.get("DEMO", "e1").execution
    assert (ended.status, ended.status_reason) == ("FAILURE", REASON)
    assert ended.timers[-1].end is not None
    assert executions.get("DEMO", "e2").execution.status == "SUCCESS"
    run = runs.get("DEMO", "r1").run
    assert run.status == "error"  # and so it may be resumed
    assert run.tasks["A"].status == "canceled"
    assert [(error.task, error.message) for error in run.errors] == [(None, RUN_REASON)]
    assert runs.get("DEMO", "r2").run.status == "complete"
