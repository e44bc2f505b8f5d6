"""The runner as an ECS (Fargate) task: started with ids and a task token, never a secret."""

from typing import Any

from botocore.exceptions import ClientError

from playrunner.aws import AwsClient
from playrunner.naming import ENV_ACCOUNT_ALIAS, ENV_EXECUTION_ID, ENV_SLICE, ENV_TASK_TOKEN, RUNNER_CONTAINER_NAME
from playrunner.settings import RunnerTaskSettings


class RunnerTaskError(Exception):
    """ECS would not start the runner task."""


class RunnerCapacityUnavailable(RunnerTaskError):
    """No room for a runner now (ECS capacity, its throttling, the local stack's runner slots):
    the state machine asks again, with backoff, for as long as the policy says (retry_policy.py)."""


# What ECS (and the local stack, playing it) answers when a task cannot be placed now.
CAPACITY_REASONS = ("Capacity is unavailable", "RESOURCE:", "waiting for a runner slot")
THROTTLED_CODES = frozenset({"ThrottlingException", "ServerException"})


class RunnerTasks(AwsClient):
    service = "ecs"

    def __init__(self, settings: RunnerTaskSettings, client: Any = None) -> None:
        super().__init__(client)
        self._settings = settings

    def start(self, *, execution_id: str, account_alias: str, task_token: str, slice_number: int = 0) -> str:
        settings = self._settings
        try:
            answer = self._run_task(settings, execution_id, account_alias, task_token, slice_number)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in THROTTLED_CODES:
                raise RunnerCapacityUnavailable("waiting for runner capacity: ECS is throttling starts") from exc
            raise
        failures = answer.get("failures") or []
        reasons = [str(failure.get("reason", "")) for failure in failures]
        waiting = next((reason for reason in reasons if reason.startswith(CAPACITY_REASONS)), None)
        if waiting is not None:
            said = waiting if waiting.startswith("waiting") else f"waiting for runner capacity: {waiting}"
            raise RunnerCapacityUnavailable(said)
        if failures or not answer.get("tasks"):
            raise RunnerTaskError(f"ECS did not start the runner: {failures}")
        return str(answer["tasks"][0]["taskArn"])

    def _run_task(
        self, settings: RunnerTaskSettings, execution_id: str, account_alias: str, task_token: str, slice_number: int
    ) -> Any:
        return self.client.run_task(
            cluster=settings.runner_cluster,
            taskDefinition=settings.runner_task_definition,
            launchType="FARGATE",
            count=1,
            startedBy=execution_id[:36],
            networkConfiguration={
                "awsvpcConfiguration": {
                    "subnets": settings.subnets,
                    "securityGroups": settings.security_groups,
                    "assignPublicIp": "ENABLED" if settings.runner_assign_public_ip else "DISABLED",
                }
            },
            overrides={
                "containerOverrides": [
                    {
                        "name": RUNNER_CONTAINER_NAME,
                        "environment": [
                            {"name": ENV_EXECUTION_ID, "value": execution_id},
                            {"name": ENV_ACCOUNT_ALIAS, "value": account_alias},
                            {"name": ENV_TASK_TOKEN, "value": task_token},
                            {"name": ENV_SLICE, "value": str(slice_number)},
                        ],
                    }
                ]
            },
        )

    def stop(self, task_arn: str, reason: str) -> None:
        self.client.stop_task(cluster=self._settings.runner_cluster, task=task_arn, reason=reason[:255])
