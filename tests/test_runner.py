"""The runner's own mechanics: run folders merged into the staging folder."""

from sitebuild.runner import _merge


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
