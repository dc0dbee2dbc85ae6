"""The runner's own mechanics: processes that yield, run folders merged."""

import multiprocessing
import os

from sitebuild.runner import _in_own_process, _merge


def test_work_beside_the_longest_run_yields_to_it():
    context = multiprocessing.get_context("fork")
    here = os.nice(0)
    yielding = _in_own_process(context, os.nice, 0, niceness=5).result()
    assert yielding == min(here + 5, 19)
    assert _in_own_process(context, os.nice, 0).result() == here


def test_run_folders_merge_and_a_file_two_runs_wrote_is_a_clash(tmp_path):
    staging, vi, en = (tmp_path / name for name in ("staging", "vi", "en"))
    for folder, files in {
        vi: ["index.html", "tin-tuc/a/index.html", "theme/site.css"],
        en: ["en/index.html", "en/news/a/index.html", "theme/site.css"],
    }.items():
        for name in files:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(name, encoding="utf-8")
    staging.mkdir()
    assert _merge(vi, staging, "vi") == []
    assert _merge(en, staging, "en") == [
        "[en] theme/site.css was written by another run too"
    ]
    merged = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*.*"))
    assert merged == [
        "en/index.html",
        "en/news/a/index.html",
        "index.html",
        "theme/site.css",
        "tin-tuc/a/index.html",
    ]
