"""Records that would exhaust the build, and the restricted-trace check that must
neither miss a trace nor see one in an ordinary word."""

import resource
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT, build_ok

from sitebuild.checks.output import find_traces

KINDS = "huong-dan: {vi: Hướng dẫn, en: Guidance, group: documents}\n"


def laughs(levels: int) -> str:
    """Nine levels of nine aliases: 9**9 values from a 1 KB file."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "kind: huong-dan\ntitle: {vi: Cười}\n" + "\n".join(lines) + "\n"


def check_with_little_memory(data):
    """`invoke check` of `data`, in a process that may not use more than 1 GB."""

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "invoke", "check", "--content", str(data.parent / "c")]
        + ["--data", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=limit,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (laughs(9), "cuoi.yaml:3:4", "anchors and aliases (&name, *name)"),
        (
            "kind: huong-dan\ntitle: {vi: x}\ntags: " + "[" * 20000 + "]" * 20000,
            "cuoi.yaml:3:",
            "nested more than 8 levels deep",
        ),
        ("kind: huong-dan\ntitle: {vi: x}\n<<: {code: HD}\n", "cuoi.yaml:3", "'<<'"),
    ],
)
def test_a_record_that_would_exhaust_the_build_is_one_line(
    tmp_path, text, where, message
):
    data = tmp_path / "data"
    (data / "documents").mkdir(parents=True)
    (tmp_path / "c").mkdir()
    (data / "document-kinds.yaml").write_text(KINDS, encoding="utf-8")
    (data / "documents" / "cuoi.yaml").write_text(text, encoding="utf-8")
    result = check_with_little_memory(data)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if "cuoi.yaml" in line]
    assert where in line and message in line, line


def test_an_oversized_record_is_refused_unread(tmp_path):
    data = tmp_path / "data"
    (data / "documents").mkdir(parents=True)
    (tmp_path / "c").mkdir()
    (data / "document-kinds.yaml").write_text(KINDS, encoding="utf-8")
    (data / "documents" / "to.yaml").write_text(
        "kind: huong-dan\ntitle: {vi: x}\nsummary: {vi: " + "x" * 300_000 + "}\n"
    )
    result = check_with_little_memory(data)
    assert "to.yaml: 300,047 bytes: a record is at most 256 KB" in result.stderr


@pytest.mark.slow
def test_a_restricted_id_that_is_a_common_phrase_is_no_false_trace(tmp_path):
    """An id "kon-tum" must not be "found" in every page naming the province; a
    real trace (its address, its code, its title) still is."""
    data, content = tmp_path / "data", tmp_path / "content"
    shutil.copytree(FIXTURES / "library" / "data", data)
    shutil.copytree(FIXTURES / "library" / "content", content)
    (content / "2022" / "du-lich.md").write_text(
        "Title: Du lịch tỉnh Kon Tum mùa xuân\nDate: 2022-03-01 08:00\n"
        "Category: Văn hóa\nTags: kon-tum\n\nVề Kon Tum.\n",
        encoding="utf-8",
    )
    (data / "documents" / "kon-tum.yaml").write_text(
        "code: CV.01.KT\nkind: cong-van\ntitle: {vi: Công văn nội bộ số một}\n"
        "issuer: Văn phòng Tỉnh ủy\naccess: restricted\n",
        encoding="utf-8",
    )
    output = build_ok(content, data, tmp_path / "output")
    from sitebuild.publish import restricted_needles

    needles = restricted_needles(data)
    assert "van-ban/kon-tum/" in needles and "kon-tum" not in needles
    pages = [p.read_text(encoding="utf-8") for p in output.rglob("*.html")]
    assert any("kon-tum" in page for page in pages)  # in other words' addresses
    assert find_traces(output, needles) == []
    leak = output / "van-ban" / "index.html"
    leak.write_text(leak.read_text(encoding="utf-8") + '<a href="/van-ban/kon-tum/">')
    assert find_traces(output, needles) == [
        "van-ban/index.html: contains a trace of restricted document kon-tum"
    ]
