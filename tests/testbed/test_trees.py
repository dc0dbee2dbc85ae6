"""Trees written from a dict, and compared: what the rebuild tests and the
benchmark rely on to say that two outputs are the same."""

from testbed.trees import compare_trees, write_files


def test_written_trees_compare_equal_until_a_byte_or_a_file_differs(tmp_path):
    files = {"index.html": b"<p>a</p>", "tin-tuc/a/index.html": "Đảng".encode()}
    first, second = tmp_path / "first", tmp_path / "second"
    write_files(first, files)
    write_files(second, files)
    assert (second / "tin-tuc" / "a" / "index.html").read_text() == "Đảng"
    assert compare_trees(first, second) == []
    (second / "tin-tuc" / "a" / "index.html").write_bytes("Đang".encode())
    (second / "extra.css").write_bytes(b"")
    (first / "empty").mkdir()
    assert compare_trees(first, second) == [
        "empty/",
        "extra.css",
        "tin-tuc/a/index.html",
    ]
