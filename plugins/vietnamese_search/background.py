"""Pure (no Pelican): run one function in a forked process while the caller goes on.

The search index of a language takes a quarter of that language's run; its pages
do not need it. The fork gets a copy of everything already read, so nothing is
converted twice, and the run's other core works on it while the pages are written.

A function may hand its work over to a fresh program instead (it returns a
Handover): the fork then becomes that program, keeping its process id, and the
copy of the caller's memory is gone. The program reports through the file
descriptor given as its last argument, as the function would have.

Where fork does not exist, the function (or the Handover's `here`) runs at once,
in the caller's process.
"""

import os
import traceback
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass


@dataclass
class Outcome:
    ok: bool
    message: str  # what the function returned, or the error that stopped it


@dataclass(frozen=True)
class Handover:
    """Run `argv` (the report descriptor appended) in place of the fork; it may use
    the open descriptors `keep`. `here` does the same work in the caller."""

    argv: list[str]
    keep: tuple[int, ...] = ()
    env: dict[str, str] | None = None
    here: Callable[[], str] | None = None


class BackgroundJob:
    """`function()` running in a child process; `wait()` gives its Outcome."""

    def __init__(self, function: Callable[[], "str | Handover"]):
        self._outcome: Outcome | None = None
        if not hasattr(os, "fork"):
            self._outcome = _run(function, here=True)
            return
        read_end, write_end = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: run, report through the pipe, leave at once
            os.close(read_end)
            outcome = _run(function)
            if outcome.ok and isinstance(outcome.message, Handover):
                outcome = _hand_over(outcome.message, write_end)  # returns on failure
            with suppress(BrokenPipeError), os.fdopen(write_end, "wb") as pipe:
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


def _run(function: Callable, here: bool = False) -> Outcome:
    try:
        result = function()
        if here and isinstance(result, Handover):
            result = result.here()
        return Outcome(True, result)
    except BaseException:  # everything the child meets goes back to the caller
        return Outcome(False, traceback.format_exc(limit=-3))


def _hand_over(handover: Handover, report_fd: int) -> Outcome:
    """Become the program; only a failure to start it returns."""
    try:
        for fd in (*handover.keep, report_fd):
            os.set_inheritable(fd, True)
        argv = [*handover.argv, str(report_fd)]
        env = os.environ if handover.env is None else handover.env
        os.execve(argv[0], argv, env)
    except BaseException:
        return Outcome(False, traceback.format_exc(limit=-3))
