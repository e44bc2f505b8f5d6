"""Job documents the e2e tests send."""

import base64
from typing import Any

PLAYBOOK = base64.b64encode(b"- hosts: all\n  gather_facts: false\n  tasks:\n    - ping:\n").decode()


def job_document(**fields: Any) -> dict[str, Any]:
    return {
        "description": "e2e job",
        "playbook": PLAYBOOK,
        "hosts": [{"id": "web1", "hostVars": {"ansible_connection": "local"}}],
        **fields,
    }
