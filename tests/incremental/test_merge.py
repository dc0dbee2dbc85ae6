"""The build's own mechanics: run folders merged into the staging folder, the
staging folder swapped in."""

import time

from sitebuild.build.merge import merge as _merge
from sitebuild.build.merge import swap_in as _swap_in


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


def test_the_replaced_output_and_leftovers_are_removed_after_the_swap(tmp_path):
    output, staging = tmp_path / "output", tmp_path / ".output.new-1"
    for folder, text in ((output, "old"), (staging, "new")):
        (folder / "tin-tuc").mkdir(parents=True)
        (folder / "tin-tuc" / "index.html").write_text(text, encoding="utf-8")
    leftover = tmp_path / ".output.old-99999"  # an interrupted build's
    (leftover / "a").mkdir(parents=True)
    kept = tmp_path / ".other.old-1"  # another output's: not ours to remove
    kept.mkdir()
    _swap_in(staging, output)
    assert (output / "tin-tuc" / "index.html").read_text(encoding="utf-8") == "new"
    assert not staging.exists()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(list(tmp_path.iterdir())) > 2:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.old-1", "output"]
