"""The function catalogue: every function of playrunner described once.

For each function: its name (the package under functions/ that holds its handler), its kind
(what invokes it), its timeout, the settings models it reads and the grants it needs. The CDK
stack makes each function, its environment and its IAM policy from its entry; the local stack
registers each function from it, with exactly the environment the template gives it; the route
table's functions must all be here; the infra tests and the cold-import benchmark read it.

A function's environment is the variables of its settings models (settings.py) and its own
name (ENV_FUNCTION): nothing else, in either home.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from playrunner.naming import APP_NAME, CALLBACK_FUNCTION, ENV_FUNCTION, NOTICE_FUNCTION, SCHEDULE_FUNCTION
from playrunner.settings import (
    GIVEN_PER_RUN,
    ArtifactsSettings,
    AuthSettings,
    CallbackSettings,
    ConsoleSettings,
    EventSettings,
    OrchestrationSettings,
    RunnerSettings,
    RunnerTaskSettings,
    SchedulerSettings,
    SecretsSettings,
    Settings,
    StoreSettings,
    WorkflowMakingSettings,
    WorkflowSettings,
    variable_of,
)


class Kind(StrEnum):
    API = "api"  # API Gateway, through the route table
    STEP = "step"  # the execution state machine
    WORKFLOW_STEP = "workflow_step"  # every workflow's state machine
    SCHEDULE = "schedule"  # EventBridge Scheduler
    QUEUE = "queue"  # the callback queues
    STREAM = "stream"  # the table's change stream


class Grant(StrEnum):
    """What a function may do beyond running (each maps to one IAM grant in infra/grants.py)."""

    TABLE = "table"  # read and write the table
    SEAL = "seal"  # seal secrets (KMS GenerateDataKey)
    OPEN = "open"  # open sealed secrets (KMS Decrypt)
    START_RUNS = "start_runs"  # start the execution state machine
    STOP_RUNS = "stop_runs"  # stop its executions
    STOP_TASKS = "stop_tasks"  # stop runner tasks
    RUN_TASKS = "run_tasks"  # start runner tasks
    READ_STDOUT = "read_stdout"
    MANAGE_SCHEDULES = "manage_schedules"
    MANAGE_WORKFLOWS = "manage_workflows"  # make, start and stop the workflows' state machines
    ANSWER_WORKFLOW_TASKS = "answer_workflow_tasks"  # answer a workflow task's token
    PUT_STATUS_EVENTS = "put_status_events"
    QUEUE_NOTICES = "queue_notices"  # send callback notices
    QUEUE_RETRIES = "queue_retries"  # send callback retries


@dataclass(frozen=True)
class Function:
    name: str
    kind: Kind
    settings: tuple[type[Settings], ...] = ()
    grants: frozenset[Grant] = frozenset()
    timeout_seconds: int = 29

    @property
    def handler(self) -> str:
        return f"functions.{self.name}.handler.lambda_handler"

    @property
    def handler_module(self) -> str:
        return f"functions.{self.name}.handler"

    def variables(self) -> tuple[str, ...]:
        return (ENV_FUNCTION, *dict.fromkeys(v for model in self.settings for v in model.variables()))

    def environment(self, values: Mapping[str, str]) -> dict[str, str]:
        """This function's environment, taken from the stack's VALUES: each variable it reads that
        the stack sets (a required one it does not set is an error, found at synth)."""
        missing = [v for model in self.settings for v in model.required_variables() if v not in values]
        if missing:
            raise KeyError(f"function {self.name} needs {', '.join(missing)}, which the stack does not set")
        given = {v: values[v] for v in self.variables() if v in values}
        return {**given, ENV_FUNCTION: self.name}  # its own name, whatever the stack's values say


def _function(
    name: str,
    kind: Kind,
    *settings: type[Settings],
    grants: tuple[Grant, ...] = (),
    timeout_seconds: int = 29,
) -> Function:
    if kind is Kind.API:
        settings = (*settings, ConsoleSettings)  # every endpoint answers the console's origin
    return Function(name, kind, settings, frozenset(grants), timeout_seconds)


T = Grant
STORE = (StoreSettings,)
JOBS = (StoreSettings, SecretsSettings, CallbackSettings)
EXECUTIONS = (StoreSettings, SecretsSettings, ArtifactsSettings, OrchestrationSettings)
CONTROL = (*EXECUTIONS, RunnerTaskSettings)
WORKFLOW_RUNS = (*CONTROL, WorkflowSettings)
STEPS = (StoreSettings, RunnerTaskSettings)
STEP_SECONDS = 60
DELIVER_TIMEOUT_SECONDS = 300  # a notice to a dead receiver holds one attempt per URL (15 s); a batch is ten

# fmt: off
_ALL: tuple[Function, ...] = (
    # --- the API (the route table names these) --------------------------------------------------
    _function("login", Kind.API, AuthSettings),
    _function("openapi", Kind.API),
    _function("create_job", Kind.API, *JOBS, ArtifactsSettings, OrchestrationSettings,
              grants=(T.TABLE, T.SEAL, T.START_RUNS)),
    _function("list_jobs", Kind.API, *JOBS, grants=(T.TABLE,)),
    _function("get_job", Kind.API, *JOBS, grants=(T.TABLE,)),
    _function("update_job", Kind.API, *JOBS, ArtifactsSettings, OrchestrationSettings,
              grants=(T.TABLE, T.SEAL, T.OPEN, T.START_RUNS)),
    _function("delete_job", Kind.API, *JOBS, SchedulerSettings, grants=(T.TABLE, T.MANAGE_SCHEDULES)),
    _function("rotate_callback_secret", Kind.API, *JOBS, grants=(T.TABLE, T.SEAL)),
    _function("start_execution", Kind.API, *EXECUTIONS, grants=(T.TABLE, T.SEAL, T.START_RUNS)),
    _function("list_executions", Kind.API, *EXECUTIONS, grants=(T.TABLE,)),
    _function("get_execution", Kind.API, *EXECUTIONS, grants=(T.TABLE,)),
    _function("get_execution_by_id", Kind.API, *EXECUTIONS, grants=(T.TABLE,)),
    _function("list_events", Kind.API, *EXECUTIONS, grants=(T.TABLE,)),
    _function("list_execution_hosts", Kind.API, *EXECUTIONS, grants=(T.TABLE,)),
    _function("get_stdout", Kind.API, *EXECUTIONS, grants=(T.TABLE, T.READ_STDOUT)),
    _function("get_stdout_url", Kind.API, *EXECUTIONS, grants=(T.TABLE, T.READ_STDOUT)),
    _function("list_deliveries", Kind.API, *EXECUTIONS, grants=(T.TABLE,)),
    _function("relaunch_execution", Kind.API, *EXECUTIONS, grants=(T.TABLE, T.SEAL, T.OPEN, T.START_RUNS)),
    _function("restart_execution", Kind.API, *CONTROL, grants=(T.TABLE, T.SEAL, T.OPEN, T.START_RUNS)),
    _function("stop_execution", Kind.API, *CONTROL, grants=(T.TABLE,)),
    _function("kill_execution", Kind.API, *CONTROL,
              grants=(T.TABLE, T.STOP_RUNS, T.STOP_TASKS, T.ANSWER_WORKFLOW_TASKS)),
    _function("create_schedule", Kind.API, *STORE, SchedulerSettings, grants=(T.TABLE, T.MANAGE_SCHEDULES)),
    _function("list_schedules", Kind.API, *STORE, SchedulerSettings, grants=(T.TABLE,)),
    _function("update_schedule", Kind.API, *STORE, SchedulerSettings, grants=(T.TABLE, T.MANAGE_SCHEDULES)),
    _function("delete_schedule", Kind.API, *STORE, SchedulerSettings, grants=(T.TABLE, T.MANAGE_SCHEDULES)),
    _function("create_workflow", Kind.API, *STORE, WorkflowSettings, WorkflowMakingSettings,
              grants=(T.TABLE, T.MANAGE_WORKFLOWS)),
    _function("list_workflows", Kind.API, *STORE, WorkflowSettings, grants=(T.TABLE,)),
    _function("get_workflow", Kind.API, *STORE, WorkflowSettings, grants=(T.TABLE,)),
    _function("update_workflow", Kind.API, *STORE, WorkflowSettings, WorkflowMakingSettings,
              grants=(T.TABLE, T.MANAGE_WORKFLOWS)),
    _function("delete_workflow", Kind.API, *STORE, WorkflowSettings, grants=(T.TABLE, T.MANAGE_WORKFLOWS)),
    _function("start_workflow_run", Kind.API, *WORKFLOW_RUNS, WorkflowMakingSettings,
              grants=(T.TABLE, T.MANAGE_WORKFLOWS)),
    _function("get_workflow_run", Kind.API, *WORKFLOW_RUNS, grants=(T.TABLE,)),
    _function("cancel_workflow_run", Kind.API, *WORKFLOW_RUNS,
              grants=(T.TABLE, T.STOP_RUNS, T.STOP_TASKS, T.MANAGE_WORKFLOWS, T.ANSWER_WORKFLOW_TASKS)),
    _function("resume_workflow_run", Kind.API, *WORKFLOW_RUNS, WorkflowMakingSettings,
              grants=(T.TABLE, T.MANAGE_WORKFLOWS)),
    # --- the execution state machine's steps (they need not know the state machine) ------------
    _function("step_initialize", Kind.STEP, *STEPS, grants=(T.TABLE,), timeout_seconds=STEP_SECONDS),
    _function("step_plan_slices", Kind.STEP, *STEPS, grants=(T.TABLE,), timeout_seconds=STEP_SECONDS),
    _function("step_start_slice", Kind.STEP, *STEPS, grants=(T.TABLE,), timeout_seconds=STEP_SECONDS),
    _function("step_record_slice", Kind.STEP, *STEPS, grants=(T.TABLE,), timeout_seconds=STEP_SECONDS),
    _function("step_run_playbook", Kind.STEP, *STEPS, grants=(T.TABLE, T.RUN_TASKS), timeout_seconds=STEP_SECONDS),
    _function("step_finalize", Kind.STEP, *STEPS, grants=(T.TABLE, T.STOP_TASKS, T.ANSWER_WORKFLOW_TASKS),
              timeout_seconds=STEP_SECONDS),
    # --- every workflow's steps (they make no state machine) -----------------------------------
    _function("step_workflow_task", Kind.WORKFLOW_STEP, *WORKFLOW_RUNS,
              grants=(T.TABLE, T.START_RUNS, T.ANSWER_WORKFLOW_TASKS), timeout_seconds=STEP_SECONDS),
    _function("step_workflow_finish", Kind.WORKFLOW_STEP, *WORKFLOW_RUNS,
              grants=(T.TABLE, T.STOP_RUNS, T.STOP_TASKS, T.ANSWER_WORKFLOW_TASKS), timeout_seconds=STEP_SECONDS),
    # --- the rest -------------------------------------------------------------------------------
    _function(SCHEDULE_FUNCTION, Kind.SCHEDULE, *EXECUTIONS, grants=(T.TABLE, T.START_RUNS)),
    _function(CALLBACK_FUNCTION, Kind.QUEUE, *STORE, SecretsSettings, CallbackSettings,
              grants=(T.TABLE, T.OPEN, T.QUEUE_RETRIES), timeout_seconds=DELIVER_TIMEOUT_SECONDS),
    _function(NOTICE_FUNCTION, Kind.STREAM, *STORE, EventSettings, CallbackSettings,
              grants=(T.TABLE, T.PUT_STATUS_EVENTS, T.QUEUE_NOTICES)),
)
# fmt: on

FUNCTIONS: dict[str, Function] = {function.name: function for function in _ALL}


# What every function's runtime is told besides its catalogue variables, in both homes. Pydantic
# looks its plugins up in every installed distribution's entry points at the first model: none
# are used, and the lookup is a measurable part of a cold start.
RUNTIME_ENVIRONMENT = {"POWERTOOLS_SERVICE_NAME": APP_NAME, "PYDANTIC_DISABLE_PLUGINS": "__all__"}


def of_kind(kind: Kind) -> list[Function]:
    return [function for function in _ALL if function.kind is kind]


def runner_variables() -> tuple[str, ...]:
    """What the runner's task definition gives every task (the dispatch step adds the run's ids)."""
    return tuple(variable_of(name) for name in RunnerSettings.model_fields if name not in GIVEN_PER_RUN)


def runner_environment(values: Mapping[str, str]) -> dict[str, str]:
    return {variable: values[variable] for variable in runner_variables() if variable in values}
