"""Workflows: define, read, replace, delete and list; a workflow is saved only if it can run."""

from __future__ import annotations

from playrunner.errors import Invalid, NotFound
from playrunner.models.auth import Caller
from playrunner.models.errors import FieldError
from playrunner.models.page import Page
from playrunner.models.workflow import Workflow, WorkflowSpec
from playrunner.orchestration.workflow_definition import WorkflowTooLarge, compile_workflow
from playrunner.orchestration.workflow_machines import WorkflowMachines
from playrunner.services.clock import now_ms
from playrunner.services.workflow_graph import workflow_problems
from playrunner.store.jobs import JobStore
from playrunner.store.workflows import WorkflowRecord, WorkflowStore


class WorkflowService:
    def __init__(self, store: WorkflowStore, jobs: JobStore, machines: WorkflowMachines) -> None:
        self._store = store
        self._jobs = jobs
        self._machines = machines  # each workflow's state machine follows its definition

    def _check(self, account_alias: str, spec: WorkflowSpec) -> None:
        known: set[str] = set()
        for job_id in {task.job_id for task in spec.tasks.values()}:
            try:
                self._jobs.get(account_alias, job_id)
                known.add(job_id)
            except NotFound:
                pass
        problems = workflow_problems(spec, known)
        if not problems:
            try:
                compile_workflow(spec, task_function="task", finish_function="finish")
            except WorkflowTooLarge as exc:
                problems.append(FieldError(field="tasks", reason=str(exc)))
        if problems:
            summary = "; ".join(f"{problem.field}: {problem.reason}" for problem in problems)
            raise Invalid(f"the workflow cannot run: {summary}", error_code="INVALID_WORKFLOW", details=problems)

    def create(self, account_alias: str, spec: WorkflowSpec, caller: Caller) -> Workflow:
        self._check(account_alias, spec)
        now = now_ms()
        workflow = Workflow.model_validate(
            {
                **spec.model_dump(mode="json", by_alias=True),
                "accountAlias": account_alias,
                "createdBy": caller.user_name,
                "createdTime": now,
                "lastUpdatedTime": now,
            }
        )
        self._store.create(WorkflowRecord(workflow=workflow))
        try:
            self._follow(account_alias, workflow)
        except Exception:
            self._store.delete(account_alias, workflow.name)  # nothing half-made stays behind
            raise
        return workflow

    def get(self, account_alias: str, name: str) -> Workflow:
        return self._store.get(account_alias, name).workflow

    def replace(self, account_alias: str, name: str, spec: WorkflowSpec) -> Workflow:
        if spec.name != name:
            raise Invalid(f"the body names workflow {spec.name!r}, the path {name!r}", error_code="NAME_MISMATCH")
        current = self._store.get(account_alias, name)
        self._check(account_alias, spec)
        workflow = Workflow.model_validate(
            {
                **spec.model_dump(mode="json", by_alias=True),
                "accountAlias": account_alias,
                "createdBy": current.workflow.created_by,
                "createdTime": current.workflow.created_time,
                "lastUpdatedTime": now_ms(),
            }
        )
        replaced = self._store.replace(WorkflowRecord(workflow=workflow), expected_version=current.version).workflow
        self._follow(account_alias, replaced)
        return replaced

    def delete(self, account_alias: str, name: str) -> None:
        self._store.delete(account_alias, name)
        self._machines.delete(account_alias, name)

    def _follow(self, account_alias: str, workflow: Workflow) -> None:
        """Bring the workflow's state machine up to its definition (a start does it too)."""
        self._machines.ensure(account_alias, workflow.spec())

    def list(self, account_alias: str, page: int, size: int, next_token: str | None = None) -> Page[Workflow]:
        records, after = self._store.page(account_alias, page, size, next_token)
        return Page[Workflow](
            total_size=self._store.count(account_alias),
            page=page,
            size=size,
            results=[record.workflow for record in records],
            next_token=after,
        )
