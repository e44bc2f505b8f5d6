"""Ansible callback plugins the playbook's ansible-playbook loads (driver.py points
ANSIBLE_CALLBACK_PLUGINS here, ahead of ansible-runner's own directory)."""

from pathlib import Path

CALLBACK_DIR = Path(__file__).resolve().parent
