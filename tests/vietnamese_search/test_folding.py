"""Folding, parts and pairs, plain text out of HTML; the browser folds the same way."""

import shutil
import unicodedata

import pytest
from conftest import run_search_core
from query_oracle import part_spans

from plugins.vietnamese_search import records
from plugins.vietnamese_search.folding import (
    fold,
    folded_parts,
    marked,
    normalize,
    pairs,
    parts,
)
from plugins.vietnamese_search.records import excerpt, html_to_text


def nfd(text):
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đảng", "dang"),
        ("ĐẢNG", "dang"),
        ("đang", "dang"),
        ("Thông tin đối ngoại", "thong tin doi ngoai"),
        ("THÔNG TIN ĐỐI NGOẠI", "thong tin doi ngoai"),
        ("Nguyễn Văn Cừ", "nguyen van cu"),
        ("Kr'ông Búk", "krong buk"),
        ("Kr\u2019ông", "krong"),
        ("Ðà Lạt", "da lat"),  # U+00D0, often typed for Đ
        ("09", "9"),
        ("000", "0"),
        ("2020", "2020"),
    ],
)
def test_fold_drops_marks_and_apostrophes_in_nfc_and_nfd(text, folded):
    assert fold(text) == folded
    assert fold(nfd(text)) == folded


def test_exact_form_is_lowercase_nfc_without_apostrophes():
    assert normalize(nfd("ĐẢNG")) == "đảng" == unicodedata.normalize("NFC", "đảng")
    assert normalize("Kr'ông") == "krông"


def test_parts_cut_words_codes_and_punctuation():
    assert parts("HD.59.BTGTW") == ["hd", "59", "btgtw"]
    assert parts("hd-59-btgtw") == parts("HD59BTGTW") == ["hd", "59", "btgtw"]
    assert parts("HD59") == parts("hd 59") == parts("HD.59") == ["hd", "59"]
    assert parts("Kết luận 16-KL/TW") == ["kết", "luận", "16", "kl", "tw"]
    assert parts("09/2017/NĐ-CP") == ["09", "2017", "nđ", "cp"]
    assert parts("Hà Nội: mùa thu") == ["hà", "nội", "mùa", "thu"]


def test_parts_of_nfd_text_keep_their_marks():
    assert parts(nfd("Đảng bộ")) == ["đảng", "bộ"]
    assert folded_parts(nfd("Thông tin")) == ["thong", "tin"]


def test_emoji_operators_and_markup_are_only_separators():
    assert parts("🙂🇻🇳") == []
    assert parts("+ - ~ ^ * : \"'") == []
    assert parts("<img src=x onerror=alert(1)>") == [
        "img",
        "src",
        "x",
        "onerror",
        "alert",
        "1",
    ]
    assert parts("Hà Nội🙂mùa") == ["hà", "nội", "mùa"]


def test_part_spans_point_into_the_text():
    text = "Đảng bộ HD.59"
    assert [text[a:b] for a, b in part_spans(text)] == ["Đảng", "bộ", "HD", "59"]


def test_pairs_are_adjacent_folded_parts():
    assert pairs(folded_parts("Thông tin đối ngoại")) == [
        "thong_tin",
        "tin_doi",
        "doi_ngoai",
    ]
    assert pairs(["one"]) == []


def test_marked_means_the_exact_form_says_more():
    assert marked("đảng") and marked("đang")
    assert not marked("dang") and not marked("09") and not marked("hd")


def test_html_to_text_unescapes_typogrify_and_separates_blocks():
    html = (
        "<p>&ldquo;Đảng&rdquo; &amp; Nhà&nbsp;nước&#8217;s</p><p>Kết<br>thúc"
        '<script>alert(1)</script> <span class="caps">UBND</span> tỉ\u00adnh</p>'
    )
    assert html_to_text(html) == "“Đảng” & Nhà nước’s Kết thúc UBND tỉnh"
    assert html_to_text(None) == ""
    assert html_to_text("&lt;img src=x&gt;") == "<img src=x>"


HTML_SAMPLES = [
    "<p>a<!-- c -->b</p>",
    "x &amp lt; y",
    '<p class="a>b">t</p>',
    "<P>A</P><BR>b",
    "<script>x</script>y",
    "a<br/>b",
    '<p\u00a0class="x">t</p>',
    "a < b",
    "<a href=x>t</a>z",
    "<my-el>t</my-el>",
    "<p>x</p >y",
    "</ p>z",
    '<img alt="a > b" src=x>t',
    "<p/>t",
    "<p title='it\"s'>q</p>",
    "&#8217;&ldquo;&nbsp;x",
    "<td>1</td><td>2</td>",
    "<b>&amp</b>lt;",
    "<template><p>x</p></template>y",
    "<p>a</p\n>b",
    '<h1 id="x" >t</h1>',
    "<STYLE>p{}</STYLE>z",
    "<div data-x='<p>'>t</div>",
]


def test_html_to_text_reads_plain_tags_as_htmlparser_does():
    """The quick reading of plain tags gives HTMLParser's text, and hands anything
    else (comments, stray brackets, skipped tags) to it."""

    def parsed(html):
        extractor = records._TextExtractor()
        extractor.feed(html)
        extractor.close()
        return " ".join(records._INVISIBLE.sub("", "".join(extractor.chunks)).split())

    quick = 0
    for html in HTML_SAMPLES:
        assert html_to_text(html) == parsed(html), html
        quick += records._plain_chunks(html) is not None
    assert 5 < quick < len(HTML_SAMPLES)


def test_excerpt_cuts_at_a_space():
    assert excerpt("một hai ba", 50) == "một hai ba"
    assert excerpt("một hai ba bốn", 9) == "một hai…"


FOLD_SAMPLES = [
    "Đảng",
    nfd("ĐẢNG bộ"),
    "THÔNG TIN ĐỐI NGOẠI",
    "Kr'ông Búk ‘quote’",
    "HD.59.BTGTW hd-59-btgtw HD59",
    "09/2017/NĐ-CP 16-KL/TW",
    "Hà Nội: mùa thu",
    "+ - ~ ^ * : \" '",
    "<img src=x onerror=alert(1)>",
    "Ðà Lạt x² ½ ٣٤ İstanbul ΣΟΦΙΑ",
    "naïve café — “typographic” … 1,5",
]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_search_core_js_folds_and_cuts_like_python():
    got = run_search_core({"fold": FOLD_SAMPLES})["fold"]
    for text, js in zip(FOLD_SAMPLES, got, strict=True):
        composed = unicodedata.normalize("NFC", text)
        assert js == {
            "fold": fold(text),
            "normalize": normalize(text),
            "parts": parts(text),
            "spans": [composed[a:b] for a, b in part_spans(composed)],
        }, text
