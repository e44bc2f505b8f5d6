"""Lambda functions, run in this process.

Each function gets its own pool of execution environments, as Lambda gives it: a pool entry
is a private copy of the handler module (Powertools resolvers keep per-request state, so one
copy serves one request at a time), and a busy pool grows by loading another copy.
"""

import importlib.util
import itertools
import json
import queue
import sys
import threading
import uuid
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from playrunner.api.routes import FUNCTIONS
from playrunner.naming import CALLBACK_FUNCTION, SCHEDULE_FUNCTION
from playrunner.orchestration.definition import STEP_FUNCTIONS
from playrunner.orchestration.workflow_definition import WORKFLOW_STEP_FUNCTIONS

ALL_FUNCTIONS: tuple[str, ...] = (
    *FUNCTIONS,
    *STEP_FUNCTIONS.values(),
    *WORKFLOW_STEP_FUNCTIONS,
    SCHEDULE_FUNCTION,
    CALLBACK_FUNCTION,
)

_copies = itertools.count()


@dataclass
class LambdaContext:
    function_name: str
    memory_limit_in_mb: int = 512
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:us-east-1:123456789012:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return 900_000


def _load_copy(module_name: str) -> ModuleType:
    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.loader is None:
        raise LookupError(f"no handler module {module_name}")
    copy_name = f"_playrunner_env_{next(_copies)}_{module_name}"
    copy_spec = importlib.util.spec_from_file_location(copy_name, spec.origin)
    if copy_spec is None or copy_spec.loader is None:
        raise LookupError(f"cannot load {module_name} from {spec.origin}")
    module = importlib.util.module_from_spec(copy_spec)
    sys.modules[copy_name] = module
    copy_spec.loader.exec_module(module)
    return module


class FunctionHost:
    """Invoke a function by name with an event, like lambda:Invoke (RequestResponse)."""

    def __init__(self, modules: dict[str, str] | None = None, prefix: str = "") -> None:
        self._modules = modules or {name: f"functions.{name}.handler" for name in ALL_FUNCTIONS}
        self._prefix = prefix
        self._idle: dict[str, queue.SimpleQueue[ModuleType]] = {name: queue.SimpleQueue() for name in self._modules}
        self._lock = threading.Lock()

    def function_name(self, name: str) -> str:
        return f"{self._prefix}{name}"

    def knows(self, name: str) -> bool:
        return name in self._modules

    def _acquire(self, name: str) -> ModuleType:
        try:
            return self._idle[name].get_nowait()
        except queue.Empty:
            with self._lock:  # module execution is not re-entrant across threads
                return _load_copy(self._modules[name])

    def invoke(self, name: str, event: dict[str, Any]) -> Any:
        module = self._acquire(name)
        try:
            # A JSON round trip, as Lambda does: the handler never shares objects with the caller.
            return json.loads(json.dumps(module.lambda_handler(json.loads(json.dumps(event)), LambdaContext(name))))
        finally:
            self._idle[name].put(module)
