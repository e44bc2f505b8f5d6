"""Executions: start a job's run, and read what happened."""

from __future__ import annotations

import json
import uuid
from typing import Any

from pydantic import ValidationError

from playrunner.errors import Conflict, Forbidden, Invalid, NotFound
from playrunner.models.auth import Caller
from playrunner.models.delivery import DeliveryPage
from playrunner.models.execution import (
    EventPage,
    Execution,
    ExecutionEvent,
    JobParam,
    LaunchType,
    RelaunchRequest,
    StartRequest,
    StdoutLinks,
    StdoutPage,
    StdoutRun,
    Target,
)
from playrunner.models.host_results import HostResultPage
from playrunner.models.job import Job
from playrunner.models.page import Page
from playrunner.models.schedule import ScheduledStart
from playrunner.orchestration.runs import StateMachine
from playrunner.secrets.envelope import SecretBox
from playrunner.services.clock import new_id, now_ms
from playrunner.services.host_results import HostResults
from playrunner.services.parameters import resolve_job_params
from playrunner.services.secret_contexts import execution_context
from playrunner.services.secret_fields import keep_stored, scoped_to, split_secrets
from playrunner.store.artifacts import URL_SECONDS, StdoutStore
from playrunner.store.deliveries import DeliveryStore
from playrunner.store.events import EventStore
from playrunner.store.executions import ExecutionRecord, ExecutionStore, WorkflowLink
from playrunner.store.jobs import JobStore

SCHEDULED_NAMESPACE = uuid.UUID("6f1c7d2e-3b8a-4f5e-9a0d-2c4b6e8f1a3c")


def _param_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _no_execution(job_id: str, execution_id: str) -> NotFound:
    return NotFound(f"job {job_id} has no execution {execution_id}", error_code="EXECUTION_NOT_FOUND")


def run_input(execution: Execution) -> dict[str, str]:
    """The state machine's input: ids only, never a secret (Step Functions keeps history 90 days)."""
    return {
        "execution_id": execution.execution_id,
        "account_alias": execution.account_alias,
        "job_id": execution.job_id,
    }


def whole_characters(data: bytes) -> int:
    """How many of DATA's bytes end on a whole UTF-8 character (a page never cuts one in two)."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte & 0xC0 != 0x80:  # where the last character starts
            width = 1 if byte < 0x80 else 2 if byte >> 5 == 0b110 else 3 if byte >> 4 == 0b1110 else 4
            return len(data) if back >= width else len(data) - back
    return len(data)


# Slices write their numbered batches at once: a number missing before a newer event is a batch
# still being written, for at most this long (a runner that died with it leaves a gap for good).
GAP_WAIT_MS = 60_000


def until_gap(events: list[ExecutionEvent], after: int, now: int) -> list[ExecutionEvent]:
    """EVENTS up to the first missing number that a batch still being written may fill: a
    reader following with after= must not step over events that are yet to arrive."""
    expected = max(after, 0) + 1
    for index, event in enumerate(events):
        if event.seq != expected and now - event.time < GAP_WAIT_MS:
            return events[:index]
        expected = event.seq + 1
    return events


def execution_path(execution: Execution) -> str:
    return f"/jobs/{execution.account_alias}/{execution.job_id}/executions/{execution.execution_id}"


def resolve_targets(job: Job, request: StartRequest) -> list[Target]:
    """The job's own hosts keep their hostVars (a start may add to them); other hosts, as the
    Runner allowed, run with what the start gives them."""
    job_hosts = {host.id: host.host_vars for host in job.hosts}
    if not request.hosts:
        return [Target(id=host_id, host_vars=host_vars) for host_id, host_vars in job_hosts.items()]
    return [
        Target(id=host.id, host_vars={**job_hosts.get(host.id, {}), **(host.host_vars or {})}) for host in request.hosts
    ]


class ExecutionService:
    def __init__(
        self,
        jobs: JobStore,
        executions: ExecutionStore,
        events: EventStore,
        stdout: StdoutStore,
        secret_box: SecretBox,
        state_machine: StateMachine,
        deliveries: DeliveryStore,
        hosts: HostResults,
    ) -> None:
        self._hosts = hosts
        self._deliveries = deliveries
        self._jobs = jobs
        self._executions = executions
        self._events = events
        self._stdout = stdout
        self._secret_box = secret_box
        self._state_machine = state_machine

    def start(
        self,
        account_alias: str,
        job_id: str,
        request: StartRequest,
        caller: Caller,
        *,
        launch_type: LaunchType = "manual",
    ) -> Execution:
        job = self._jobs.get(account_alias, job_id).job
        masked, secrets, kept = split_secrets(request.model_dump(mode="json", by_alias=True, exclude_none=True))
        keep_stored(secrets, kept, {})  # nothing is stored yet: "$encrypted$" means nothing here
        return self._launch(
            job,
            resolve_targets(job, StartRequest.model_validate(masked)),  # hostVars passwords stay sealed
            secrets,
            caller,
            launch_type=launch_type,
            job_params=resolve_job_params(job, request.job_params),
            max_errors=request.max_errors,
        )

    def relaunch(
        self, account_alias: str, job_id: str, execution_id: str, request: RelaunchRequest, caller: Caller
    ) -> Execution:
        """A new execution of the same hosts and parameters; unlike a restart it fetches the
        branch head again. Keys given at the original's start are reused only by who gave them."""
        job = self._jobs.get(account_alias, job_id).job
        original = self._executions.get(account_alias, execution_id)
        if original.execution.job_id != job_id:
            raise _no_execution(job_id, execution_id)
        chosen = original.targets
        if request.hosts == "failed":
            failed = set(self._hosts.failed_hosts(original))
            if not failed:
                raise Invalid(f"execution {execution_id} has no failed host to relaunch", error_code="NO_FAILED_HOSTS")
            chosen = [target for target in original.targets if target.id in failed]
        if request.ssh_private_key is not None:
            secrets = {"sshPrivateKey": request.ssh_private_key}
        elif original.sealed_secrets is None:
            secrets = {}
        elif original.execution.created_by == caller.user_name:
            secrets = self._secret_box.open(original.sealed_secrets, execution_context(account_alias, execution_id))
        else:
            raise Forbidden(
                f"execution {execution_id} was started with a private key by another user: give sshPrivateKey again",
                error_code="SECRET_PROMPTS_REQUIRED",
            )
        return self._launch(
            job,
            chosen,
            secrets,
            caller,
            launch_type="relaunch",
            job_params=original.execution.job_params,
            variables=original.execution.variables,
            limit=[target.id for target in chosen],
            relaunched_from=execution_id,
            max_errors=original.execution.max_errors,
        )

    def start_scheduled(self, fired: ScheduledStart) -> Execution:
        """A schedule fired. Scheduler may deliver one firing twice: the execution is named from
        the schedule and the time it was due, so the second delivery finds it and starts nothing."""
        execution_id = str(
            uuid.uuid5(SCHEDULED_NAMESPACE, f"{fired.account_alias}/{fired.schedule}/{fired.scheduled_time}")
        )
        try:
            return self._executions.get(fired.account_alias, execution_id).execution
        except NotFound:
            pass
        job = self._jobs.get(fired.account_alias, fired.job_id).job
        caller = Caller(user_name=f"schedule:{fired.schedule}", account_alias=fired.account_alias)
        try:
            return self._launch(
                job,
                resolve_targets(job, StartRequest()),
                {},
                caller,
                launch_type="schedule",
                job_params=resolve_job_params(job, []),
                execution_id=execution_id,
            )
        except Conflict:  # the other delivery won the race to create it
            return self._executions.get(fired.account_alias, execution_id).execution

    def start_for_workflow(
        self,
        account_alias: str,
        job_id: str,
        *,
        variables: dict[str, Any],
        link: WorkflowLink,
        caller: Caller,
        execution_id: str,
    ) -> Execution:
        """An execution of a workflow's task, on all of the job's hosts, with the workflow's
        variables; the job's declared parameters are taken from them by name. A retried task
        step gives the same EXECUTION_ID and finds the execution it started."""
        try:
            return self._executions.get(account_alias, execution_id).execution
        except NotFound:
            pass
        job = self._jobs.get(account_alias, job_id).job
        try:
            given = [
                JobParam(name=p.name, value=_param_text(variables[p.name]))
                for p in job.parameters
                if p.name in variables
            ]
        except ValidationError as exc:
            raise Invalid(
                f"a variable given as a parameter of job {job_id} is too long", error_code="INVALID_JOB_PARAMETERS"
            ) from exc
        return self._launch(
            job,
            resolve_targets(job, StartRequest()),
            {},
            caller,
            launch_type="workflow",
            job_params=resolve_job_params(job, given),
            variables=variables,
            workflow=link,
            execution_id=execution_id,
        )

    def _launch(
        self,
        job: Job,
        targets: list[Target],
        secrets: dict[str, str],
        caller: Caller,
        *,
        launch_type: LaunchType,
        job_params: list[JobParam],
        variables: dict[str, Any] | None = None,
        workflow: WorkflowLink | None = None,
        limit: list[str] | None = None,
        relaunched_from: str | None = None,
        execution_id: str | None = None,
        max_errors: str | None = None,
    ) -> Execution:
        """Write the execution (PENDING) with its keys sealed to it, and start its state machine."""
        account_alias = job.account_alias
        execution_id = execution_id or new_id()
        now = now_ms()
        execution = Execution(
            execution_id=execution_id,
            job_id=job.id,
            account_alias=account_alias,
            status="PENDING",
            hosts=[target.id for target in targets],
            host_count=len(targets),
            max_errors=max_errors or job.max_errors,
            launch_type=launch_type,
            limit=limit,
            relaunched_from=relaunched_from,
            job_params=job_params,
            variables=variables or {},
            workflow_run_id=workflow.run_id if workflow else None,
            created_by=caller.user_name,
            created_time=now,
            last_updated_time=now,
        )
        secrets = scoped_to(secrets, [target.id for target in targets])
        sealed = self._secret_box.seal(secrets, execution_context(account_alias, execution_id)) if secrets else None
        disabled = set(job.details.disabled_callbacks)
        callbacks = [callback for callback in job.callbacks if callback.url not in disabled]
        record = ExecutionRecord(
            execution=execution, targets=targets, sealed_secrets=sealed, callbacks=callbacks, workflow=workflow
        )
        record = self._executions.create(record)
        try:
            # Named by the execution id: a retried start cannot run the same execution twice.
            self._state_machine.start(execution_id, run_input(execution))
        except Exception:
            self._executions.delete(record)  # nothing half-written stays behind
            raise
        return execution

    def _record(
        self, account_alias: str, execution_id: str, job_id: str | None, with_targets: bool = True
    ) -> ExecutionRecord:
        record = self._executions.get(account_alias, execution_id, with_targets=with_targets)
        if job_id is not None and record.execution.job_id != job_id:
            raise _no_execution(job_id, execution_id)
        return record

    def get(
        self, account_alias: str, execution_id: str, job_id: str | None = None, host_details: bool = True
    ) -> Execution:
        """The execution with its hosts' results (while it has at most INLINE_HOSTS hosts); without
        HOST_DETAILS, its item alone (counts, no lists): what a page following its status reads."""
        if not host_details:
            return self._record(account_alias, execution_id, job_id, with_targets=False).execution
        return self._hosts.detailed(self._record(account_alias, execution_id, job_id))

    def hosts(
        self, account_alias: str, job_id: str, execution_id: str, state: str | None, token: str | None, size: int
    ) -> HostResultPage:
        record = self._record(account_alias, execution_id, job_id)
        results, after = self._hosts.page(record, state, token, size)
        return HostResultPage(execution_id=execution_id, hosts=results, next_token=after)

    def list(
        self, account_alias: str, job_id: str, page: int, size: int, next_token: str | None = None
    ) -> Page[Execution]:
        records, after = self._executions.page(account_alias, job_id, page, size, next_token)
        return Page[Execution](
            total_size=self._executions.count(account_alias, job_id),
            page=page,
            size=size,
            # Each host's result is read per execution (GET .../executions/{id}), not in a list.
            results=[record.execution.model_copy(update={"hosts_truncated": True}) for record in records],
            next_token=after,
        )

    def events(self, account_alias: str, job_id: str, execution_id: str, after: int, limit: int) -> EventPage:
        self._record(account_alias, execution_id, job_id)
        events = until_gap(self._events.after(account_alias, execution_id, after, limit), after, now_ms())
        return EventPage(execution_id=execution_id, events=events, last_seq=events[-1].seq if events else after)

    def deliveries(
        self, account_alias: str, job_id: str, execution_id: str, after: str | None, limit: int
    ) -> DeliveryPage:
        self._record(account_alias, execution_id, job_id)
        attempts, following = self._deliveries.after(account_alias, execution_id, after, limit)
        return DeliveryPage(execution_id=execution_id, deliveries=attempts, next=following)

    def stdout(self, account_alias: str, job_id: str, execution_id: str, offset: int, limit: int) -> StdoutPage:
        """LIMIT bytes of the execution's stdout from OFFSET, ending before a character that would
        be cut in two (its next page starts there)."""
        self._record(account_alias, execution_id, job_id)
        data, total = self._stdout.read_range(account_alias, execution_id, offset, limit)
        if offset + len(data) < total:
            data = data[: whole_characters(data) or len(data)]  # a limit under one character still moves on
        end = offset + len(data)
        return StdoutPage(
            text=data.decode("utf-8", "replace"),
            offset=offset,
            next_offset=end if end < total else None,
            total_size=total,
        )

    def stdout_links(self, account_alias: str, job_id: str, execution_id: str) -> StdoutLinks:
        self._record(account_alias, execution_id, job_id)
        runs = [
            StdoutRun(run=run, slice=number, size=size, url=url)
            for run, number, size, url in self._stdout.urls(account_alias, execution_id)
        ]
        return StdoutLinks(execution_id=execution_id, runs=runs, expires_in=URL_SECONDS)
