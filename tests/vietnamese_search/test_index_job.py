"""The index job: what a run hands to the program that builds its index, and what
that program keeps for the next build (the analyses file)."""

import os
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from plugins.vietnamese_search.analyses_file import Analyses, known_inputs
from plugins.vietnamese_search.index_builder import build_index
from plugins.vietnamese_search.index_job import ArticleText, IndexJob, run, write_job
from plugins.vietnamese_search.records import SearchRecord

TEXT = (
    "thông tin đối ngoại tỉnh Kon Tum hội nghị tổng kết công tác năm Đảng bộ huyện "
    "nhân dân chuyển đổi số cây dược liệu sâm Ngọc Linh biên giới"
)
WORDS = TEXT.split()


def article(number: int, extra: str = "") -> tuple[tuple, ArticleText]:
    body = " ".join(WORDS[(number + i) % len(WORDS)] for i in range(40))
    text = ArticleText(
        url=f"tin-tuc/bai-{number}/",
        title=f"<em>Bài</em> {WORDS[number % len(WORDS)]} số {number}",
        date=f"2020-12-{1 + number % 28:02d}",
        lead="<p>Thông tin &amp; báo chí</p>" if number % 2 else "",
        body=f"<p>{body} {extra}</p><p>Kết thúc.</p>",
        keywords=("Thông tin đối ngoại",),
    )
    return (text.url, text.title, text.body), text  # inputs: what it was made from


DOCUMENT = SearchRecord(
    "document", "thu-vien/hd-59/", "Hướng dẫn số 59", "2022-06", code="HD.59.BTGTW"
)


def job_file(job: IndexJob, articles) -> tempfile.TemporaryFile:
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the caller's `with` closes it
    write_job(handle, job, articles, [DOCUMENT])
    handle.seek(0)
    return handle


def a_job(folder: Path, cache: Path | None) -> IndexJob:
    return IndexJob(
        lang="vi",
        analyzer="vietnamese",
        term_file_bytes=2000,
        docs_per_file=10,
        excerpt_length=80,
        body_pairs_min=2,
        folder=str(folder),
        shown_folder="tim-kiem/index/",
        cache_path=str(cache) if cache else None,
    )


def run_program(handle) -> tuple[int, str]:
    """The job in `handle` run as the build runs it: a program of its own that
    reads the job and reports through descriptors it was given."""
    read_end, write_end = os.pipe()
    descriptors = (handle.fileno(), write_end)
    command = [sys.executable, "-m", "plugins.vietnamese_search.index_job"]
    process = subprocess.Popen([*command, *map(str, descriptors)], pass_fds=descriptors)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as report:
        reported = report.read().decode()
    return process.wait(), reported


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_program_builds_what_the_run_would_build_in_its_own_process(tmp_path):
    articles = [article(n) for n in range(30)]
    with job_file(a_job(tmp_path / "here", None), articles) as handle:
        message = run(handle)
    assert message.startswith("vietnamese_search: 31 records in ")
    assert message.endswith(" in tim-kiem/index/")

    with job_file(a_job(tmp_path / "there", None), articles) as handle:
        handle.read()  # the program reads the job from its start
        assert run_program(handle) == (0, message)
    assert files(tmp_path / "there") == files(tmp_path / "here")
    assert "manifest.json" in files(tmp_path / "here")


def test_a_failed_job_reports_its_traceback_and_a_failing_status(tmp_path):
    bad = replace(a_job(tmp_path / "out", None), analyzer="klingon")
    with job_file(bad, [article(1)]) as handle:
        status, reported = run_program(handle)
    assert status == 1
    assert "ValueError: analyzer must be one of" in reported
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_a_rebuild_from_the_kept_analyses_writes_the_same_files(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    articles = [article(n) for n in range(40)]
    with job_file(a_job(tmp_path / "first", cache), articles) as handle:
        run(handle)
    kept = Analyses(str(cache), "vi")
    assert len(kept.records) == 40 and len(kept.analyses) == 41
    assert kept.previous is not None and len(kept.previous.order) == 41

    articles[7] = article(7, extra="Măng Đen du lịch")
    # The run sends no text of an article whose record was kept (as search_index).
    known = known_inputs(str(cache), "vi")
    assert len(known) == 40 and articles[7][0] not in known
    sent = [(inputs, None if inputs in known else text) for inputs, text in articles]
    for name, cached, given in (("patched", cache, sent), ("scratch", None, articles)):
        with job_file(a_job(tmp_path / name, cached), given) as handle:
            run(handle)
    assert files(tmp_path / "patched") == files(tmp_path / "scratch")
    assert files(tmp_path / "patched") != files(tmp_path / "first")
    assert known_inputs(str(tmp_path / "no-cache"), "vi") == frozenset()


@pytest.mark.slow
def test_the_analyses_file_gives_back_what_was_saved(tmp_path):
    records = [
        SearchRecord("article", f"a/{n}/", f"Tiêu đề {n}", "2021-01-01", "", "x " * n)
        for n in range(1, 2500)
    ]
    kept_index: list = []
    analyses: dict = {}
    build_index(records, "vi", analyses=analyses, keep=kept_index)
    saved = Analyses(str(tmp_path), "vi", excerpt_length=100)
    saved.analyses = analyses
    by_inputs = {(record.url,): record for record in records}
    saved.save(by_inputs, kept_index[0])

    loaded = Analyses(str(tmp_path), "vi", excerpt_length=100)
    assert list(loaded.records) == list(by_inputs)
    assert set(loaded.records.values()) == set(loaded.previous.order)
    assert list(loaded.analyses.values()) == list(analyses.values())
    assert loaded.previous.averages == kept_index[0].averages
    assert loaded.previous.entries == kept_index[0].entries
    kept = {record.url: record for record in loaded.previous.order}
    for before, after in ((record, kept[record.url]) for record in records):
        # The body is cut to what an excerpt needs; its digest tells bodies apart.
        assert replace(after, body="", digest="") == replace(before, body="")
        assert before.body.startswith(after.body)
        assert len(after.body) >= min(200, len(before.body))
        assert bool(after.digest) == (after.body != before.body)
    assert len({record.digest for record in loaded.previous.order}) > 2000


def test_an_unreadable_analyses_file_means_analysing_everything(tmp_path):
    (tmp_path / "search-vi.pickle").write_bytes(b"\x80\x05 not a pickle")
    loaded = Analyses(str(tmp_path), "vi")
    assert (loaded.records, loaded.analyses, loaded.previous) == ({}, {}, None)
