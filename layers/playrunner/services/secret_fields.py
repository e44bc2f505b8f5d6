"""Write-only fields: split them out of a document, and put back the ones a client kept.

A secret is addressed by a path that survives reordering: hosts by their id, not their
position. A client that sends "$encrypted$" back asks to keep the stored value.

What is secret is decided by where a field stands, not by its name alone: sshPrivateKey
anywhere, the repository credentials' password, and a host's connection passwords
(hostVars such as ansible_password or ansible_become_password). A property that happens to be
called "password" is an ordinary value: it reaches the playbook as it was sent.
"""

from typing import Any

from playrunner.errors import Invalid
from playrunner.naming import ENCRYPTED_MARKER

KEY_FIELD = "sshPrivateKey"
# The password variables of Ansible's connection and become plugins (ssh, paramiko, local's
# become, the network and HTTP API connections).
CONNECTION_SECRET_VARS = frozenset(
    {
        "ansible_password",
        "ansible_ssh_pass",
        "ansible_ssh_password",
        "ansible_become_password",
        "ansible_become_pass",
        "ansible_sudo_pass",
        "ansible_sudo_password",
        "ansible_su_pass",
        "ansible_su_password",
        "ansible_httpapi_pass",
        "ansible_httpapi_password",
        "ansible_paramiko_pass",
        "ansible_paramiko_password",
        "ansible_enable_pass",
    }
)
HOST_VARS_FIELD = "hostVars"
# A key given at a start (or restart) for all hosts applies to the hosts of that run only: the
# run's secrets say which, so a host added later never gets a key given for others.
RUN_KEY_HOSTS = "sshPrivateKey/hosts"


def scoped_to(secrets: dict[str, str], host_ids: list[str]) -> dict[str, str]:
    """SECRETS with their common key (if any) bound to HOST_IDS."""
    if KEY_FIELD not in secrets:
        return secrets
    return {**secrets, RUN_KEY_HOSTS: "\n".join(host_ids)}


def run_key_applies(secrets: dict[str, str], host_id: str) -> bool:
    if KEY_FIELD not in secrets:
        return False
    return RUN_KEY_HOSTS not in secrets or host_id in secrets[RUN_KEY_HOSTS].split("\n")


def _is_secret(path: str, key: str) -> bool:
    parent = path.rsplit("/", 1)[-1]
    if key == KEY_FIELD:
        return True
    if key == "password":
        return parent == "credentials"
    return key in CONNECTION_SECRET_VARS and parent == HOST_VARS_FIELD


def host_secret_path(host_id: str, name: str) -> str:
    return f"hosts/{host_id}/{HOST_VARS_FIELD}/{name}"


def _split(node: Any, path: str, found: dict[str, str], kept: set[str]) -> Any:
    if isinstance(node, dict):
        masked: dict[str, Any] = {}
        for key, value in node.items():
            child = f"{path}/{key}" if path else key
            if _is_secret(path, key) and isinstance(value, str):
                if value == ENCRYPTED_MARKER:
                    kept.add(child)
                else:
                    found[child] = value
                masked[key] = ENCRYPTED_MARKER
            else:
                masked[key] = _split(value, child, found, kept)
        return masked
    if isinstance(node, list):
        return [
            _split(value, f"{path}/{value.get('id', i) if isinstance(value, dict) else i}", found, kept)
            for i, value in enumerate(node)
        ]
    return node


def split_secrets(document: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str], set[str]]:
    """(the document with secrets masked, the new secrets by path, the paths to keep)."""
    found: dict[str, str] = {}
    kept: set[str] = set()
    masked = _split(document, "", found, kept)
    return masked, found, kept


def keep_stored(new: dict[str, str], kept: set[str], stored: dict[str, str]) -> dict[str, str]:
    missing = sorted(kept - stored.keys())
    if missing:
        raise Invalid(
            f"{ENCRYPTED_MARKER!r} keeps a stored secret, but none is stored at: {', '.join(missing)}",
            error_code="NO_STORED_SECRET",
        )
    return {**{path: stored[path] for path in kept}, **new}


def open_host_vars(host_id: str, host_vars: dict[str, Any], *secret_sets: dict[str, str]) -> dict[str, Any]:
    """A host's hostVars for its run: each sealed connection password put back from the first
    of SECRET_SETS that holds it for this host (a password given for another host never applies)."""
    opened = dict(host_vars)
    for name, value in host_vars.items():
        if name not in CONNECTION_SECRET_VARS or value != ENCRYPTED_MARKER:
            continue
        path = host_secret_path(host_id, name)
        stored = next((secrets[path] for secrets in secret_sets if path in secrets), None)
        if stored is None:
            del opened[name]
        else:
            opened[name] = stored
    return opened
