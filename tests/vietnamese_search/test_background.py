"""The search index is built in a forked process; its failures reach the run."""

import logging
import os
import signal

from vietnamese_search.background import BackgroundJob
from vietnamese_search.search_index import PENDING, wait_for_indexes


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
