"""Editors' scaffolds: new article, translation and document files."""

import re
import shutil

import pytest
from conftest import ROOT, build_ok, html, run_invoke

pytestmark = pytest.mark.slow

invoke = run_invoke


def test_new_article_translation_and_document_then_build(tmp_path):
    content, data = tmp_path / "content", tmp_path / "data"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "data", data)
    title = "Hội nghị tổng kết công tác thông tin đối ngoại"
    made = invoke("new-article", "--title", title, "--content", str(content))
    assert made.returncode == 0, made.stderr
    [article] = content.rglob("hoi-nghi-tong-ket-cong-tac-thong-tin-doi-ngoai.md")
    text = article.read_text(encoding="utf-8")
    assert text.startswith(f"Title: {title}\nDate: ")
    assert re.search(r"^Date: \d{4}-\d\d-\d\d \d\d:\d\d$", text, re.M)
    again = invoke("new-article", "--title", title, "--content", str(content))
    assert again.returncode == 1 and "already exists" in again.stderr
    assert article.read_text(encoding="utf-8") == text

    made = invoke(
        "new-article",
        "--title",
        "Review conference on external information",
        "--lang",
        "en",
        "--translation-of",
        "hoi-nghi-tong-ket-cong-tac-thong-tin-doi-ngoai",
        "--content",
        str(content),
    )
    assert made.returncode == 0, made.stderr
    translation = article.with_name(article.stem + ".en.md")
    assert "Translation_of: hoi-nghi-tong-ket-cong-tac-thong-tin-doi-ngoai" in (
        translation.read_text(encoding="utf-8")
    )

    made = invoke(
        "new-document",
        "--kind",
        "ke-hoach",
        "--code",
        "KH.12.BTGTU",
        "--title",
        "Kế hoạch tuyên truyền",
        "--data",
        str(data),
    )
    assert made.returncode == 0, made.stderr
    record = data / "documents" / "kh-12-btgtu.yaml"
    written = record.read_text(encoding="utf-8")
    assert "kind: ke-hoach" in written
    # When it was posted is known; what the document states is not guessed.
    assert "\nposted: 20" in written
    assert "\nissued:" not in written and "\nissuer:" not in written
    wrong = invoke(
        "new-document", "--kind", "bogus", "--title", "x", "--data", str(data)
    )
    assert wrong.returncode == 1 and "huong-dan" in wrong.stderr

    # Unfilled scaffolds are refused, every TODO named.
    check = invoke("check", "--content", str(content), "--data", str(data))
    assert check.returncode == 1
    assert "category: still 'TODO category'" in check.stderr
    assert "kh-12-btgtu.yaml" not in check.stderr

    # Filled in, they build.
    for path in (article, translation):
        filled = "\n".join(
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if "TODO" not in line or line.startswith(("Category", "Summary", "TODO"))
        )
        filled = filled.replace("TODO category", "Thông tin đối ngoại")
        filled = filled.replace("TODO lead paragraph", "Tóm tắt.")
        filled = filled.replace("TODO write the article here.", "Nội dung.")
        path.write_text(filled + "\n", encoding="utf-8")
    output = build_ok(content, data, tmp_path / "output")
    page = html(output, "tin-tuc/hoi-nghi-tong-ket-cong-tac-thong-tin-doi-ngoai/")
    assert page.h1.get_text() == title
    # The new record heads "Văn bản mới"; the old site's seven follow in its order.
    codes = [
        item.select_one(".doc-code").get_text()
        for item in page.select(".new-documents li")
    ]
    assert codes[:3] == ["KH.12.BTGTU", "HD.59.BTGTW", "HD.60.BTGTW"]
    assert len(codes) == 7
