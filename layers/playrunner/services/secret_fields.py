"""Write-only fields: split them out of a document, and put back the ones a client kept.

A secret is addressed by a path that survives reordering: hosts by their id, not their
position. A client that sends "$encrypted$" back asks to keep the stored value.
"""

from typing import Any

from playrunner.errors import Invalid
from playrunner.naming import ENCRYPTED_MARKER

SECRET_FIELDS = frozenset({"sshPrivateKey", "password"})


def _split(node: Any, path: str, found: dict[str, str], kept: set[str]) -> Any:
    if isinstance(node, dict):
        masked: dict[str, Any] = {}
        for key, value in node.items():
            child = f"{path}/{key}" if path else key
            if key in SECRET_FIELDS and isinstance(value, str):
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
