"""The generated inventory and extra-vars files.

Everything that came through the API (hostVars, properties, job parameters) is written with
YAML's `!unsafe` tag: Ansible never templates it, so a value like "{{ lookup('pipe', 'id') }}"
stays text. Hosts go into the inventory file, never onto a command line.
"""

from pathlib import Path
from typing import Any

import yaml

from playrunner.runner.spec import HostRun
from playrunner.runner.workspace import Workspace


class _Unsafe(str):
    __slots__ = ()


class _InventoryDumper(yaml.SafeDumper):
    pass


_InventoryDumper.add_representer(_Unsafe, lambda dumper, value: dumper.represent_scalar("!unsafe", str(value)))


def mark_unsafe(value: Any) -> Any:
    if isinstance(value, str):
        return _Unsafe(value)
    if isinstance(value, dict):
        return {key: mark_unsafe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mark_unsafe(item) for item in value]
    return value


def _dump(document: Any) -> bytes:
    return yaml.dump(document, Dumper=_InventoryDumper, default_flow_style=False, sort_keys=False).encode()


def write_inventory(workspace: Workspace, hosts: list[HostRun]) -> Path:
    inventory_hosts: dict[str, Any] = {}
    for host in hosts:
        host_vars = mark_unsafe(host.host_vars)
        if host.ssh_private_key is not None:
            host_vars["ansible_ssh_private_key_file"] = str(workspace.write_host_key(host.ssh_private_key))
        if host.host_vars.get("ansible_connection") == "local":
            # Our own template, not the client's: the controller's own interpreter.
            host_vars.setdefault("ansible_python_interpreter", "{{ ansible_playbook_python }}")
        inventory_hosts[host.id] = host_vars
    return workspace.write_play_file("inventory.yml", _dump({"all": {"hosts": inventory_hosts}}))


def write_extra_vars(workspace: Workspace, extra_vars: dict[str, Any]) -> Path:
    return workspace.write_play_file("extra-vars.yml", _dump(mark_unsafe(extra_vars)))
