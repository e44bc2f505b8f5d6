"""Control of an execution after its start: restart its failed hosts, stop it, kill it.

Each is one conditional transition of the execution's status and version, so of two racing
requests only one can win; the loser is told the status it found (409).
"""

from playrunner.errors import Forbidden, Invalid, NotFound
from playrunner.models.auth import Caller
from playrunner.models.execution import (
    Execution,
    RestartRequest,
    StopRequest,
    Target,
)
from playrunner.models.job import Job
from playrunner.orchestration.contracts import StepState
from playrunner.orchestration.runs import StateMachine
from playrunner.secrets.envelope import SecretBox
from playrunner.services.clock import now_ms
from playrunner.services.executions import run_input
from playrunner.services.host_results import HostResults
from playrunner.services.lifecycle import ALLOWED_FROM
from playrunner.services.secret_contexts import execution_context
from playrunner.services.secret_fields import keep_stored, scoped_to, split_secrets
from playrunner.services.steps import ExecutionSteps
from playrunner.store.executions import ExecutionRecord, ExecutionStore
from playrunner.store.jobs import JobStore


def restart_targets(
    job: Job, record: ExecutionRecord, request: RestartRequest, failed: list[str]
) -> tuple[list[Target], list[str]]:
    """(every host the execution knows after the restart, the hosts this run targets).

    By default the FAILED hosts (failed, unreachable or never run); a list may name any of the
    execution's or the job's hosts, or another host given with its hostVars. A host keeps the
    hostVars it ran with.
    """
    if not request.hosts:
        return list(record.targets), failed or [t.id for t in record.targets]
    targets = {target.id: target for target in record.targets}
    job_hosts = {host.id: host.host_vars for host in job.hosts}
    for host in request.hosts:
        given = host.host_vars or {}
        if host.id in targets:
            known = targets[host.id]
            targets[host.id] = known.model_copy(update={"host_vars": {**known.host_vars, **given}})
        elif host.id in job_hosts:
            targets[host.id] = Target(id=host.id, host_vars={**job_hosts[host.id], **given})
        elif given:
            targets[host.id] = Target(id=host.id, host_vars=given)
        else:
            raise Invalid(
                f"host {host.id} is not one of job {job.id}'s hosts: give its hostVars to run on it",
                error_code="UNKNOWN_HOST",
            )
    return list(targets.values()), [host.id for host in request.hosts]


def _interrupting(record: ExecutionRecord, status: str, reason: str, **changes: object) -> ExecutionRecord:
    execution = record.execution.model_copy(
        update={"status": status, "status_reason": reason, "last_updated_time": now_ms()}
    )
    return record.model_copy(update={"execution": execution, **changes})


class ExecutionControl:
    def __init__(
        self,
        jobs: JobStore,
        executions: ExecutionStore,
        secret_box: SecretBox,
        state_machine: StateMachine,
        steps: ExecutionSteps,
        hosts: HostResults,
    ) -> None:
        self._hosts = hosts
        self._jobs = jobs
        self._executions = executions
        self._secret_box = secret_box
        self._state_machine = state_machine
        self._steps = steps

    def _record(self, account_alias: str, job_id: str, execution_id: str) -> ExecutionRecord:
        record = self._executions.get(account_alias, execution_id)
        if record.execution.job_id != job_id:
            raise NotFound(f"job {job_id} has no execution {execution_id}", error_code="EXECUTION_NOT_FOUND")
        return record

    def restart(
        self, account_alias: str, job_id: str, execution_id: str, request: RestartRequest, caller: Caller
    ) -> Execution:
        """Run a FAILURE execution again, as the same execution, with the commit its first run ran."""
        job = self._jobs.get(account_alias, job_id).job
        self._record(account_alias, job_id, execution_id)
        masked, given, kept = split_secrets(request.model_dump(mode="json", by_alias=True, exclude_none=True))
        keep_stored(given, kept, {})
        request = RestartRequest.model_validate(masked)  # hostVars passwords stay sealed
        context = execution_context(account_alias, execution_id)
        failed = self._hosts.failed_hosts(self._executions.get(account_alias, execution_id))

        def change(current: ExecutionRecord) -> ExecutionRecord:
            targets, run_hosts = restart_targets(job, current, request, failed)
            sealed = current.sealed_secrets
            own = current.execution.created_by == caller.user_name
            if sealed and not own and not given:
                # As relaunch: secrets given at start are reused only by who gave them.
                raise Forbidden(
                    f"execution {execution_id} was started with a private key by another user: "
                    "give sshPrivateKey again",
                    error_code="SECRET_PROMPTS_REQUIRED",
                )
            if given:  # keys given again replace the ones given at start, path by path
                stored = self._secret_box.open(sealed, context) if sealed and own else {}
                sealed = self._secret_box.seal({**stored, **scoped_to(given, run_hosts)}, context)
            run = len(current.execution.timers) + 1
            execution = current.execution.model_copy(
                update={
                    "status": "PENDING",
                    "status_reason": f"restarted by {caller.user_name} on {len(run_hosts)} host(s)",
                    "host_count": len(targets),
                    "last_updated_time": now_ms(),
                }
            )
            return current.model_copy(
                update={
                    "execution": execution,
                    "targets": targets,
                    "run_hosts": run_hosts,
                    "sealed_secrets": sealed,
                    "runner_tasks": {},
                    "slice_size": 0,
                    "slice_error": None,
                    "stop_deadline": None,
                    "run_name": f"{execution_id}-run{run}",
                }
            )

        before = self._executions.get(account_alias, execution_id)
        written = self._executions.transition(account_alias, execution_id, ALLOWED_FROM["PENDING"], change)
        try:
            self._state_machine.start(written.state_machine_run, run_input(written.execution))
        except Exception:
            # Nothing half-done stays behind: the execution is FAILURE again, as it was.
            self._executions.transition(
                account_alias,
                execution_id,
                {"PENDING"},
                lambda current: before.model_copy(update={"version": current.version}),
            )
            raise
        return written.execution

    def stop(
        self, account_alias: str, job_id: str, execution_id: str, request: StopRequest, caller: Caller
    ) -> Execution:
        """STOPPING: the runner lets the current task finish (up to expiryDuration), then
        interrupts the playbook; the state machine records what ran and ends it STOPPED."""
        self._record(account_alias, job_id, execution_id)

        def change(current: ExecutionRecord) -> ExecutionRecord:
            deadline = now_ms() + request.expiry_duration * 1000
            if current.stop_deadline is not None:  # a second stop may only hurry the first
                deadline = min(deadline, current.stop_deadline)
            return _interrupting(current, "STOPPING", f"stopped by {caller.user_name}", stop_deadline=deadline)

        return self._executions.transition(account_alias, execution_id, ALLOWED_FROM["STOPPING"], change).execution

    def kill(self, account_alias: str, job_id: str, execution_id: str, caller: Caller) -> Execution:
        """KILLING, then KILLED at once: the state machine and the runner task are stopped, and the
        results the runner recorded until then are kept."""
        self._record(account_alias, job_id, execution_id)

        cause = f"killed by {caller.user_name}"

        def change(current: ExecutionRecord) -> ExecutionRecord:
            return _interrupting(current, "KILLING", cause)

        killing = self._executions.transition(account_alias, execution_id, ALLOWED_FROM["KILLING"], change)
        self._state_machine.stop(killing.state_machine_run, error="Killed", cause=cause)
        for task_arn in killing.runner_tasks.values():  # every slice's, at once; the end below makes sure
            self._steps.lifecycle.stop_runner(task_arn, cause)
        state = StepState(execution_id=execution_id, account_alias=account_alias, job_id=job_id)
        self._steps.finalize(state)  # KILLED; its runner stopped
        return killing.execution
