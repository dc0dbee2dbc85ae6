"""Every theme string is translated in both catalogs, and the catalogs compile."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT

from plugins.theme_gettext.catalogs import catalog_path, compile_catalog, untranslated

TRANSLATIONS = ROOT / "theme" / "translations"
LANGUAGES = ("vi", "en")


@pytest.fixture(scope="module")
def template_messages(tmp_path_factory) -> set[str]:
    """The theme's strings, extracted as `invoke translations` extracts them
    (pybabel with theme/babel.cfg)."""
    template = tmp_path_factory.mktemp("messages") / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [pybabel, "--quiet", "extract", "-F", "theme/babel.cfg", "-o", template]
        + ["theme"],
        cwd=ROOT,
        check=True,
    )
    with template.open("rb") as handle:
        return {
            message.id[0] if message.pluralizable else message.id
            for message in read_po(handle)
            if message.id
        }


def test_no_message_lacks_a_translation():
    for lang in LANGUAGES:
        assert untranslated(catalog_path(TRANSLATIONS, lang)) == [], lang


def test_untranslated_names_empty_forms_and_guesses(tmp_path):
    catalog = tmp_path / "messages.po"
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid "Home"\nmsgstr "Trang chủ"\n\n'
        'msgid "Tags"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Archives"\nmsgstr "Lưu trữ"\n\n'
        'msgid "%(n)s page"\nmsgid_plural "%(n)s pages"\nmsgstr[0] "%(n)s trang"\n\n'
        'msgid "%(n)s file"\nmsgid_plural "%(n)s files"\nmsgstr[0] ""\n',
        encoding="utf-8",
    )
    assert untranslated(catalog) == ["Tags", "Archives", "%(n)s file"]


def test_every_template_string_is_in_both_catalogs(template_messages):
    messages = template_messages
    assert "Skip to main content" in messages
    for lang in LANGUAGES:
        translation = compile_catalog(catalog_path(TRANSLATIONS, lang))
        known = translation._catalog  # a plural message: keyed (msgid, form)
        missing = [m for m in messages if m not in known and (m, 0) not in known]
        assert missing == [], (lang, missing)


def test_vietnamese_catalog_really_translates():
    vi = compile_catalog(catalog_path(TRANSLATIONS, "vi"))
    assert vi.gettext("Newer articles") == "Những tin mới hơn"
    assert vi.gettext("Older articles") == "Những tin cũ hơn"


def test_no_vietnamese_written_straight_into_templates():
    import re

    letters = re.compile(
        r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđĐ]"
    )
    for template in (ROOT / "theme" / "templates").rglob("*.html"):
        assert not letters.search(template.read_text(encoding="utf-8")), template


def test_remembered_messages_render_as_jinjas_own_gettext():
    from jinja2 import Environment

    from plugins.theme_gettext.theme_gettext import remembering

    translation = compile_catalog(catalog_path(TRANSLATIONS, "vi"))
    source = (
        "{{ _('Home') }}|{{ _('Home') }}|{{ _('%(site)s: all news', site=name) }}"
        "|{{ _('%(site)s: all news', site='B') }}|{% trans %}Tags{% endtrans %}"
    )
    pages = []
    for remember in (False, True):
        env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
        env.install_gettext_translations(translation, newstyle=True)
        if remember:
            env.globals["gettext"] = remembering(env.globals["gettext"])
        pages.append(env.from_string(source).render(name="A & <b>"))
    assert pages[0] == pages[1]
    assert "Trang chủ|Trang chủ|A &amp; &lt;b&gt;" in pages[1]
