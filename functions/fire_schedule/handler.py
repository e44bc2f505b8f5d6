"""EventBridge Scheduler's target: a job's schedule fired, so start the job (launch_type schedule)."""

from typing import Any

from playrunner.composition.executions import execution_service
from playrunner.models.schedule import ScheduledStart
from playrunner.observability import logger, metrics


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    fired = ScheduledStart.model_validate(event)
    logger.append_keys(account_alias=fired.account_alias, job_id=fired.job_id, schedule=fired.schedule)
    execution = execution_service().start_scheduled(fired)
    logger.info("schedule fired", extra={"execution_id": execution.execution_id, "due": fired.scheduled_time})
    return execution.model_dump(mode="json")
