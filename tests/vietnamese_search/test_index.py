"""Index building, shards and manifest, and queries round-tripped through lunr.py.

Queries are built as the browser builds them (query.py mirrors search-core.js, and
the last tests run search-core.js under Node on the same shards).
"""

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT
from lunr.builder import Builder
from lunr.index import Index
from vietnamese_search.config import SearchSettingsError, search_settings
from vietnamese_search.index_builder import (
    FIELD_BOOSTS,
    ShardBuilder,
    Statistics,
    analyze,
    build_index,
    compact_index,
    expand_index,
    make_builder,
    manifest_bytes,
    plan_shards,
)
from vietnamese_search.query import load_shard, search
from vietnamese_search.records import SearchRecord
from vietnamese_search.search_index import document_record


def article(slug, title, date="2022-01-01", lead="", body="", keywords=()):
    return SearchRecord(
        "article", f"tin-tuc/{slug}/", title, date, lead, body, tuple(keywords)
    )


def document(slug, code, title, issuer="Ban Tuyên giáo Trung ương", date="2022"):
    return SearchRecord(
        "document",
        f"van-ban/{slug}/",
        title,
        date,
        keywords=(issuer, "Hướng dẫn"),
        code=code,
    )


PHRASE = article(
    "cum-tu",
    "Hội nghị tổng kết công tác năm",
    lead="Tổng kết công tác của các sở, ngành.",
    body="Hội nghị đánh giá công tác thông tin đối ngoại của tỉnh. "
    "Năm tới, công tác thông tin đối ngoại tiếp tục được chú trọng.",
)
SCATTERED = article(
    "rai-rac",
    "Hội nghị sơ kết công tác năm",
    lead="Sơ kết công tác: thông báo, tin vui, đối thoại với ngoại tỉnh.",
    body="Hội nghị thông báo kết quả; người dân tin tưởng và đối thoại với khách "
    "ngoại tỉnh. Bản thông báo mới, tin vui mới, buổi đối thoại mới, ngoại tỉnh.",
)
PARTY = article(
    "dang-bo",
    "Đại hội Đảng bộ huyện nhiệm kỳ mới",
    lead="Đảng bộ huyện tổ chức đại hội.",
    body="Các đại biểu thảo luận văn kiện của Đảng bộ.",
)
BRIDGE = article(
    "cau",
    "Cầu mới đang được xây dựng nhiệm kỳ mới",
    lead="Công trình đang thi công đúng tiến độ.",
    body="Nhà thầu đang tăng ca để kịp bàn giao.",
)
DOCUMENTS = [
    document("hd-58-btgtw", "HD.58.BTGTW", "Hướng dẫn tuyên truyền kỷ niệm"),
    document("hd-59-btgtw", "HD.59.BTGTW", "Hướng dẫn bồi dưỡng công tác Đảng"),
    document("hd-60-btgtw", "HD.60.BTGTW", "Hướng dẫn tuyên truyền biển đảo"),
    document("hd-31-btgtu", "HD.31.BTGTU", "Hướng dẫn số 59 về học tập", "Tỉnh ủy"),
]
NUMBERED = article("so-lieu", "Báo cáo số liệu năm", body="Tỉnh có 59 xã và 590 thôn.")
RECORDS = [PHRASE, SCATTERED, PARTY, BRIDGE, NUMBERED, *DOCUMENTS]


def loaded(built):
    return [
        load_shard(json.loads(built.files[e["file"]])) for e in built.manifest["shards"]
    ]


@pytest.fixture(scope="module")
def vi_shards():
    return loaded(build_index(RECORDS, "vi", articles_per_shard=2))


def urls(result):
    return [item["url"] for item in result.results]


def test_contiguous_phrase_ranks_above_scattered_syllables(vi_shards):
    for query in ("thong tin doi ngoai", "THÔNG TIN ĐỐI NGOẠI", "thông tin đối ngoại"):
        found = urls(search(vi_shards, query))
        assert found[:2] == [PHRASE.url, SCATTERED.url], query


def test_without_pairs_the_phrase_would_not_win():
    """The pairs make the difference (body pairs kept only from 2 occurrences)."""
    for pairs_min, winner in ((99, SCATTERED), (2, PHRASE)):
        shards = loaded(build_index(RECORDS, "vi", body_pairs_min=pairs_min))
        assert urls(search(shards, "thong tin doi ngoai"))[0] == winner.url


def test_exact_accents_rank_first(vi_shards):
    def order(query):
        return [
            u for u in urls(search(vi_shards, query)) if u in (PARTY.url, BRIDGE.url)
        ]

    # Two articles alike but for the accents: the exact form decides.
    assert order("Đảng")[:2] == [PARTY.url, BRIDGE.url]
    assert order("đang")[:2] == [BRIDGE.url, PARTY.url]
    # Without accents both are found.
    assert set(urls(search(vi_shards, "dang"))) >= {PARTY.url, BRIDGE.url}


@pytest.mark.parametrize(
    "query",
    ["HD.59", "hd 59", "HD59", "hd-59-btgtw", "59 ban tuyen giao", "hd.59.btgtw"],
)
def test_code_variants_put_the_document_first(vi_shards, query):
    result = search(vi_shards, query)
    assert result.results[0]["code"] == "HD.59.BTGTW", urls(result)
    assert result.results[0]["type"] == "document"


def test_type_and_year_filters(vi_shards):
    everything = search(vi_shards, "hướng dẫn")
    assert {item["type"] for item in everything.results} == {"document"}
    assert search(vi_shards, "hoi nghi", type_filter="document").total == 0
    assert search(vi_shards, "hoi nghi", year="2022").total == 2
    assert search(vi_shards, "hoi nghi", year="2021").total == 0


def test_titles_and_snippets_are_highlighted_accent_insensitively(vi_shards):
    top = search(vi_shards, "dai hoi dang").results[0]
    assert top["url"] == PARTY.url
    marked = [top["title"][a:b] for a, b in top["titleRanges"]]
    assert marked == ["Đại hội Đảng"]
    assert [top["snippet"][a:b] for a, b in top["snippetRanges"]] == ["Đảng", "đại hội"]


def test_last_word_is_completed_while_typing(vi_shards):
    assert urls(search(vi_shards, "thong tin doi ngo"))[0] == PHRASE.url
    # Once a space follows, the word is complete: "ngo" alone is not a word here.
    assert search(vi_shards, "thong tin doi ngo ").partial


@pytest.mark.parametrize(
    "query",
    [
        "Hà Nội: mùa thu",
        "+",
        "-",
        "~",
        "^",
        "*",
        ":",
        "+ - ~ ^ * :",
        '"unbalanced',
        "'",
        "x" * 2000,
        "thong " * 400,
        "🙂🇻🇳",
        "<img src=x onerror=alert(1)>",
        "",
        "\u0301\u0301",
        "\ud83d",
    ],
)
def test_any_input_gives_results_or_none_never_an_error(vi_shards, query):
    result = search(vi_shards, query)
    assert result.total >= 0 and len(result.results) <= 20


def test_partial_matches_when_no_result_has_every_word(vi_shards):
    result = search(vi_shards, "dai hoi khongcotu")
    assert result.partial and result.results[0]["url"] == PARTY.url


def test_english_stems_and_ignores_stop_words():
    records = [
        article("a", "Foreign information work", body="Informing the people."),
        article("b", "Information for foreign guests", body="The work of guests."),
    ]
    shards = loaded(build_index(records, "en", analyzer="english"))
    assert urls(search(shards, "the foreign information work", "english"))[0] == (
        "tin-tuc/a/"
    )
    assert search(shards, "informations", "english").total == 2
    assert search(shards, "the", "english").total == 0


def test_shards_in_loading_order_with_stable_names():
    old = [article(f"a{n}", f"Bài {n}", date=f"2020-0{n}-01") for n in range(1, 6)]
    built = build_index([*old, *DOCUMENTS], "vi", articles_per_shard=2)
    names = [entry["file"].split(".")[0] for entry in built.manifest["shards"]]
    assert names == [
        "articles-2020-3",
        "documents-1",
        "articles-2020-2",
        "articles-2020-1",
    ]
    newer = article("a9", "Bài mới", date="2021-01-01")
    rebuilt = build_index([*old, *DOCUMENTS, newer], "vi", articles_per_shard=2)
    files = [entry["file"] for entry in rebuilt.manifest["shards"]]
    assert files[0].startswith("articles-2021-1.")
    # Older shards keep their names (and the browser its cached copies).
    assert set(files[1:]) == set(built.files)


def test_manifest_and_shards_are_versioned_compact_json():
    built = build_index(RECORDS, "vi")
    manifest = json.loads(manifest_bytes(built.manifest))
    assert manifest["format"] == "vietnamese-search" and manifest["version"] == 1
    assert manifest["pipeline"] == ["vietnameseFold"]
    assert manifest["types"] == ["article", "document"]
    assert manifest["years"] == ["2022"]
    english = build_index(RECORDS, "en", analyzer="english").manifest
    assert english["pipeline"] == ["vietnameseFold", "stemmer"]
    for entry in manifest["shards"]:
        content = built.files[entry["file"]]
        assert entry["bytes"] == len(content)
        shard = json.loads(content)
        compact = json.dumps(shard, ensure_ascii=False, separators=(",", ":"))
        assert compact.encode() == content
        assert "text" in shard["docs"][0] or shard["docs"][0]["type"] == "document"
        for vectors in shard["vectors"].values():
            for flat in vectors:
                assert all(round(v, 3) == v for v in flat[1::2])
        # Metadata sits beside the index, not inside it.
        assert "docs" not in expand_index(shard)


def test_a_shard_is_the_index_lunr_py_builder_would_make():
    records = [PHRASE, SCATTERED, PARTY]
    ours = ShardBuilder(make_builder("vietnamese").pipeline)
    theirs = make_builder("vietnamese")
    for ref, record in enumerate(records):
        fields = analyze(record)
        ours.add(fields)
        theirs.add({"id": str(ref), **fields})
    stats = Statistics()
    stats.add(ours)
    shard = {"lunr": "2.3.9", "pipeline": ["vietnameseFold"]}
    shard |= compact_index(ours, stats)
    expected = theirs.build().serialize()
    got = Index.load(expand_index(shard)).serialize()
    assert [t for t, _ in got["invertedIndex"]] == [
        t for t, _ in expected["invertedIndex"]
    ]

    def by_term(serialized):
        terms = {p["_index"]: t for t, p in serialized["invertedIndex"]}
        return {
            ref: {terms[v[i]]: v[i + 1] for i in range(0, len(v), 2)}
            for ref, v in serialized["fieldVectors"]
        }

    assert by_term(got) == by_term(expected)
    assert isinstance(theirs, Builder) and set(FIELD_BOOSTS) == set(got["fields"])


def test_plan_shards_puts_documents_after_the_newest_articles():
    plans = plan_shards(RECORDS, 100, 100)
    assert [p.type for p in plans] == ["article", "document"]


@dataclass(frozen=True)
class FakeDate:
    iso: str


@dataclass(frozen=True)
class FakeDocument:
    """A library document as the library plugin shows it (no import of it)."""

    url: str
    code: str | None
    title: str
    issuer: str
    title_lang: str = "vi"
    restricted: bool = False
    summary: str | None = None
    kind_name: str = "Hướng dẫn"
    fields: tuple = ("Tuyên giáo",)
    tags: tuple = ()
    issued: FakeDate | None = FakeDate("2022-06")


def test_library_documents_become_records_and_restricted_ones_stay_out():
    public = FakeDocument(
        "en/documents/hd-59-btgtw/",
        "HD.59.BTGTW",
        "Guidance on training",
        "Ban Tuyên giáo Trung ương",
        title_lang="en",
        summary="Tóm tắt &amp; nội dung",
        kind_name="Guidance",
    )
    record = document_record(public, "en")
    assert record.url == "en/documents/hd-59-btgtw/"
    assert record.title == "Guidance on training"
    assert record.date == "2022-06" and record.lang is None
    assert record.lead == "Tóm tắt & nội dung"
    assert record.keywords == ("Ban Tuyên giáo Trung ương", "Guidance", "Tuyên giáo")
    only_vi = FakeDocument("en/documents/x/", None, "Đề cương", "Tỉnh ủy", issued=None)
    assert document_record(only_vi, "en").lang == "vi"
    restricted = FakeDocument("van-ban/y/", "A.1", "Mật", "X", restricted=True)
    assert document_record(restricted, "vi") is None
    assert document_record(restricted, "vi", include_restricted=True).code == "A.1"
    vi = FakeDocument("van-ban/hd-59-btgtw/", "HD.59.BTGTW", "Hướng dẫn", "Ban")
    shards = loaded(build_index([document_record(vi, "vi")], "vi"))
    assert urls(search(shards, "hd 59")) == ["van-ban/hd-59-btgtw/"]


def test_settings_are_checked_up_front():
    good = {
        "SITE_LANGUAGES": {"vi": {}, "en": {}},
        "SEARCH": {
            "languages": {
                "vi": {"page": "tim-kiem/"},
                "en": {"page": "en/search/", "analyzer": "english"},
            }
        },
    }
    config = search_settings(good)
    assert config.languages["vi"].manifest == "tim-kiem/index/manifest.json"
    assert config.articles_per_shard == 100
    bad = {
        "SITE_LANGUAGES": {"vi": {}, "en": {}},
        "SEARCH": {
            "languages": {"vi": {"page": "/tim-kiem", "analyzer": "klingon"}},
            "articles_per_shard": 0,
            "colour": "red",
        },
    }
    with pytest.raises(SearchSettingsError) as error:
        search_settings(bad)
    lines = str(error.value).splitlines()
    assert all(line.startswith("vietnamese_search: ") for line in lines)
    for expected in (
        "unknown keys ['colour']",
        "'articles_per_shard'",
        "'page'",
        "'analyzer'",
        "lacks ['en']",
    ):
        assert any(expected in line for line in lines), expected


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("analyzer", ["vietnamese", "english"])
def test_the_browser_core_ranks_and_highlights_like_python(tmp_path, analyzer):
    built = build_index(RECORDS, "vi", analyzer=analyzer, articles_per_shard=2)
    for name, content in built.files.items():
        (tmp_path / name).write_bytes(content)
    (tmp_path / "manifest.json").write_bytes(manifest_bytes(built.manifest))
    queries = [
        "thong tin doi ngoai",
        "THÔNG TIN ĐỐI NGOẠI",
        "Đảng",
        "đang",
        "HD.59",
        "hd 59",
        "HD59",
        "hd-59-btgtw",
        "59 ban tuyen giao",
        "hướng dẫn tuyên",
        "thong tin doi ngo",
        "Hà Nội: mùa thu",
        "+ - ~ ^ * :",
        '"unbalanced',
        "x" * 2000,
        "x" * 255 + "🙂 thong",
        "🙂",
        "<img src=x onerror=alert(1)>",
        "the work of",
    ]
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"index": str(tmp_path), "queries": queries}))
    result = subprocess.run(
        ["node", str(Path(__file__).with_name("run_core.js")), str(ROOT), request],
        capture_output=True,
        text=True,
        check=True,
    )
    javascript = json.loads(result.stdout)["results"]
    for query, js in zip(queries, javascript, strict=True):
        python = search(loaded(built), query, analyzer)
        expected = {
            "results": [
                {
                    **item,
                    "titleRanges": [list(r) for r in item["titleRanges"]],
                    "snippetRanges": [list(r) for r in item["snippetRanges"]],
                }
                for item in python.results
            ],
            "total": python.total,
            "partial": python.partial,
        }
        assert js == expected, query
