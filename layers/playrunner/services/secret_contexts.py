"""The encryption contexts secrets are sealed under: each binds the account and its owner."""


def job_context(account_alias: str, job_id: str) -> dict[str, str]:
    return {"account_alias": account_alias, "job_id": job_id}


def execution_context(account_alias: str, execution_id: str) -> dict[str, str]:
    return {"account_alias": account_alias, "execution_id": execution_id}


def signing_context(account_alias: str, job_id: str) -> dict[str, str]:
    """The callbacks' signing secret: bound to its job, and kept apart from the job's keys."""
    return {"account_alias": account_alias, "job_id": job_id, "purpose": "callback-signing"}
