"""Pure (no Pelican): run one function in a forked process while the caller goes on.

The search index of a language takes a quarter of that language's run; its pages
do not need it. The fork gets a copy of everything already read, so nothing is
converted twice, and the run's other core works on it while the pages are written.
Where fork does not exist, the function runs at once, in the caller's process.
"""

import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Outcome:
    ok: bool
    message: str  # what the function returned, or the error that stopped it


class BackgroundJob:
    """`function()` running in a child process; `wait()` gives its Outcome."""

    def __init__(self, function: Callable[[], str]):
        self._outcome: Outcome | None = None
        if not hasattr(os, "fork"):
            self._outcome = _run(function)
            return
        read_end, write_end = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: run, report through the pipe, leave at once
            os.close(read_end)
            outcome = _run(function)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(outcome.message.encode("utf-8", "replace"))
            os._exit(0 if outcome.ok else 1)
        os.close(write_end)
        self._read_end = read_end

    def wait(self) -> Outcome:
        if self._outcome is None:
            with os.fdopen(self._read_end, "rb") as pipe:
                message = pipe.read().decode("utf-8", "replace")
            _pid, status = os.waitpid(self._pid, 0)
            code = os.waitstatus_to_exitcode(status)
            if code != 0 and not message:
                message = f"the background process ended with status {code}"
            self._outcome = Outcome(code == 0, message)
        return self._outcome


def _run(function: Callable[[], str]) -> Outcome:
    try:
        return Outcome(True, function())
    except BaseException:  # everything the child meets goes back to the caller
        return Outcome(False, traceback.format_exc(limit=-3))
