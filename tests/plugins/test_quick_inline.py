"""quick_inline writes exactly what Python-Markdown writes, doing less."""

import markdown
import pytest
from conftest import FIXTURES, ROOT

from plugins.quick_inline import extension
from plugins.quick_inline.extension import (
    QuickInlineExtension,
    TextSkippingInlineProcessor,
)
from testbed import corpus

TRICKY = [
    "He said, \"'Quoted' words in a larger quote.\"",
    "'80s and '90s; the '20s",
    "a -- b --- c ... d .... e",
    "Ia H'Drai, Đăk Tô's \"Đăk Hà\" -- 'Măng Đen'",
    "*'em'* \"**đậm**\" _'x'_",
    "`code 'x' -- ...` and 'y'",
    "[link 'a'](http://x \"title\") and ![ảnh 'b'](a.jpg)",
    "<b>'x'</b> <span title=\"a--b\">c</span>",
    "<<angled>> and >> alone",
    "\"'\" and '\"' and \"\" and ''",
    "    code block 'x' -- y\n\npara 'z'",
    "Thứ ba - 01/12/2020 09:16 (no trigger at all)",
    "| bảng | 'x' |\n| --- | --- |\n| \"a\" | b -- c |",
    "Footnote[^1] 'x'.\n\n[^1]: Chú thích \"y\"...",
    "*[HTML]: Hyper 'Text'\n\nHTML -- abbr",
    "a\\*b\\* c & d &amp; e &#8217; <http://x.vn> <a@b.vn> line  \nbreak",
    "**đậm** __x__ *nghiêng* _y_ snake_case a*b*c",
    '[ref][1] [short] ![img][1]\n\n[1]: http://x "t"\n[short]: /s',
    "Text <span>raw</span> and <!-- note --> and <?php ?> &copy;",
    "``` \ncode\n```\n\n`a` ``b ` c``",
]
EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.meta"]


def inline_converters():
    plain = markdown.Markdown(extensions=EXTENSIONS, output_format="html5")
    quick = markdown.Markdown(
        extensions=[*EXTENSIONS, QuickInlineExtension()], output_format="html5"
    )
    return plain, quick


def site_texts() -> list[str]:
    files = [*(ROOT / "content").rglob("*.md"), *FIXTURES.rglob("*.md")]
    generated = corpus.generate(corpus.CorpusSpec(articles=80, documents=0), "")
    return [path.read_text(encoding="utf-8") for path in files] + [
        text for name, text in generated.items() if str(name).endswith(".md")
    ]


@pytest.mark.slow
def test_main_pass_output_is_python_markdowns_byte_for_byte():
    plain, quick = inline_converters()
    assert quick.treeprocessors["inline"].__class__ is TextSkippingInlineProcessor
    texts = TRICKY + site_texts()
    for text in texts:
        assert quick.reset().convert(text) == plain.reset().convert(text), text
    assert quick.treeprocessors["inline"].skipping


def test_main_pass_with_a_pattern_it_does_not_know_tries_them_all():
    plain, quick = inline_converters()
    for converter in (plain, quick):
        emoji = markdown.inlinepatterns.SimpleTextInlineProcessor(r"(:\))")
        converter.inlinePatterns.register(emoji, "smile", 5)
    text = "Vui quá :) thật"
    assert quick.reset().convert(text) == plain.reset().convert(text)
    assert not quick.treeprocessors["inline"].skipping


def test_the_main_triggers_are_what_every_main_pattern_needs():
    plain, _ = inline_converters()
    names = {item.name for item in plain.inlinePatterns._priority}
    assert names == extension.INLINE_PATTERNS
    text = "".join(chr(c) for c in range(32, 0x2FF) if chr(c) not in "`\\[<&*_")
    text += " Đăk Hà, tỉnh Kon Tum - 80s s. a-b. c>d e!f ].\n\t- x \n" + text
    assert extension.INLINE_TRIGGERS.search(text) is None
    for pattern in plain.inlinePatterns:
        assert pattern.getCompiledRegExp().search(text) is None, pattern


def test_the_pass_tries_no_pattern_on_text_without_its_triggers(monkeypatch):
    quick = markdown.Markdown(
        extensions=[*EXTENSIONS, QuickInlineExtension()], output_format="html5"
    )
    tried = []
    pattern = quick.treeprocessors["inline"].inlinePatterns["em_strong"]
    original = pattern.getCompiledRegExp

    def counted():
        tried.append(1)
        return original()

    monkeypatch.setattr(pattern, "getCompiledRegExp", counted)
    quick.reset().convert("Hội nghị tổng kết công tác thông tin đối ngoại.")
    assert tried == []
    quick.reset().convert("Hội nghị *tổng kết*")
    assert tried


def test_a_run_of_the_site_converts_with_it(tmp_path):
    """A run's reader gets the quick pass; quotes and dashes stay as typed."""
    from pelican import Pelican
    from pelican.settings import read_settings

    from plugins.bilingual.reading import RunLanguageMarkdownReader

    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(ROOT / "content"), "OUTPUT_PATH": str(tmp_path)},
    )
    Pelican(settings)  # loads the plugins; `initialized` adds the extension
    reader = RunLanguageMarkdownReader(settings)
    converter = reader._reset_converter()
    assert "smarty" not in converter.treeprocessors
    assert isinstance(converter.treeprocessors["inline"], TextSkippingInlineProcessor)
    assert converter.convert("'Đăk Hà' -- \"x\" *y*") == (
        "<p>'Đăk Hà' -- \"x\" <em>y</em></p>"
    )
    assert converter.treeprocessors["inline"].skipping
