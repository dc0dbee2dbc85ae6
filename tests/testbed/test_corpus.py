"""The generated corpus: the same seed gives the same bytes, it holds what was
asked, its files are real files, and the site's own checks pass on it."""

import zipfile
from io import BytesIO

import pytest
import yaml
from conftest import ROOT

from sitebuild.checks import check_sources
from testbed import corpus
from testbed.trees import write_files

KINDS = (ROOT / "data" / "document-kinds.yaml").read_text(encoding="utf-8")
SPEC = corpus.CorpusSpec(200)


@pytest.fixture(scope="module")
def files():
    return corpus.generate(SPEC, KINDS)


def test_same_seed_same_bytes_other_seed_other_bytes(files):
    assert corpus.generate(SPEC, KINDS) == files
    other = corpus.generate(corpus.CorpusSpec(200, seed=SPEC.seed + 1), KINDS)
    assert other != files


def test_corpus_holds_what_was_asked(files):
    counts = corpus.summary(files)
    assert counts["vi articles"] == 200
    assert 40 <= counts["en translations"] <= 90  # a share of 0.3, give or take
    assert counts["documents"] == 40
    assert counts["images"] == SPEC.images
    records = [
        yaml.safe_load(data)
        for name, data in files.items()
        if name.startswith("data/documents/") and name.endswith(".yaml")
    ]
    assert {r["kind"] for r in records} == set(yaml.safe_load(KINDS))
    assert any(r.get("access") == "restricted" and r.get("files") for r in records)
    assert any(r.get("code") == "HD.59.BTGTW" for r in records)
    text = b"".join(v for n, v in files.items() if n.endswith(".md")).decode()
    assert "đ" in text and "ữ" in text and "{static}/images/" in text
    assert "\n## " in text and "\n- " in text and "Translation_of: " in text


def test_generated_files_are_real_files(files):
    pngs = [v for n, v in files.items() if n.endswith(".png")]
    assert all(v.startswith(b"\x89PNG\r\n\x1a\n") for v in pngs)
    pdfs = [v for n, v in files.items() if n.endswith(".pdf")]
    assert pdfs and all(v.startswith(b"%PDF-") and b"%%EOF" in v for v in pdfs)
    for name, data in files.items():
        if name.endswith(".docx"):
            assert "word/document.xml" in zipfile.ZipFile(BytesIO(data)).namelist()


def test_corpus_passes_the_sites_checks(files, tmp_path):
    write_files(tmp_path, files)
    folders = {"content": tmp_path / "content", "data": tmp_path / "data"}
    assert check_sources(folders, tmp_path) == []
