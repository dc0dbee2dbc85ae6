"""header_metadata reads a header exactly as Python-Markdown's meta extension does."""

import markdown
import pytest
from conftest import FIXTURES, ROOT

from plugins.bilingual.headers import header_metadata, header_of
from testbed import corpus

TRICKY = [
    "",
    "   \n",
    "Title: Hội nghị\nDate: 2020-12-01 09:16",
    "title:   Spaces around   \nTAGS: a, b",
    "   Title: three spaces before the key",
    "    Title: four spaces: not a key",
    "Title: T\nAuthors: Một\n    Hai\n        Ba",
    "Title: T\n\tcontinued after a tab",
    "Title: T\r\nDate: 2020\rLang: en",
    "---\nTitle: Khung YAML\nDate: 2020",
    "---\nTitle: Ends\n...\nAfter: the end",
    "Title: T\n---\nNot: meta",
    "Just text, no key\nTitle: late",
    "Title: T\nA line that is not meta\nDate: 2020",
    "Key_with-chars1: x\nKey with space: y",
    "Title: \x02STX\x03 removed",
    "Title: T\nTitle: twice",
    "Summary: dòng một\n    dòng hai\nLang: vi",
    "Title:no space after the colon",
    "Title: T\n    \nDate: after a line of spaces",
]


def meta_of(text: str) -> dict:
    converter = markdown.Markdown(extensions=["markdown.extensions.meta"])
    converter.convert(text)
    return converter.Meta


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_headers(text):
    assert header_metadata(text) == meta_of(text)


def test_every_header_of_the_site_the_fixtures_and_a_corpus():
    texts = [
        path.read_text(encoding="utf-8-sig")
        for folder in (ROOT / "content", FIXTURES)
        for path in sorted(folder.rglob("*.md"))
    ]
    generated = corpus.generate(corpus.CorpusSpec(articles=150, documents=0), "")
    texts += [text.decode() for name, text in generated.items() if name.endswith(".md")]
    assert len(texts) > 200
    for text in texts:
        header = header_of(text)
        assert header_metadata(header) == meta_of(header), header
