"""The runner as an ECS (Fargate) task: started with ids and a task token, never a secret."""

from typing import Any

from playrunner.aws import AwsClient
from playrunner.naming import ENV_ACCOUNT_ALIAS, ENV_EXECUTION_ID, ENV_TASK_TOKEN, RUNNER_CONTAINER_NAME
from playrunner.settings import RunnerTaskSettings


class RunnerTaskError(Exception):
    """ECS would not start the runner task."""


class RunnerTasks(AwsClient):
    service = "ecs"

    def __init__(self, settings: RunnerTaskSettings, client: Any = None) -> None:
        super().__init__(client)
        self._settings = settings

    def start(self, *, execution_id: str, account_alias: str, task_token: str) -> str:
        settings = self._settings
        answer = self.client.run_task(
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
                        ],
                    }
                ]
            },
        )
        if answer.get("failures") or not answer.get("tasks"):
            raise RunnerTaskError(f"ECS did not start the runner: {answer.get('failures')}")
        return str(answer["tasks"][0]["taskArn"])

    def stop(self, task_arn: str, reason: str) -> None:
        self.client.stop_task(cluster=self._settings.runner_cluster, task=task_arn, reason=reason[:255])
