"""`invoke build --members`: the briefers' area, its own tree, restricted included."""

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, html, run_build, run_search_core

from sitebuild.build import BuildRequest, site_settings
from sitebuild.build.settings import area_problems
from sitebuild.checks.output import check_output, find_traces
from sitebuild.checks.trees import MEMBERS, PUBLIC, nesting_problems, served_elsewhere
from sitebuild.publish import restricted_needles

pytestmark = pytest.mark.slow

LIBRARY = FIXTURES / "library"
PREFIX = "bao-cao-vien/"
RESTRICTED = ["cv-zeta-noi-bo", "qd-kinross-mat"]
PUBLIC_IDS = ["dc-tai-lieu-01", "hd-05-btg", "kh-12-ubnd", "hd-01-btg", "tl-so-tay"]
BADGE = {
    "vi": "Nội bộ: chỉ dành cho báo cáo viên",
    "en": "Internal: briefers only",
}
LIBRARY_URL = {"vi": "bao-cao-vien/van-ban/", "en": "bao-cao-vien/en/documents/"}
SEARCH_URL = {"vi": "bao-cao-vien/tim-kiem/", "en": "bao-cao-vien/en/search/"}


def listed(page, lang) -> list[str]:
    prefix = "/" + LIBRARY_URL[lang]
    links = page.select(".document-list .item-title a")
    return [link["href"].removeprefix(prefix).strip("/") for link in links]


def test_only_the_area_is_written(members_site):
    # the area, and the marker that says what the tree is (never served: nginx
    # serves the area's folder only)
    assert sorted(p.name for p in members_site.iterdir()) == [
        ".site-tree",
        "bao-cao-vien",
    ]
    assert (members_site / ".site-tree").read_text() == "members\n"
    area = members_site / "bao-cao-vien"
    for path in (
        "van-ban/index.html",
        "van-ban/cv-zeta-noi-bo/index.html",
        "van-ban/loai/cong-van/index.html",
        "van-ban/nam/2023/index.html",
        "van-ban/tep/zeta-mat-noi-bo.pdf",
        "van-ban/tep/2021/kinross-noi-bo.docx",
        "van-ban/tep/2021/hd-05.pdf",
        "en/documents/index.html",
        "en/documents/qd-kinross-mat/index.html",
        "tim-kiem/index.html",
        "tim-kiem/index/manifest.json",
        "en/search/index/manifest.json",
        "theme/css/site.css",
        "theme/js/search-worker.js",
        "404.html",
        "en/404.html",
        "dang-xuat/index.html",
        "en/sign-out/index.html",
    ):
        assert (area / path).is_file(), path
    names = {p.relative_to(area).as_posix() for p in area.rglob("*")}
    for absent in ("tin-tuc", "en/news", "chuyen-muc", "the", "luu-tru", "feeds"):
        assert absent not in names, absent
    assert not [n for n in names if n.endswith((".xml", "robots.txt"))]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_restricted_documents_are_listed_and_marked(members_site, lang):
    page = html(members_site, LIBRARY_URL[lang])
    ids = listed(page, lang)
    assert sorted(ids) == sorted(RESTRICTED + PUBLIC_IDS)
    for item in page.select(".document-list .document-item"):
        doc_id = item.select_one(".item-title a")["href"].rstrip("/").rsplit("/")[-1]
        badge = item.select_one(".badge-restricted")
        if doc_id in RESTRICTED:
            assert badge is not None and badge.get_text() == BADGE[lang], doc_id
        else:
            assert badge is None, doc_id
    document = html(members_site, LIBRARY_URL[lang] + "cv-zeta-noi-bo/")
    assert BADGE[lang] in document.select_one(".restricted-notice").get_text()
    files = [a["href"] for a in document.select(".attachment-list a")]
    assert files == ["/bao-cao-vien/van-ban/tep/zeta-mat-noi-bo.pdf"]
    public = html(members_site, LIBRARY_URL[lang] + "hd-05-btg/")
    assert public.select_one(".restricted-notice") is None
    # the restricted related document is shown (and marked) to members
    related = public.find(id="related-heading").find_parent("section")
    assert BADGE[lang] in related.get_text()


def test_articles_naming_a_document_link_the_public_article(members_site):
    page = html(members_site, "bao-cao-vien/van-ban/cv-zeta-noi-bo/")
    section = page.find(id="articles-heading").find_parent("section")
    assert [a["href"] for a in section.select("a")] == ["/tin-tuc/hoi-nghi-trien-khai/"]


def test_every_page_is_noindex_and_says_who_is_signed_in(members_site):
    pages = sorted(members_site.rglob("*.html"))
    assert len(pages) > 30
    for file in pages:
        page = html(members_site, file.relative_to(members_site).as_posix())
        robots = page.find("meta", attrs={"name": "robots"})
        assert robots is not None and robots["content"] == "noindex", file
        assert page.select_one(".members-link") is None, file
        status = page.select_one(".member-status")
        signin = file.parent.name in ("dang-xuat", "sign-out")
        # nginx writes the name over the ellipsis (sub_filter, deploy/nginx/site.conf)
        assert (b"data-member-name>&hellip;<" in file.read_bytes()) is not signin
        if not signin:
            sign_out = status.select_one("a")["href"]
            assert sign_out in (
                "/bao-cao-vien/dang-xuat/",
                "/bao-cao-vien/en/sign-out/",
            )


def test_sign_in_pages_show_nothing_restricted(members_site):
    needles = restricted_needles(LIBRARY / "data")
    for path, lang in (("dang-xuat", "vi"), ("en/sign-out", "en")):
        folder = members_site / "bao-cao-vien" / path
        assert find_traces(folder, needles) == []
        page = html(members_site, f"bao-cao-vien/{path}/")
        assert page.html["lang"] == lang
        assert page.select_one(".library-block") is None
        assert page.select_one("main a")["href"] == "/" + LIBRARY_URL[lang]


def index_folder(site: Path, lang: str, page: str | None = None) -> Path:
    return site / (page or SEARCH_URL[lang]) / "index"


def search(folder: Path, *queries: str) -> list[dict]:
    """What the browser's search finds for each query in the index in `folder`."""
    return run_search_core({"index": str(folder), "queries": queries})["results"]


@pytest.mark.parametrize(
    ("lang", "analyzer", "query", "first"),
    [
        ("vi", "vietnamese", "CV.77.ZETA", "bao-cao-vien/van-ban/cv-zeta-noi-bo/"),
        ("vi", "vietnamese", "kinross noi bo", "bao-cao-vien/van-ban/qd-kinross-mat/"),
        (
            "en",
            "english",
            "confidential zeta",
            "bao-cao-vien/en/documents/cv-zeta-noi-bo/",
        ),
        ("vi", "vietnamese", "HD.05.BTG", "bao-cao-vien/van-ban/hd-05-btg/"),
    ],
)
def test_the_areas_search_finds_restricted_documents(
    members_site, lang, analyzer, query, first
):
    folder = index_folder(members_site, lang)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["analyzer"] == analyzer
    [result] = search(folder, query)
    assert result["results"] and result["results"][0]["url"] == first


def test_the_areas_search_finds_articles_at_their_public_address(members_site):
    [result] = search(index_folder(members_site, "vi"), "hoi nghi")
    assert "tin-tuc/hoi-nghi-trien-khai/" in [r["url"] for r in result["results"]]


def test_the_public_site_has_none_of_them_and_links_the_area(library_site):
    queries = ("CV.77.ZETA", "zeta", "kinross")
    found = search(index_folder(library_site, "vi", "tim-kiem/"), *queries)
    assert [result["total"] for result in found] == [0, 0, 0]
    # the same index answers what is public
    assert search(index_folder(library_site, "vi", "tim-kiem/"), "hd 05")[0]["total"]
    assert find_traces(library_site, restricted_needles(LIBRARY / "data")) == []
    for path, lang in (("", "vi"), ("en/", "en"), ("van-ban/hd-05-btg/", "vi")):
        link = html(library_site, path).select_one(".members-link a")
        assert link["href"] == "/" + LIBRARY_URL[lang]
        assert link.get_text() == ("Báo cáo viên" if lang == "vi" else "Briefers")


def test_links_lead_somewhere_in_their_own_tree(members_site):
    assert check_output(members_site, elsewhere=served_elsewhere(MEMBERS, PREFIX)) == []


def test_the_public_build_refuses_restricted_settings():
    request = BuildRequest(
        LIBRARY / "content", LIBRARY / "data", Path("/tmp/x"), ROOT / "pelicanconf.py"
    )
    settings = dict(site_settings(request))
    assert area_problems(request, settings) == []
    settings["LIBRARY"] = {**settings["LIBRARY"], "include_restricted": True}
    settings["SEARCH"] = {**settings["SEARCH"], "include_restricted": True}
    problems = "\n".join(area_problems(request, settings))
    assert "LIBRARY['include_restricted'] is set" in problems
    assert "SEARCH['include_restricted'] is set" in problems


def test_nested_outputs_are_refused(members_site, library_site, tmp_path):
    inside_public = run_build(
        LIBRARY / "content", LIBRARY / "data", library_site / "x", "--members"
    )
    assert inside_public.returncode == 1
    assert "which is the public site" in inside_public.stderr
    assert not (library_site / "x").exists()
    inside_members = run_build(
        LIBRARY / "content", LIBRARY / "data", members_site / "y"
    )
    assert inside_members.returncode == 1
    assert "which is the briefers' area" in inside_members.stderr
    # a folder holding the other tree would be replaced: refused too
    holder = tmp_path / "holder"
    shutil.copytree(members_site, holder / "area")
    holding = run_build(LIBRARY / "content", LIBRARY / "data", holder)
    assert holding.returncode == 1 and "holds the briefers' area" in holding.stderr
    assert (holder / "area" / "bao-cao-vien").is_dir()
    # the configured folders (output/, output-members/) one inside the other
    assert nesting_problems(ROOT / "output" / "m", MEMBERS, ROOT / "output")
    assert nesting_problems(ROOT / "x", PUBLIC, ROOT)
    assert nesting_problems(tmp_path / "a", PUBLIC, tmp_path / "b") == []
