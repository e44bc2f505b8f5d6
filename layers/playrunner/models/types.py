"""Reusable annotated types for ids, host names and secrets."""

import base64
import binascii
import ipaddress
import re
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from playrunner.naming import ENCRYPTED_MARKER

AccountAlias = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
ResourceId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
# A job parameter becomes an extra var: its name is a variable name of 1 to 64 characters.
ParamName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
ParamValue = Annotated[str, StringConstraints(max_length=1024)]

_HOST_LABEL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")


def check_host_name(value: str) -> str:
    """Accept a DNS host name or an IP address, nothing Ansible could read as a pattern.

    Ansible host patterns give meaning to `*`, `!`, `&`, `[`, `,`, `:` and a leading `-`
    (and ssh reads a leading `-` as an option), so none of them may reach an inventory.
    """
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        pass
    if not value or len(value) > 253:
        raise ValueError("a host must be a host name or IP address of 1 to 253 characters")
    labels = value.split(".")
    if not all(_HOST_LABEL.match(label) for label in labels):
        raise ValueError(
            f"{value!r} is not a valid host name or IP address: use letters, digits, '-', '_' and '.', "
            "with no spaces, commas, colons or pattern characters such as * ! & [ and no leading '-'"
        )
    return value


HostName = Annotated[str, AfterValidator(check_host_name)]


def decode_base64(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("is not valid base64") from exc


def check_private_key(value: str) -> str:
    """A base64-encoded SSH private key (OpenSSH or PEM), or the marker that keeps the stored one."""
    if value == ENCRYPTED_MARKER:
        return value
    from cryptography.hazmat.primitives.serialization import (
        load_pem_private_key,
        load_ssh_private_key,
    )

    raw = decode_base64(value)
    for loader in (load_ssh_private_key, load_pem_private_key):
        try:
            loader(raw, password=None)
            return value
        except (ValueError, TypeError):
            continue
        except Exception:  # noqa: S112 - unsupported key types surface as library-specific errors
            continue
    raise ValueError("must be base64 of an unencrypted SSH private key (OpenSSH or PEM format)")


SshPrivateKey = Annotated[str, StringConstraints(max_length=64 * 1024), AfterValidator(check_private_key)]
Secret = Annotated[str, StringConstraints(min_length=1, max_length=4096)]


def _check_max_errors(value: str) -> str:
    if value.endswith("%") and int(value[:-1]) > 100:
        raise ValueError("a percentage of maxErrors is at most 100%")
    return value


# SSM's MaxErrors: a count of hosts ("3") or a percentage of the run's hosts ("10%").
MaxErrors = Annotated[str, StringConstraints(pattern=r"^(0|[1-9][0-9]{0,4})%?$"), AfterValidator(_check_max_errors)]
