"""The search index is built beside the run, in a forked process that becomes a
program of its own; its failures reach the run."""

import logging
import os
import signal
import sys
import tempfile

from plugins.vietnamese_search.background import BackgroundJob, Handover
from plugins.vietnamese_search.search_index import PENDING, wait_for_indexes


def test_the_child_does_the_work_and_says_what_it_did(tmp_path):
    target = tmp_path / "written"

    def work():
        target.write_text(str(os.getpid()))
        return "3 files"

    outcome = BackgroundJob(work).wait()
    assert outcome.ok and outcome.message == "3 files"
    assert int(target.read_text()) != os.getpid()  # another process wrote it


def test_an_exception_in_the_child_comes_back_with_its_traceback():
    def work():
        raise OSError("disk full")

    outcome = BackgroundJob(work).wait()
    assert not outcome.ok
    assert "OSError: disk full" in outcome.message


def test_a_child_killed_on_the_way_is_a_failure():
    def work():
        os.kill(os.getpid(), signal.SIGKILL)
        return "never"

    outcome = BackgroundJob(work).wait()
    assert not outcome.ok and "status -9" in outcome.message


def test_the_run_logs_a_failed_index_as_an_error(caplog):
    def broken():
        raise ValueError("bad record")

    PENDING.append(BackgroundJob(lambda: "12 records in 3 files"))
    PENDING.append(BackgroundJob(broken))
    with caplog.at_level(logging.INFO):
        wait_for_indexes()
    assert PENDING == []
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "ValueError: bad record" in errors[0]
    assert any("12 records" in r.getMessage() for r in caplog.records)


def program(code: str) -> list[str]:
    """argv of a Python program; the report descriptor comes last."""
    return [sys.executable, "-c", f"import os, sys\nreport = int(sys.argv[-1])\n{code}"]


def test_a_handover_becomes_the_program_which_reports_in_its_place():
    with tempfile.TemporaryFile() as job:
        job.write("sáu bài".encode())
        job.flush()

        def work():  # the fork hands the open file over to a fresh interpreter
            code = (
                "job = int(sys.argv[1])\n"
                "os.lseek(job, 0, 0)\n"
                "text = os.read(job, 100)\n"
                "os.write(report, text + f' in {os.getpid()}'.encode())"
            )
            return Handover(program(code) + [str(job.fileno())], keep=(job.fileno(),))

        started = BackgroundJob(work)
        outcome = started.wait()
    assert outcome.ok and outcome.message == f"sáu bài in {started._pid}"


def test_a_program_that_fails_is_a_failure_with_its_report():
    code = "os.write(report, b'Traceback: bad job'); sys.exit(1)"
    outcome = BackgroundJob(lambda: Handover(program(code))).wait()
    assert not outcome.ok and outcome.message == "Traceback: bad job"


def test_a_program_that_cannot_start_is_a_failure_that_says_why(tmp_path):
    missing = str(tmp_path / "no-such-program")
    outcome = BackgroundJob(lambda: Handover([missing])).wait()
    assert not outcome.ok
    assert "FileNotFoundError" in outcome.message and missing in outcome.message
