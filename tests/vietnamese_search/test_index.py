"""Index building, term and metadata files, and queries round-tripped through lunr.py.

Queries are built as the browser builds them: query_oracle.py, beside this file,
models search-core.js in Python, and the last tests run search-core.js itself under
Node on the same files.
"""

import hashlib
import json
import shutil
from dataclasses import dataclass

import pytest
from conftest import run_search_core
from lunr.index import Index
from query_oracle import IndexFiles, clauses, find, idf, plan_query, search

from plugins.vietnamese_search.config import SearchSettingsError, search_settings
from plugins.vietnamese_search.index_builder import (
    FIELD_BOOSTS,
    analyze,
    build_index,
    make_builder,
    manifest_bytes,
    number_records,
)
from plugins.vietnamese_search.records import SearchRecord
from plugins.vietnamese_search.search_index import document_record


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
    return IndexFiles(built.manifest, built.files.__getitem__)


@pytest.fixture(scope="module")
def vi_shards():
    # Small files: the words of one query sit in several of them.
    return loaded(build_index(RECORDS, "vi", term_file_bytes=200, docs_per_file=2))


def urls(result):
    return [item["url"] for item in result.results]


def test_contiguous_phrase_ranks_above_scattered_syllables(vi_shards):
    for query in ("thong tin doi ngoai", "THÔNG TIN ĐỐI NGOẠI", "thông tin đối ngoại"):
        found = urls(search(vi_shards, query))
        assert found[:2] == [PHRASE.url, SCATTERED.url], query


def test_without_pairs_the_phrase_would_not_win():
    """The pairs make the difference (kept from the body when they occur that often)."""
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


def test_an_empty_index_answers_nothing():
    index = loaded(build_index([], "vi"))
    assert index.manifest["terms"] == [] and index.manifest["docs"]["files"] == []
    assert search(index, "thong tin").total == 0


def test_partial_matches_when_no_result_has_every_word(vi_shards):
    result = search(vi_shards, "dai hoi khongcotu")
    assert result.partial and result.results[0]["url"] == PARTY.url


def test_english_stems_and_ignores_stop_words():
    records = [
        article("a", "External information work", body="Informing the people."),
        article("b", "Information for foreign guests", body="The work of guests."),
    ]
    shards = loaded(build_index(records, "en", analyzer="english"))
    assert urls(search(shards, "the external information work"))[0] == ("tin-tuc/a/")
    assert search(shards, "informations").total == 2
    assert search(shards, "the").total == 0


def test_a_new_article_keeps_the_other_files_and_their_names():
    old = [
        article(f"a{n}", f"Bài số {n} về hội nghị", date=f"2020-0{n}-01")
        for n in range(1, 8)
    ]
    options = {"term_file_bytes": 120, "docs_per_file": 3}
    built = build_index(old, "vi", **options)
    # Same length as the others: the fields' average lengths stay as they were.
    newer = article("a9", "Bài số 9 về biển đảo", date="2021-01-01")
    rebuilt = build_index([*old, newer], "vi", **options)
    docs_before = built.manifest["docs"]["files"]
    docs_after = rebuilt.manifest["docs"]["files"]
    # Numbered oldest first: the new article is the last.
    assert docs_after[: len(docs_before) - 1] == docs_before[:-1]
    assert rebuilt.manifest["groups"][-1] == ["article", "2021", 7, 1]
    before = {name for _first, name in built.manifest["terms"]}
    after = {name for _first, name in rebuilt.manifest["terms"]}
    assert len(before) > 5
    # Only the files holding the new article's words change.
    assert len(before - after) <= 4, (len(before), len(before - after))


def test_a_query_reads_its_words_files_and_the_shown_results_metadata():
    records = [
        article(f"a{n:03}", f"Tin số {n} ngày {n % 28 + 1}", body=f"Nội dung {n} xã")
        for n in range(300)
    ]
    index = loaded(build_index(records, "vi", term_file_bytes=800, docs_per_file=10))
    result = search(index, "tin so 17", limit=5)
    assert result.results[0]["url"] == "tin-tuc/a017/"
    term_files = {name for _first, name in index.manifest["terms"]}
    read_terms = [name for name in index.fetched if name in term_files]
    read_docs = [name for name in index.fetched if name not in term_files]
    assert len(term_files) > 20
    assert 1 <= len(read_terms) <= 6, read_terms
    assert 1 <= len(read_docs) <= 5


def test_a_word_being_typed_reads_the_words_file_not_every_file_of_its_prefix():
    syllables = ["thanh", "thao", "theo", "thi", "thon", "thong", "thu", "thuong"]
    records = [
        article(f"a{n:03}", f"Tin {syllables[n % 8]} {n}", body=" ".join(syllables))
        for n in range(200)
    ]
    index = loaded(build_index(records, "vi", term_file_bytes=300, docs_per_file=10))
    prefix_files = [n for first, n in index.manifest["terms"] if first.startswith("th")]
    assert len(prefix_files) > 20
    result = search(index, "tin th", limit=5)
    assert result.total == 200
    read_terms = [name for name in index.fetched if name.startswith("terms.")]
    assert index.manifest["words"] in index.fetched
    # "tin", "th" as typed, the three shortest completions (thi, thu, thao): 5 at most.
    assert len(read_terms) <= 5, read_terms


def test_manifest_and_files_are_versioned_compact_json():
    built = build_index(RECORDS, "vi", term_file_bytes=200, docs_per_file=3)
    manifest = json.loads(manifest_bytes(built.manifest))
    assert manifest["format"] == "vietnamese-search" and manifest["version"] == 2
    assert manifest["pipeline"] == ["vietnameseFold"]
    assert manifest["types"] == ["article", "document"]
    assert manifest["years"] == ["2022"]
    assert manifest["count"] == len(RECORDS)
    assert manifest["groups"] == [["document", "2022", 0, 4], ["article", "2022", 4, 5]]
    english = build_index(RECORDS, "en", analyzer="english").manifest
    assert english["pipeline"] == ["vietnameseFold", "stemmer"]
    names = [name for _first, name in manifest["terms"]] + manifest["docs"]["files"]
    names.append(manifest["words"])
    assert sorted(names) == sorted(built.files)
    firsts = [first for first, _name in manifest["terms"]]
    assert firsts[0] == "" and firsts == sorted(
        firsts, key=lambda t: t.encode("utf-16-be")
    )
    for name, content in built.files.items():
        data = json.loads(content)
        compact = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        assert compact.encode() == content and data["version"] == 2
        assert name.split(".")[1] == hashlib.sha256(content).hexdigest()[:12]
        for _term, postings in data.get("terms", []):
            for flat in postings.values():
                # deltas (the first from 0), then integer weights of at least 1
                half = len(flat) // 2
                assert len(flat) % 2 == 0 and all(d >= 0 for d in flat[:half])
                assert all(isinstance(w, int) and w >= 1 for w in flat[half:])


def lunr_index(manifest: dict, table: dict) -> Index:
    """lunr's own index of postings (what the browser's scorer must equal)."""
    terms = sorted(table, key=lambda term: term.encode("utf-16-be"))
    boosts, scale = manifest["boosts"], manifest["scale"]
    vectors, inverted = {}, []
    for position, term in enumerate(terms):
        factor = idf(manifest["count"], table[term])
        posting = {"_index": position} | {name: {} for name in boosts}
        for name, flat in table[term].items():
            half, number = len(flat) // 2, 0
            for i in range(half):
                number += flat[i]
                posting[name][str(number)] = {}
                weight = factor * boosts[name] * flat[half + i] / scale
                vectors.setdefault(f"{name}/{number}", []).extend([position, weight])
        inverted.append([term, posting])
    return Index.load(
        {
            "version": manifest["lunr"],
            "fields": list(boosts),
            "fieldVectors": list(vectors.items()),
            "invertedIndex": inverted,
            "pipeline": manifest["pipeline"],
        }
    )


def every_term(index: IndexFiles) -> dict:
    table = {}
    for _first, name in index.manifest["terms"]:
        table.update(dict(index.file(name)["terms"]))
    return table


def test_stored_weights_are_lunr_py_builders_within_their_precision():
    records = [PHRASE, SCATTERED, PARTY, BRIDGE]
    theirs = make_builder("vietnamese")
    for ref, record in enumerate(number_records(records)):
        theirs.add({"id": str(ref), **analyze(record)})
    expected = theirs.build().serialize()
    index = loaded(build_index(records, "vi"))
    got = lunr_index(index.manifest, every_term(index)).serialize()

    def by_term(serialized):
        terms = {p["_index"]: t for t, p in serialized["invertedIndex"]}
        return {
            (ref, terms[v[i]]): v[i + 1]
            for ref, v in serialized["fieldVectors"]
            for i in range(0, len(v), 2)
        }

    ours, lunrs = by_term(got), by_term(expected)
    assert ours.keys() == lunrs.keys()
    # The same boosts; weights differ by the rounding of lengths and the scale.
    for key, score in lunrs.items():
        assert ours[key] == pytest.approx(score, rel=0.1, abs=0.05), key
    assert set(FIELD_BOOSTS) == set(got["fields"])


@pytest.mark.parametrize(
    "text",
    ["thong tin doi ngoai", "THÔNG TIN ĐỐI NGOẠI", "Đảng đang", "hd 59", "hội ngh"],
)
def test_scores_read_from_postings_are_lunr_index_query_scores(vi_shards, text):
    plan = plan_query(text)
    table = every_term(vi_shards)
    completed = vi_shards.completions(plan)
    reference = lunr_index(vi_shards.manifest, table)
    query = reference.create_query()
    for clause in clauses(plan, vi_shards.manifest["fields"], completed):
        query.term(
            clause.term,
            fields=list(clause.fields),
            boost=clause.boost,
            use_pipeline=clause.use_pipeline,
        )
    expected = {int(r["ref"]): r["score"] for r in reference.query(query)}
    got = {hit.number: hit.score for hit in find(vi_shards, plan)}
    assert got.keys() == expected.keys() and expected
    for number, value in expected.items():
        assert got[number] == pytest.approx(value, abs=2e-6), number


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
    assert config.term_file_bytes == 24000 and config.docs_per_file == 10
    bad = {
        "SITE_LANGUAGES": {"vi": {}, "en": {}},
        "SEARCH": {
            "languages": {"vi": {"page": "/tim-kiem", "analyzer": "klingon"}},
            "docs_per_file": 0,
            "colour": "red",
        },
    }
    with pytest.raises(SearchSettingsError) as error:
        search_settings(bad)
    lines = str(error.value).splitlines()
    assert all(line.startswith("vietnamese_search: ") for line in lines)
    for expected in (
        "unknown keys ['colour']",
        "'docs_per_file'",
        "'page'",
        "'analyzer'",
        "lacks ['en']",
    ):
        assert any(expected in line for line in lines), expected


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("analyzer", ["vietnamese", "english"])
def test_the_browser_core_ranks_and_highlights_like_python(tmp_path, analyzer):
    built = build_index(
        [*RECORDS, *PLACES],
        "vi",
        analyzer=analyzer,
        term_file_bytes=200,
        docs_per_file=2,
    )
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
        "kontum",
        "tinh kontum",
        "hochiminh",
        "DienBien phu",
        "huong dan",
        "huong da",
        "hoc hoi",
        "hochi",
    ]
    request = {"index": str(tmp_path), "queries": queries}
    javascript = run_search_core(request)["results"]
    for query, js in zip(queries, javascript, strict=True):
        python = search(loaded(built), query)
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


PLACES = [
    article(
        "kon-tum",
        "Tin từ tỉnh Kon Tum",
        body="Hội nghị tại thành phố Kon Tum bàn về du lịch.",
    ),
    article(
        "ho-chi-minh",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        body="Học tập tấm gương đạo đức Hồ Chí Minh ở các chi bộ.",
    ),
    article(
        "dien-bien",
        "Kỷ niệm chiến thắng Điện Biên Phủ",
        body="Điện Biên Phủ lừng lẫy năm châu, chấn động địa cầu.",
    ),
    article("hoc-hi", "Học hỏi kinh nghiệm", body="Hỏi han, học hỏi, minh bạch."),
]


@pytest.mark.parametrize(
    ("query", "first", "marked"),
    [
        ("kontum", "tin-tuc/kon-tum/", ["Kon Tum"]),
        ("tinh kontum", "tin-tuc/kon-tum/", ["tỉnh Kon Tum"]),
        ("hochiminh", "tin-tuc/ho-chi-minh/", ["Hồ Chí Minh"]),
        ("dienbien", "tin-tuc/dien-bien/", ["Điện Biên"]),
        ("DienBien phu", "tin-tuc/dien-bien/", ["Điện Biên Phủ"]),
    ],
)
def test_syllables_typed_together_find_the_words_written_apart(query, first, marked):
    index = loaded(build_index(PLACES, "vi"))
    result = search(index, query)
    assert result.results and result.results[0]["url"] == first, urls(result)
    assert not result.partial
    top = result.results[0]
    assert [top["title"][a:b] for a, b in top["titleRanges"]] == marked


def test_a_joined_word_is_cut_into_the_fewest_words_the_index_has():
    from query_oracle import split_joined

    known = {"ho", "hoc", "hi", "chi", "minh", "kon", "tum", "dien", "bien", "ko"}
    assert split_joined("hochiminh", known) == ["ho", "chi", "minh"]
    assert split_joined("kontum", known) == ["kon", "tum"]
    assert split_joined("dienbien", known) == ["dien", "bien"]
    assert split_joined("xyzabc", known) is None
    # Five words would be needed: too many to be a word typed without spaces.
    assert split_joined("kontumkontumkon", known) is None
    # A word the index has is never cut (it may be written that way somewhere).
    index = loaded(build_index([*PLACES, article("x", "Kontum xưa")], "vi"))
    assert urls(search(index, "kontum")) == ["tin-tuc/x/"]


def test_highlighting_marks_whole_syllables_that_matched_never_their_beginnings():
    guide = article(
        "huong-dan",
        "Hướng dẫn dành cho chi bộ",
        lead="Tài liệu hướng dẫn dành riêng cho đảng viên.",
    )
    index = loaded(build_index([guide, *PLACES], "vi"))
    top = search(index, "huong dan").results[0]
    assert [top["title"][a:b] for a, b in top["titleRanges"]] == ["Hướng dẫn"]
    assert [top["snippet"][a:b] for a, b in top["snippetRanges"]] == ["hướng dẫn"]
    # A word typed is complete when the index has it: "dan" does not find "dành".
    assert search(index, "dan").total == 1
    assert search(index, "danh rieng").total == 1
    # Still typing: the completions the search used are marked whole.
    typing = search(index, "danh ri").results[0]
    assert [typing["snippet"][a:b] for a, b in typing["snippetRanges"]] == [
        "dành riêng"
    ]


def test_a_phrase_once_in_a_long_body_ranks_above_its_syllables_apart():
    filler = " ".join(
        f"Đoạn {n} nói về công việc thường ngày của cơ quan." for n in range(80)
    )
    once = article(
        "mot-lan",
        "Báo cáo công tác năm",
        body=f"{filler} Tỉnh đẩy mạnh chuyển đổi số trong cơ quan. {filler}",
    )
    apart = [
        article(
            f"rieng-{n}",
            f"Chuyển giao công nghệ số {n}",
            body="Chuyển giao kỹ thuật; đổi mới cách làm; số liệu mới. " * 3,
        )
        for n in range(5)
    ]
    index = loaded(build_index([once, *apart], "vi"))
    found = urls(search(index, "chuyen doi so"))
    assert found[0] == once.url, found
    assert len(found) == 6
