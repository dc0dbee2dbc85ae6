"""Importing again: what is new comes in, what the old site changed is updated, what
an editor changed is left alone and listed. And the tables of older releases."""

import pytest
import yaml
from conftest import build_ok, empty_sources, html, import_nukeviet

from testbed.nukeviet_site import new_site

pytestmark = pytest.mark.slow


def test_a_second_import_adds_updates_and_leaves_alone(mariadb, tmp_path):
    site = new_site(mariadb, tmp_path)
    site.create_module("vi", "news", "news")
    news = site.category("vi", "Tin sự kiện", "tin-su-kien")
    site.article("vi", news, "Bài một", "bai-mot", "2021-01-01 08:00", "<p>Một.</p>")
    site.article("vi", news, "Bài hai", "bai-hai", "2021-01-02 08:00", "<p>Hai.</p>")
    site.create_module("vi", "laws", "laws")
    kind = site.laws_list("cat", "Hướng dẫn", "huong-dan")
    site.document("Văn bản A", "van-ban-a-1", kind, code="HD.1", view_hits=5)
    content, data = empty_sources(tmp_path)
    redirects = tmp_path / "redirects.map"
    report = import_nukeviet(site, content, data, redirects, "--dry-run")
    assert f"  write {content / '2021' / 'bai-mot.md'} (vi/news/1)" in report
    assert f"  write {data / 'documents' / 'hd-1.yaml'} (vi/laws/1)" in report
    assert not list(content.iterdir()) and not redirects.exists()
    report = import_nukeviet(site, content, data, redirects)
    assert "Articles: 2 imported" in report and "Documents: 1 imported" in report

    # The old site goes on: one article edited, one new; the document read again.
    site.run("UPDATE nv4_vi_news_detail SET bodyhtml='<p>Một, sửa.</p>' WHERE id=1")
    site.article("vi", news, "Bài ba", "bai-ba", "2021-01-03 08:00", "<p>Ba.</p>")
    site.run("UPDATE nv4_vi_laws_row SET view_hits=9 WHERE id=1")
    # Meanwhile an editor improves article two here, and moves it.
    two = content / "2021" / "bai-hai.md"
    edited = two.read_text(encoding="utf-8").replace("Hai.", "Hai, biên tập lại.")
    two.unlink()
    (content / "chon-loc").mkdir()
    (content / "chon-loc" / "bai-hai.md").write_text(edited, encoding="utf-8")
    site.run(
        "UPDATE nv4_vi_news_detail SET bodyhtml='<p>Hai, trang cũ.</p>' WHERE id=2"
    )

    report = import_nukeviet(site, content, data, redirects)
    assert "Articles: 1 imported, 1 updated, 0 unchanged, 1 left alone" in report
    assert "Documents: 0 imported, 1 updated, 0 unchanged, 0 left alone" in report
    moved = content / "chon-loc" / "bai-hai.md"
    assert f'vi/news/2 "Bài hai" ({moved}): changed by an editor since' in report
    assert "Một, sửa." in (content / "2021" / "bai-mot.md").read_text(encoding="utf-8")
    assert (content / "chon-loc" / "bai-hai.md").read_text(encoding="utf-8") == edited
    assert not (content / "2021" / "bai-hai.md").exists()
    record = yaml.safe_load((data / "documents" / "hd-1.yaml").read_text("utf-8"))
    assert record["legacy"] == {"views": 9, "downloads": 0}
    output = build_ok(content, data, tmp_path / "output")
    assert html(output, "tin-tuc/bai-ba/").find("h1").text == "Bài ba"
    assert "biên tập lại" in html(output, "tin-tuc/bai-hai/").text
    site.connection.close()


def test_a_deleted_file_comes_back_as_the_old_site_has_it(mariadb, tmp_path):
    site = new_site(mariadb, tmp_path)
    site.create_module("vi", "news", "news")
    news = site.category("vi", "Tin", "tin")
    site.article("vi", news, "Bài một", "bai-mot", "2021-01-01 08:00", "<p>Một.</p>")
    content, data = empty_sources(tmp_path)
    import_nukeviet(site, content, data, tmp_path / "r.map")
    written = (content / "2021" / "bai-mot.md").read_text(encoding="utf-8")
    (content / "2021" / "bai-mot.md").unlink()
    report = import_nukeviet(site, content, data, tmp_path / "r.map")
    assert "Articles: 1 imported" in report
    assert (content / "2021" / "bai-mot.md").read_text(encoding="utf-8") == written
    site.connection.close()


def test_nukeviet_4_0_bodies_in_bodyhtml_tables(mariadb, tmp_path):
    """NukeViet 4.0 kept bodies (and the source line) in _bodyhtml_N, with no _detail;
    its module may also have a table name (module_data) of its own."""
    site = new_site(mariadb, tmp_path)
    site.create_module("vi", "news", "tin-tuc", data="tin_tuc", old_bodies=True)
    news = site.category("vi", "Tin", "tin", module="tin_tuc")
    site.article(
        "vi",
        news,
        "Bài cũ",
        "bai-cu",
        "2015-06-01 07:30",
        "<p>Nội dung <b>cũ</b>.</p>",
        module="tin_tuc",
        old_bodies=True,
        detail={"sourcetext": "Báo Kon Tum"},
    )
    content, data = empty_sources(tmp_path)
    report = import_nukeviet(
        site, content, data, tmp_path / "r.map", "--news-module", "tin-tuc"
    )
    assert "Articles: 1 imported" in report
    source = (content / "2015" / "bai-cu.md").read_text(encoding="utf-8")
    assert "Credit: Báo Kon Tum" in source and "Nội dung **cũ**." in source
    mapped = (tmp_path / "r.map").read_text(encoding="utf-8")
    assert '"vi/tin-tuc/tin/bai-cu-1" "/tin-tuc/bai-cu/";' in mapped
    build_ok(content, data, tmp_path / "output")
    site.connection.close()
