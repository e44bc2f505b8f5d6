"""ansible-runner's event callback (awx_display), less the events playrunner never keeps.

ansible-runner makes Ansible load its `awx_display` stdout callback, which turns every
callback of the playbook into an event: the event's data written to a file, its id through
the pseudo-terminal, both read back by ansible-runner's worker, all in ansible-playbook's own
process, so each one slows the playbook. `runner_on_start` (a host beginning a task) is one
event in two for a task without a loop, and playrunner records nothing of it
(runner/recorder.py), so this plugin, found first by name, is ansible-runner's with that
event left out; the text Ansible prints for it (none, by default) is unchanged.
"""

from __future__ import annotations

from typing import Any

from ansible_runner.display_callback.callback.awx_display import CallbackModule as AwxDisplay
from ansible_runner.display_callback.callback.awx_display import current_time

# Ansible reads a plugin's options from this text in the plugin's own file: ansible-runner's, as it is.
DOCUMENTATION = """
    callback: awx_display
    short_description: Playbook event dispatcher for ansible-runner
    version_added: "2.0"
    description:
        - This callback is necessary for ansible-runner to work
    type: stdout
    extends_documentation_fragment:
      - default_callback
    requirements:
      - Set as stdout in config
"""


class CallbackModule(AwxDisplay):
    def v2_runner_on_start(self, host: Any, task: Any) -> None:
        self._host_start[host.get_name()] = current_time()  # the task's duration, in its result's event
        super(AwxDisplay, self).v2_runner_on_start(host, task)  # the display's own, without an event
