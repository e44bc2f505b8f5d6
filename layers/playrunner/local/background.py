"""A loop of the local stack that runs beside the gateway until the stack stops."""

import threading


class BackgroundLoop:
    """Subclasses write _loop, which returns once _stopping is set."""

    def __init__(self, name: str) -> None:
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()

    def _loop(self) -> None:
        raise NotImplementedError
