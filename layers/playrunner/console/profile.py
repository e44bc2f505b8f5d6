"""Where the CLI keeps the API's URL and the login (a bearer token): one file, mode 0600, as
other cloud CLIs keep theirs. PLAYRUNNER_PROFILE names another file."""

import json
import os
from pathlib import Path

from playrunner.models.base import Model

DEFAULT_PROFILE = Path.home() / ".config" / "playrunner" / "profile.json"


class Profile(Model):
    api: str
    account_alias: str
    username: str
    token: str


def profile_path() -> Path:
    return Path(os.environ.get("PLAYRUNNER_PROFILE", str(DEFAULT_PROFILE)))


def save(profile: Profile) -> Path:
    path = profile_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(profile.model_dump_json(indent=2))
    path.chmod(0o600)
    return path


def load() -> Profile:
    path = profile_path()
    if not path.exists():
        raise SystemExit(f"playrunner: not logged in ({path} is missing): run `playrunner login` first")
    return Profile.model_validate(json.loads(path.read_text()))
