"""Every status change of an execution, put on the stack's EventBridge bus, so AWS users can
route it anywhere (source `playrunner`, detail-type `Execution Status Change`).

Publishing is best effort and off the execution's path: a failed put is logged, never raised.
"""

import json
from typing import Any

from playrunner.aws import AwsClient
from playrunner.models.execution import Execution
from playrunner.naming import APP_NAME
from playrunner.observability import logger
from playrunner.store.executions import ExecutionRecord

DETAIL_TYPE = "Execution Status Change"


def status_detail(previous: str | None, execution: Execution) -> dict[str, Any]:
    return {
        "execution_id": execution.execution_id,
        "job_id": execution.job_id,
        "account_alias": execution.account_alias,
        "status": execution.status,
        "previous_status": previous,
        "status_reason": execution.status_reason,
        "launch_type": execution.launch_type,
        "failed_hosts": execution.failed_hosts,
        "time": execution.last_updated_time,
    }


class StatusEvents(AwsClient):
    service = "events"

    def __init__(self, bus_name: str, client: Any = None) -> None:
        super().__init__(client)
        self._bus_name = bus_name

    def changed(self, previous: str | None, record: ExecutionRecord) -> None:
        if not self._bus_name:
            return
        execution = record.execution
        entry = {
            "Source": APP_NAME,
            "DetailType": DETAIL_TYPE,
            "Detail": json.dumps(status_detail(previous, execution)),
            "EventBusName": self._bus_name,
            "Resources": [],
        }
        try:
            answer = self.client.put_events(Entries=[entry])
            if answer.get("FailedEntryCount"):
                logger.warning("EventBridge refused a status event", extra={"entries": answer.get("Entries")})
        except Exception:
            logger.exception("could not put a status event", extra={"execution_id": execution.execution_id})
