"""Every status change of an execution, put on the stack's EventBridge bus, so AWS users can
route it anywhere (source `playrunner`, detail-type `Execution Status Change`).

They are put by the notice publisher, which the table's change stream feeds: a put that fails
is raised, and the stream gives the change again (at least once).
"""

import json
from typing import Any

from playrunner.aws import AwsClient
from playrunner.models.execution import Execution
from playrunner.naming import APP_NAME
from playrunner.store.executions import ExecutionRecord

DETAIL_TYPE = "Execution Status Change"


class StatusEventRefused(RuntimeError):
    """EventBridge took the request but not the event (throttled, or failing inside)."""


def status_detail(previous: str | None, execution: Execution) -> dict[str, Any]:
    return {
        "execution_id": execution.execution_id,
        "job_id": execution.job_id,
        "account_alias": execution.account_alias,
        "status": execution.status,
        "previous_status": previous,
        "status_reason": execution.status_reason,
        "launch_type": execution.launch_type,
        "failed_hosts": execution.failed_hosts,  # at the end, while it has at most NOTICE_INLINE_HOSTS hosts
        "hosts_truncated": execution.hosts_truncated,
        "host_counts": execution.host_counts,
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
        entry = {
            "Source": APP_NAME,
            "DetailType": DETAIL_TYPE,
            "Detail": json.dumps(status_detail(previous, record.execution)),
            "EventBusName": self._bus_name,
            "Resources": [],
        }
        answer = self.client.put_events(Entries=[entry])
        if answer.get("FailedEntryCount"):
            raise StatusEventRefused(f"EventBridge refused a status event: {answer.get('Entries')}")
