"""The page-weight table: its verdict and its place in the results file."""

from bench.page_weight import BEGIN, END, Weight, replace_section, table


def weights(text_kb: float) -> dict[int, Weight]:
    size = int(text_kb * 1024)
    return {390: Weight(5, size, 1, 2048), 1366: Weight(5, size, 2, 4096)}


def test_the_article_page_is_judged_against_50_kb_of_text():
    text = table([("real", "article", weights(49.9)), ("real", "home", weights(80))])
    assert (
        "| real | article | 49.9 KB / 49.9 KB | 1 (2.0 KB) | 2 (4.0 KB) | PASS |"
        in text
    )
    assert "| real | home | 80.0 KB / 80.0 KB | 1 (2.0 KB) | 2 (4.0 KB) | — |" in text
    assert "| MISS |" in table([("real", "article", weights(50.1))])


def test_the_section_is_replaced_in_place_and_the_rest_kept(tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark\n\nrows\n\n<!-- analysis -->\nnotes\n")
    replace_section(results, "first")
    replace_section(results, "second")
    text = results.read_text()
    assert text.count(BEGIN) == 1 and text.count(END) == 1
    assert "second" in text and "first" not in text
    assert text.startswith("# Benchmark\n\nrows\n\n<!-- analysis -->\nnotes\n")
