"""The commands of tasks.py are all in the namespace invoke reads."""

import json

from conftest import run_invoke
from invoke import Task

import tasks


def listed(namespace: dict, prefix: str = "") -> set[str]:
    """Every task name of `invoke --list --list-format=json`, with its group."""
    names = {prefix + task["name"] for task in namespace["tasks"]}
    for group in namespace["collections"]:
        names |= listed(group, f"{prefix}{group['name']}.")
    return names


def test_every_task_of_tasks_py_is_a_command():
    shown = run_invoke("--list", "--list-format=json")
    assert shown.returncode == 0, shown.stderr
    names = listed(json.loads(shown.stdout))
    defined = [value for value in vars(tasks).values() if isinstance(value, Task)]
    assert len(names) == len(defined)
    assert {"build", "new-article", "members.add", "members.list"} <= names
