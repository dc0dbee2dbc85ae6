"""Document records: real data loads cleanly, broken data yields precise problems."""

import datetime
import textwrap
import zipfile
from pathlib import Path

import pytest

from plugins.document_library.records import (
    DocumentRecord,
    Library,
    PartialDate,
    Problem,
    load_library,
)

REPO_DATA = Path(__file__).resolve().parents[2] / "data"

KINDS = """\
huong-dan: {vi: Hướng dẫn, en: Guidance, group: documents}
de-cuong: {vi: Đề cương tuyên truyền, en: Propaganda outline, group: materials}
"""

VALID = """\
code: HD.59.BTGTW
kind: huong-dan
title:
  vi: Hướng dẫn
issuer: Ban Tuyên giáo Trung ương
"""


def write_data(tmp_path: Path, documents: dict[str, str], kinds: str = KINDS) -> Path:
    """A data/ folder with the kinds file and the given documents."""
    data = tmp_path / "data"
    (data / "documents" / "files").mkdir(parents=True)
    (data / "document-kinds.yaml").write_text(kinds, encoding="utf-8")
    for name, text in documents.items():
        (data / "documents" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return data


def load(tmp_path: Path, documents: dict[str, str], **kwargs):
    return load_library(write_data(tmp_path, documents, **kwargs))


def problem_at(problems: list[Problem], key: str | None, file: str = "") -> Problem:
    """The single problem for `key` (in `file`, when given)."""
    found = [
        problem
        for problem in problems
        if problem.key == key and problem.path.name.startswith(file)
    ]
    assert len(found) == 1, [str(problem) for problem in problems]
    return found[0]


# The real data


def test_real_data_loads_without_problems():
    library, problems = load_library(REPO_DATA)
    assert [str(problem) for problem in problems] == []
    assert len(library.documents) == 7
    assert [document.id for document in library.documents] == [
        "de-cuong-110-nam-ngay-sinh-nguyen-van-cu",
        "hd-31-btgtu",
        "hd-32-btgtu",
        "hd-58-btgtw",
        "hd-59-btgtw",
        "hd-60-btgtw",
        "hd-61-btgtw",
    ]
    dated = [document.issued is not None for document in library.documents]
    assert dated == sorted(dated, reverse=True)  # undated last


def test_real_data_records_state_only_what_the_old_site_states():
    library, _ = load_library(REPO_DATA)
    document = library.by_id("hd-31-btgtu")
    assert document.code == "HD.31.BTGTU"
    # The code names the issuer (BTGTU: the provincial Propaganda Department).
    assert document.issuer_in("vi") == ("Ban Tuyên giáo Tỉnh ủy Kon Tum", "vi")
    assert document.issuer_in("en")[1] == "en"
    assert document.legacy == {"views": 766, "downloads": 405, "position": 7}
    outline = library.by_id("de-cuong-110-nam-ngay-sinh-nguyen-van-cu")
    assert (outline.code, outline.kind, outline.files) == (None, "de-cuong", ())
    # No code, no issuer; and the old page gives no document's date.
    assert outline.issuer == {} and outline.issuer_in("en") == (None, "vi")
    assert all(d.issued is None and d.posted is None for d in library.documents)
    assert all(
        document.is_public and "en" in document.title for document in library.documents
    )


def test_real_kinds_cover_both_groups():
    library, _ = load_library(REPO_DATA)
    expected = {
        "huong-dan": "documents",
        "ke-hoach": "documents",
        "nghi-quyet": "documents",
        "ket-luan": "documents",
        "quyet-dinh": "documents",
        "chi-thi": "documents",
        "cong-van": "documents",
        "de-cuong": "materials",
        "tai-lieu": "materials",
    }
    assert {kind: library.kinds[kind].group for kind in expected} == expected
    assert library.kinds["de-cuong"].name_in("en") == "Propaganda outline"
    assert library.kinds["chi-thi"].name_in("vi") == "Chỉ thị"


# Loading and querying


def test_a_full_record_is_read(tmp_path):
    data = write_data(tmp_path, {})
    (data / "documents" / "files" / "sub").mkdir()
    (data / "documents" / "files" / "sub" / "hd.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (data / "documents" / "hd-1.yaml").write_text(
        textwrap.dedent("""\
            code: HD.1
            kind: huong-dan
            title: {vi: Tiêu đề, en: Title}
            summary: {en: Summary}
            issuer: {vi: Ban, en: Board}
            signer: Người ký
            issued: 2022-06-10
            effective: 2022-06
            expires: 2030
            fields: [Tuyên truyền]
            tags: [a, b]
            access: public
            files:
              - path: sub/hd.pdf
                title: Toàn văn
                lang: vi
            legacy: {views: 3, downloads: 0, position: 2}
            posted: 2026-12-03 14:30
        """),
        encoding="utf-8",
    )
    library, problems = load_library(data)
    assert problems == []
    document = library.by_id("hd-1")
    assert document.issued == PartialDate(2022, 6, 10)
    assert (document.effective, document.expires) == (
        PartialDate(2022, 6),
        PartialDate(2030),
    )
    assert (document.fields, document.tags) == (("Tuyên truyền",), ("a", "b"))
    assert document.signer == "Người ký"
    assert document.summary_in("vi") == (None, "vi")
    assert document.summary_in("en") == ("Summary", "en")
    assert document.legacy == {"views": 3, "downloads": 0, "position": 2}
    assert document.posted == datetime.datetime(2026, 12, 3, 14, 30)
    assert document.issuer_in("en") == ("Board", "en")
    assert document.issuer_in("vi") == ("Ban", "vi")
    (attachment,) = document.files
    assert (attachment.path, attachment.title, attachment.lang) == (
        "sub/hd.pdf",
        "Toàn văn",
        "vi",
    )


def test_attachment_size_and_format_come_from_the_file(tmp_path):
    data = write_data(tmp_path, {})
    files = data / "documents" / "files"
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
    (files / "hd.pdf").write_bytes(pdf)
    with zipfile.ZipFile(files / "hd.docx", "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
        docx.writestr("word/document.xml", "<w:document/>")
    (data / "documents" / "hd.yaml").write_text(
        VALID + "files:\n  - path: hd.pdf\n  - {path: hd.docx, lang: en}\n",
        encoding="utf-8",
    )
    library, problems = load_library(data)
    assert problems == []
    pdf_file, docx_file = library.by_id("hd").files
    assert (pdf_file.format, pdf_file.size) == ("PDF", len(pdf))
    assert (docx_file.format, docx_file.size) == (
        "DOCX",
        (files / "hd.docx").stat().st_size,
    )
    assert docx_file.lang == "en" and pdf_file.lang is None
    assert pdf_file.source_path == files / "hd.pdf"


def test_missing_documents_folder_is_an_empty_library(tmp_path):
    library, problems = load_library(tmp_path / "data")
    assert (library.documents, library.kinds, problems) == ([], {}, [])


def test_public_excludes_restricted_documents(tmp_path):
    restricted = VALID.replace("HD.59", "HD.1") + "access: restricted\n"
    library, problems = load(tmp_path, {"open.yaml": VALID, "closed.yaml": restricted})
    assert problems == []
    assert [document.id for document in library.documents] == ["closed", "open"]
    assert [document.id for document in library.public()] == ["open"]
    assert not library.by_id("closed").is_public


def test_replaced_by_and_related_links(tmp_path):
    library, problems = load(
        tmp_path,
        {
            "old.yaml": VALID,
            "new.yaml": VALID.replace("HD.59", "HD.60")
            + "replaces: [old]\nrelated: [old]\n",
        },
    )
    assert problems == []
    assert [document.id for document in library.replaced_by("old")] == ["new"]
    assert library.replaced_by("new") == []
    assert library.by_id("new").related == ("old",)
    assert library.by_id("nothing") is None


def test_an_issuer_is_optional_and_may_be_named_per_language(tmp_path):
    library, problems = load(
        tmp_path,
        {
            "a.yaml": VALID.replace("issuer: Ban Tuyên giáo Trung ương\n", ""),
            "b.yaml": VALID.replace("HD.59.BTGTW", "HD.60.BTGTW"),
        },
    )
    assert problems == []
    assert library.by_id("a").issuer_in("vi") == (None, "vi")
    # Named only in Vietnamese: an English page shows it in Vietnamese.
    assert library.by_id("b").issuer_in("en") == ("Ban Tuyên giáo Trung ương", "vi")


def test_new_documents_latest_posted_first_then_the_old_sites_order(tmp_path):
    def record(code, extra=""):
        return VALID.replace("HD.59.BTGTW", code) + extra

    library, problems = load(
        tmp_path,
        {
            "a.yaml": record("HD.1", "legacy: {position: 2}\n"),
            "b.yaml": record("HD.2", "legacy: {position: 1}\n"),
            "c.yaml": record("HD.3", "posted: 2026-12-01\n"),
            "d.yaml": record("HD.4", "posted: 2026-12-01 08:00\n"),
            "e.yaml": record("HD.5", "issued: 2023\n"),
            "f.yaml": record("HD.6", "posted: 2026-11-30 23:59\n"),
        },
    )
    assert problems == []
    newest = sorted(library.documents, key=lambda document: document.newest_key)
    assert [d.code for d in newest] == ["HD.4", "HD.3", "HD.6", "HD.2", "HD.1", "HD.5"]


@pytest.mark.parametrize(
    ("issuer", "key", "expected"),
    [
        ("{en: Board}", "issuer.vi", "required key 'vi' is missing"),
        ("[a]", "issuer", "expected the issuing body"),
    ],
)
def test_a_wrong_issuer_is_named(tmp_path, issuer, key, expected):
    text = VALID.replace("Ban Tuyên giáo Trung ương", issuer)
    _, problems = load(tmp_path, {"hd.yaml": text})
    assert expected in problem_at(problems, key).message


def test_links_to_a_broken_document_are_dropped(tmp_path):
    library, problems = load(
        tmp_path,
        {
            "good.yaml": VALID + "related: [broken]\n",
            "broken.yaml": "kind: huong-dan\n",
        },
    )
    assert {problem.key for problem in problems} == {"title"}
    assert [document.id for document in library.documents] == ["good"]
    assert library.by_id("good").related == ()


def test_documents_sort_newest_first_undated_last_then_code(tmp_path):
    def record(code, issued=None):
        return VALID.replace("HD.59.BTGTW", code) + (
            f"issued: {issued}\n" if issued else ""
        )

    library, problems = load(
        tmp_path,
        {
            "a.yaml": record("HD.10"),
            "b.yaml": record("HD.9"),
            "c.yaml": record("HD.1", "2021-12-31"),
            "d.yaml": record("HD.2", "2022"),
            "e.yaml": record("HD.3", "2022-06-10"),
            "f.yaml": record("HD.4", "2022-06"),
        },
    )
    assert problems == []
    ids = [document.id for document in library.documents]
    assert ids == ["e", "f", "d", "c", "b", "a"]
    assert isinstance(library, Library)


def test_title_in_falls_back_to_vietnamese(tmp_path):
    library, _ = load(tmp_path, {"hd.yaml": VALID})
    document: DocumentRecord = library.by_id("hd")
    assert document.title_in("en") == ("Hướng dẫn", "vi")
    assert document.title_in("vi") == ("Hướng dẫn", "vi")


# Partial dates


@pytest.mark.parametrize(
    ("value", "expected", "iso", "shown"),
    [
        (2022, PartialDate(2022), "2022", "2022"),
        ("2022", PartialDate(2022), "2022", "2022"),
        ("2022-06", PartialDate(2022, 6), "2022-06", "06/2022"),
        ("2022-06-10", PartialDate(2022, 6, 10), "2022-06-10", "10/06/2022"),
        ("2024-02-29", PartialDate(2024, 2, 29), "2024-02-29", "29/02/2024"),
    ],
)
def test_partial_dates_parse_and_format(value, expected, iso, shown):
    date = PartialDate.parse(value)
    assert date == expected
    assert date.iso() == iso
    assert date.format("vi") == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2022", "2022"),
        ("2022-06", "June 2022"),
        ("2022-06-10", "10 June 2022"),
        ("2024-02-01", "1 February 2024"),
    ],
)
def test_partial_dates_in_english_name_the_month(value, shown):
    # 10/06/2022 reads as the sixth of October to an English reader.
    assert PartialDate.parse(value).format("en") == shown


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2022-02-30", "2022-02-30 is not a real date"),
        ("2023-02-29", "2023-02-29 is not a real date"),
        ("2022-13", "2022-13 is not a real date"),
        ("June 2022", "expected a date written 2022-06-10, 2022-06 or 2022"),
        (20222, "got a number (20222)"),
        ("2022-6-1", "expected a date written"),
        (True, "got a yes/no value"),
        ([2022], "got a list"),
    ],
)
def test_impossible_or_malformed_dates_are_rejected(value, message):
    with pytest.raises(
        ValueError, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        PartialDate.parse(value)


def test_partial_dates_order_less_precise_first_within_a_year():
    dates = [
        PartialDate(2022, 6, 10),
        PartialDate(2022),
        PartialDate(2021, 12, 31),
        PartialDate(2022, 6),
        PartialDate(2022, 1, 1),
    ]
    assert sorted(dates) == [
        PartialDate(2021, 12, 31),
        PartialDate(2022),
        PartialDate(2022, 1, 1),
        PartialDate(2022, 6),
        PartialDate(2022, 6, 10),
    ]
    assert PartialDate(2022, 6) < PartialDate(2022, 6, 1) <= PartialDate(2022, 6, 1)
    assert not PartialDate(2022).definitely_before(PartialDate(2022, 6))
    assert PartialDate(2022, 5).definitely_before(PartialDate(2022, 6, 1))


# Problems, one kind at a time


def test_problem_text_shows_path_line_column_key_and_message(tmp_path):
    _, problems = load(tmp_path, {"hd.yaml": VALID.replace("huong-dan", "huong-dn")})
    assert str(problem_at(problems, "kind")).startswith(
        "data/documents/hd.yaml:2:7: kind: kind 'huong-dn' is not declared in "
        "data/document-kinds.yaml (did you mean 'huong-dan'?); expected one of: "
        "de-cuong, huong-dan"
    )


def test_display_root_and_unknown_parts_are_left_out():
    problem = Problem(Path("/site/data/documents/x.yaml"), None, None, None, "broken")
    assert str(problem) == "/site/data/documents/x.yaml: broken"
    rooted = Problem(Path("/site/data/x.yaml"), 3, None, "kind", "bad", Path("/site"))
    assert str(rooted) == "data/x.yaml:3: kind: bad"


def test_display_root_argument(tmp_path):
    data = write_data(tmp_path, {"hd.yaml": "kind: [\n"})
    (problem,) = load_library(data, display_root=data)[1]
    assert str(problem).startswith("documents/hd.yaml:2:1: invalid YAML:")


def test_yaml_syntax_error_has_line_and_column(tmp_path):
    _, problems = load(
        tmp_path, {"hd.yaml": "kind: huong-dan\ntitle: {vi: x\nissuer: y\n"}
    )
    (problem,) = problems
    assert (problem.line, problem.column, problem.key) == (3, 7, None)
    assert problem.message.startswith("invalid YAML: expected ',' or '}'")


@pytest.mark.parametrize(
    ("text", "got"), [("- a\n- b\n", "got a list"), ("", "got nothing"), ("x\n", "'x'")]
)
def test_top_level_must_be_a_mapping(tmp_path, text, got):
    _, problems = load(tmp_path, {"hd.yaml": text})
    (problem,) = problems
    assert problem.key is None
    assert "expected keys such as 'kind:'" in problem.message and got in problem.message


@pytest.mark.parametrize(
    ("extra", "key", "line", "suggestion"),
    [
        ("titel: {vi: x}\n", "titel", 6, "did you mean 'title'?"),
        ("summary: {vi: x, eng: y}\n", "summary.eng", 6, "did you mean 'en'?"),
        ("files:\n  - {path: a.pdf, titel: x}\n", "files[0].titel", 7, "'title'"),
        ("legacy:\n  views: 1\n  dowloads: 2\n", "legacy.dowloads", 8, "'downloads'"),
    ],
)
def test_unknown_keys_point_at_their_line_with_a_suggestion(
    tmp_path, extra, key, line, suggestion
):
    data = write_data(tmp_path, {"hd.yaml": VALID + extra})
    (data / "documents" / "files" / "a.pdf").write_bytes(b"%PDF-1.4")
    _, problems = load_library(data)
    problem = problem_at(problems, key)
    assert problem.line == line
    assert f"unknown key '{key.rsplit('.', 1)[-1]}'" in problem.message
    assert suggestion in problem.message


def test_unknown_title_language_points_at_its_line(tmp_path):
    _, problems = load(
        tmp_path, {"hd.yaml": VALID.replace("  vi: Hướng dẫn\n", "  vi: x\n  fr: y\n")}
    )
    problem = problem_at(problems, "title.fr")
    assert (problem.line, problem.column) == (5, 3)
    assert "allowed keys: vi, en" in problem.message


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        (VALID.replace("kind: huong-dan\n", ""), "kind", 1),
        (VALID.replace("kind: huong-dan\n", "kind:\n"), "kind", 2),
        (VALID.replace("title:\n  vi: Hướng dẫn\n", ""), "title", 1),
        (VALID.replace("  vi: Hướng dẫn\n", "  en: Guidance\n"), "title.vi", 3),
        (VALID + "files:\n  - title: x\n", "files[0].path", 7),
    ],
)
def test_missing_required_keys(tmp_path, text, key, line):
    _, problems = load(tmp_path, {"hd.yaml": text})
    problem = problem_at(problems, key)
    assert problem.line == line
    assert "missing" in problem.message or "empty" in problem.message
    assert "expected" in problem.message


@pytest.mark.parametrize(
    ("extra", "key", "expected"),
    [
        ("tags: a\n", "tags", "expected a list like tags: [a, b]; got 'a'"),
        ("fields: [a, 3]\n", "fields[1]", "expected text, got a number (3)"),
        ("related: old\n", "related", "expected a list"),
        (
            "legacy: {views: -1}\n",
            "legacy.views",
            "expected a whole number 0 or more, got a number (-1)",
        ),
        (
            "legacy: {downloads: many}\n",
            "legacy.downloads",
            "expected a whole number 0 or more",
        ),
        ("legacy: 5\n", "legacy", "expected a mapping like legacy: {views"),
        (
            "legacy: {position: 0}\n",
            "legacy.position",
            "expected a whole number 1 or more",
        ),
        ("posted: 2026\n", "posted", "expected 2026-12-03 or 2026-12-03 14:30"),
        ("posted: 2026-02-30\n", "posted", "2026-02-30 is not a real date"),
        ("signer: 12\n", "signer", "got a number (12) (put it in quotes)"),
        ("summary: text\n", "summary", "expected a mapping like summary: {vi:"),
        ("files: a.pdf\n", "files", "expected a list of '- path: hd-59.pdf'"),
        ("files: [a.pdf]\n", "files[0]", "expected a mapping like '- path"),
        (
            "access: secret\n",
            "access",
            "'secret' is not allowed; expected one of: public, restricted",
        ),
        (
            "files: [{path: a.pdf, lang: fr}]\n",
            "files[0].lang",
            "expected one of: vi, en",
        ),
    ],
)
def test_wrong_types_and_values(tmp_path, extra, key, expected):
    data = write_data(tmp_path, {"hd.yaml": VALID + extra})
    (data / "documents" / "files" / "a.pdf").write_bytes(b"%PDF-1.4")
    _, problems = load_library(data)
    problem = problem_at(problems, key)
    assert expected in problem.message
    assert problem.line == 6


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2022-02-30", "2022-02-30 is not a real date (day is out of range for month)"),
        ("2022-13", "2022-13 is not a real date (month must be in 1..12)"),
        ("June 2022", "expected a date written 2022-06-10, 2022-06 or 2022, got 'June"),
        ("20222", "got a number (20222)"),
    ],
)
def test_bad_dates_in_records(tmp_path, value, message):
    _, problems = load(tmp_path, {"hd.yaml": VALID + f"issued: {value}\n"})
    problem = problem_at(problems, "issued")
    assert (problem.line, problem.column) == (6, 9)
    assert message in problem.message


@pytest.mark.parametrize(
    ("dates", "key", "message"),
    [
        (
            "issued: 2022-06-10\neffective: 2022-06-01\n",
            "effective",
            "effective 2022-06-01 is before issued 2022-06-10",
        ),
        (
            "issued: 2022\nexpires: 2021-12\n",
            "expires",
            "expires 2021-12 is before issued",
        ),
        ("effective: 2023\nexpires: 2022\n", "expires", "before effective 2023"),
    ],
)
def test_dates_out_of_order(tmp_path, dates, key, message):
    _, problems = load(tmp_path, {"hd.yaml": VALID + dates})
    assert message in problem_at(problems, key).message


def test_dates_equal_at_the_coarser_precision_are_in_order(tmp_path):
    dates = "issued: 2022-06-10\neffective: 2022\nexpires: 2022-06\n"
    assert load(tmp_path, {"hd.yaml": VALID + dates})[1] == []


def test_duplicate_code_is_one_problem_naming_both_files(tmp_path):
    _, problems = load(
        tmp_path,
        {
            "hd-a.yaml": VALID,
            "hd-b.yaml": VALID.replace("HD.59.BTGTW", "hd.59.btgtw"),
        },
    )
    (problem,) = problems
    assert problem.key == "code" and problem.line == 1
    assert str(problem) == (
        "data/documents/hd-b.yaml:1:7: code: code hd.59.btgtw is also used by "
        "data/documents/hd-a.yaml"
    )


def test_links_to_missing_documents_and_to_itself(tmp_path):
    _, problems = load(
        tmp_path,
        {
            "hd-59.yaml": VALID + "related: [hd-60, hd-61x]\nreplaces: [hd-59]\n",
            "hd-61.yaml": VALID.replace("HD.59", "HD.61"),
        },
    )
    missing = problem_at(problems, "related[0]")
    assert (missing.line, missing.column) == (6, 11)
    assert missing.message == (
        "no document 'hd-60' (did you mean 'hd-61'?); expected a file "
        "data/documents/hd-60.yaml"
    )
    assert "did you mean 'hd-61'?" in problem_at(problems, "related[1]").message
    assert (
        problem_at(problems, "replaces[0]").message == "a document cannot list itself"
    )


def test_links_to_existing_but_broken_documents_are_not_reported(tmp_path):
    _, problems = load(
        tmp_path, {"a.yaml": VALID + "related: [b]\n", "b.yaml": "x: [\n"}
    )
    assert [problem.path.name for problem in problems] == ["b.yaml"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "missing.pdf",
            "attachment not found; expected a file data/documents/files/missing.pdf",
        ),
        ("../hd.yaml", "must be a relative path inside data/documents/files/"),
        ("/etc/passwd", "must be a relative path inside"),
        ("sub\\\\a.pdf", "must be a relative path inside"),
    ],
)
def test_bad_attachment_paths(tmp_path, path, message):
    _, problems = load(tmp_path, {"hd.yaml": VALID + f'files:\n  - path: "{path}"\n'})
    problem = problem_at(problems, "files[0].path")
    assert (problem.line, problem.column) == (7, 11)
    assert message in problem.message


def test_attachment_symlink_out_of_files_is_rejected(tmp_path):
    data = write_data(tmp_path, {"hd.yaml": VALID + "files:\n  - path: link.pdf\n"})
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4")
    (data / "documents" / "files" / "link.pdf").symlink_to(tmp_path / "secret.pdf")
    _, problems = load_library(data)
    assert "links to a file outside" in problem_at(problems, "files[0].path").message


@pytest.mark.parametrize(
    "name", ["HD-59.yaml", "hd_59.yaml", "hd--59.yaml", "-hd.yaml"]
)
def test_invalid_ids(tmp_path, name):
    _, problems = load(tmp_path, {name: VALID})
    problem = problem_at(problems, None)
    assert f"file name '{name}' is not a valid id" in problem.message


def test_yml_files_are_reported_not_skipped(tmp_path):
    _, problems = load(tmp_path, {"hd.yml": VALID})
    assert [str(problem) for problem in problems] == [
        "data/documents/hd.yml: documents must end in .yaml; rename it to hd.yaml"
    ]


def test_duplicate_keys_are_reported(tmp_path):
    _, problems = load(tmp_path, {"hd.yaml": VALID + "title: {vi: x, vi: y}\n"})
    outer = problem_at(problems, "title")
    assert outer.line == 6
    assert outer.message == "key 'title' appears twice (first on line 3); keep one"
    assert problem_at(problems, "title.vi").column == 16


def test_non_text_keys_are_reported(tmp_path):
    _, problems = load(tmp_path, {"hd.yaml": VALID + "2022: x\n"})
    assert problem_at(problems, None).message == "keys must be plain text"
    assert problems[0].line == 6


def test_several_broken_files_report_all_problems_in_one_run(tmp_path):
    library, problems = load(
        tmp_path,
        {
            "a.yaml": VALID + "tags: x\nissued: 2022-02-30\n",
            "b.yaml": "kind: [\n",
            "c.yaml": VALID.replace("kind: huong-dan", "kind: ke-hoach"),
            "d.yaml": VALID.replace("HD.59.BTGTW", "HD.60") + "acess: public\n",
            "ok.yaml": VALID.replace("HD.59.BTGTW", "HD.61"),
        },
    )
    found = {(problem.path.name, problem.key) for problem in problems}
    assert found == {
        ("a.yaml", "tags"),
        ("a.yaml", "issued"),
        ("b.yaml", None),
        ("c.yaml", "kind"),
        ("c.yaml", "code"),
        ("d.yaml", "acess"),
    }
    assert [document.id for document in library.documents] == ["ok"]
    ordered = [(str(problem.path), problem.line or 0) for problem in problems]
    assert ordered == sorted(ordered)


# The kinds file


def test_kinds_file_problems(tmp_path):
    kinds = KINDS + (
        "ke-hoach: {vi: Kế hoạch, group: document}\n"
        "Chi_thi: {vi: Chỉ thị, en: Directive, group: documents, name: x}\n"
        "tai-lieu: Tài liệu\n"
    )
    library, problems = load(tmp_path, {}, kinds=kinds)
    assert {str(problem) for problem in problems} == {
        "data/document-kinds.yaml:3:1: ke-hoach.en: required key 'en' is missing; "
        "expected the name in en",
        "data/document-kinds.yaml:3:33: ke-hoach.group: 'document' is not allowed "
        "(did you mean 'documents'?); expected one of: documents, materials",
        "data/document-kinds.yaml:4:1: Chi_thi: kind id 'Chi_thi' must use lower-case "
        "letters a-z, digits and single hyphens",
        "data/document-kinds.yaml:4:57: Chi_thi.name: unknown key 'name'; "
        "allowed keys: vi, en, group",
        "data/document-kinds.yaml:5:11: tai-lieu: expected {vi: Hướng dẫn, en: "
        "Guidance, group: documents}; got 'Tài liệu'",
    }
    assert list(library.kinds) == ["huong-dan", "de-cuong"]


def test_document_of_a_broken_kind_is_left_out_without_a_second_problem(tmp_path):
    kinds = KINDS + "ke-hoach: {vi: Kế hoạch, en: Plan, group: plans}\n"
    document = VALID.replace("huong-dan", "ke-hoach")
    library, problems = load(tmp_path, {"kh.yaml": document}, kinds=kinds)
    assert [problem.path.name for problem in problems] == ["document-kinds.yaml"]
    assert library.documents == []


def test_missing_kinds_file_is_a_problem_when_there_are_documents(tmp_path):
    data = write_data(tmp_path, {"hd.yaml": VALID})
    (data / "document-kinds.yaml").unlink()
    library, problems = load_library(data)
    (problem,) = problems
    assert str(problem).startswith("data/document-kinds.yaml: kinds file not found")
    assert library.documents == []


def test_broken_kinds_file_yaml_does_not_hide_document_problems(tmp_path):
    _, problems = load(tmp_path, {"hd.yaml": VALID + "tags: x\n"}, kinds="a: [\n")
    assert {(problem.path.name, problem.key) for problem in problems} == {
        ("document-kinds.yaml", None),
        ("hd.yaml", "tags"),
    }


def test_records_parsed_before_are_not_parsed_again(tmp_path, monkeypatch):
    """What each file parsed into is kept by its name and bytes: read again, a
    record gives the same documents and problems without parsing; an edited one
    is parsed."""
    duplicate = VALID + "issuer: Ban Tuyên giáo Tỉnh ủy\n"  # a duplicate key
    data = write_data(tmp_path, {"hd-59.yaml": VALID, "hd-60.yaml": duplicate})
    parsed: dict = {}
    first = load_library(data, tmp_path, parsed)
    assert len(parsed) == 3 and first[1]  # the duplicate key is a problem
    from plugins.document_library import yaml_lines

    parses = []
    real = yaml_lines.load_located
    monkeypatch.setattr(
        yaml_lines, "load_located", lambda text: parses.append(text) or real(text)
    )
    again = load_library(data, tmp_path, parsed)
    assert parses == [] and again == first
    (data / "documents" / "hd-59.yaml").write_text(
        VALID.replace("Hướng dẫn", "Hướng dẫn mới"), encoding="utf-8"
    )
    edited = load_library(data, tmp_path, parsed)
    assert len(parses) == 1 and edited[0].documents[0].title["vi"] == "Hướng dẫn mới"
