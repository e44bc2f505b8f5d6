"""How items are keyed: one place for every entity's partition and sort keys."""

from playrunner.store.dynamodb import Item
from playrunner.store.schema import PARTITION_KEY, SORT_KEY

ACCOUNT_PREFIX = "ACCOUNT#"
JOB_PREFIX = "JOB#"


def account_partition(account_alias: str) -> str:
    return f"{ACCOUNT_PREFIX}{account_alias}"


def key(partition: str, sort: str) -> Item:
    return {PARTITION_KEY: {"S": partition}, SORT_KEY: {"S": sort}}


def job_key(account_alias: str, job_id: str) -> Item:
    return key(account_partition(account_alias), f"{JOB_PREFIX}{job_id}")


def job_ids(item: Item) -> tuple[str, str]:
    """(the account alias, the job id) of a job's ITEM, read back from its keys (job_key)."""
    return item[PARTITION_KEY]["S"].removeprefix(ACCOUNT_PREFIX), item[SORT_KEY]["S"].removeprefix(JOB_PREFIX)


def execution_key(account_alias: str, execution_id: str) -> Item:
    return key(account_partition(account_alias), f"EXECUTION#{execution_id}")


def job_hosts_partition(account_alias: str, job_id: str) -> str:
    return f"{account_partition(account_alias)}#JOB#{job_id}#HOSTS"


def schedule_key(account_alias: str, schedule_id: str) -> Item:
    return key(account_partition(account_alias), f"SCHEDULE#{schedule_id}")


def schedules_collection(account_alias: str, job_id: str) -> str:
    return f"{account_partition(account_alias)}#JOB#{job_id}#SCHEDULES"


def jobs_collection(account_alias: str) -> str:
    return f"{account_partition(account_alias)}#JOBS"


def executions_collection(account_alias: str, job_id: str) -> str:
    return f"{account_partition(account_alias)}#JOB#{job_id}#EXECUTIONS"


def events_partition(account_alias: str, execution_id: str) -> str:
    # Under the account's partition, as every item a runner touches: its tenant-scoped
    # credentials reach no partition key but the account's own (dynamodb:LeadingKeys).
    return f"{account_partition(account_alias)}#EXECUTION#{execution_id}#EVENTS"


def targets_partition(account_alias: str, execution_id: str) -> str:
    return f"{account_partition(account_alias)}#EXECUTION#{execution_id}#TARGETS"


def event_sort_key(seq: int) -> str:
    return f"EVENT#{seq:010d}"


def list_sort_key(created_time: int, entity_id: str) -> str:
    return f"{created_time:015d}#{entity_id}"


def deliveries_partition(account_alias: str, execution_id: str) -> str:
    return f"{account_partition(account_alias)}#EXECUTION#{execution_id}#DELIVERIES"


def workflow_key(account_alias: str, name: str) -> Item:
    return key(account_partition(account_alias), f"WORKFLOW#{name}")


def workflows_collection(account_alias: str) -> str:
    return f"{account_partition(account_alias)}#WORKFLOWS"


def workflow_run_key(account_alias: str, run_id: str) -> Item:
    return key(account_partition(account_alias), f"WORKFLOWRUN#{run_id}")


def workflow_runs_collection(account_alias: str, name: str) -> str:
    return f"{account_partition(account_alias)}#WORKFLOW#{name}#RUNS"


def host_results_partition(account_alias: str, execution_id: str) -> str:
    return f"{account_partition(account_alias)}#EXECUTION#{execution_id}#HOSTS"


def host_state_collection(account_alias: str, execution_id: str, state: str) -> str:
    """The list index's partition of an execution's hosts in one state."""
    return f"{host_results_partition(account_alias, execution_id)}#{state}"
