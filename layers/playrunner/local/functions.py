"""Lambda functions, run in this process.

Each function gets its own pool of execution environments, as Lambda gives it: a pool entry
is a private copy of the handler module (a function's router holds the request it handles, so
one copy serves one request at a time), and a busy pool grows by loading another copy. Each
invocation runs with its function's own environment (what the template gives it, from the
catalogue), never the stack's: a setting a function is not given is missing here as in AWS.
"""

import importlib.util
import itertools
import json
import queue
import sys
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from playrunner.environment import running_with

_copies = itertools.count()
# What Lambda takes and gives back in one synchronous invocation, each way.
MAX_PAYLOAD_BYTES = 6 * 1024 * 1024


class PayloadTooLarge(Exception):
    """An event or an answer larger than Lambda passes: refused here as Lambda refuses it."""


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

    def __init__(self) -> None:
        self._modules: dict[str, str] = {}
        self._environments: dict[str, dict[str, str]] = {}
        self._idle: dict[str, queue.SimpleQueue[ModuleType]] = {}
        self._lock = threading.Lock()

    def register(self, environments: Mapping[str, Mapping[str, str]]) -> None:
        """The functions, each with its environment (ENVIRONMENTS, by catalogue name)."""
        from playrunner.catalogue import FUNCTIONS

        for name, environment in environments.items():
            self._modules[name] = FUNCTIONS[name].handler_module
            self._environments[name] = dict(environment)
            self._idle[name] = queue.SimpleQueue()

    def _acquire(self, name: str) -> ModuleType:
        try:
            return self._idle[name].get_nowait()
        except queue.Empty:
            with self._lock:  # module execution is not re-entrant across threads
                return _load_copy(self._modules[name])

    def invoke(self, name: str, event: dict[str, Any]) -> Any:
        request = json.dumps(event)
        if len(request.encode()) > MAX_PAYLOAD_BYTES:
            raise PayloadTooLarge(f"{name}: the event is larger than Lambda's {MAX_PAYLOAD_BYTES} bytes")
        with running_with(self._environments[name]):
            module = self._acquire(name)  # a first copy is imported with its environment, as in Lambda
            try:
                # A JSON round trip, as Lambda does: the handler never shares objects with the caller.
                answer = json.dumps(module.lambda_handler(json.loads(request), LambdaContext(name)))
            finally:
                self._idle[name].put(module)
        if len(answer.encode()) > MAX_PAYLOAD_BYTES:
            raise PayloadTooLarge(f"{name}: the answer is larger than Lambda's {MAX_PAYLOAD_BYTES} bytes")
        return json.loads(answer)
