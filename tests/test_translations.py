"""Every theme string is translated in both catalogs, and the catalogs compile."""

from babel.messages.extract import extract_from_dir
from conftest import ROOT

from plugins.theme_gettext.catalogs import catalog_path, compile_catalog, untranslated

TRANSLATIONS = ROOT / "theme" / "translations"
LANGUAGES = ("vi", "en")


def template_messages() -> set[str]:
    options = {
        "extensions": "jinja2.ext.i18n",
        "trim_blocks": "True",
        "lstrip_blocks": "True",
    }
    return {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / "theme",
            [("templates/**.html", "jinja2")],
            {"templates/**.html": options},
        )
    }


def test_no_message_lacks_a_translation():
    for lang in LANGUAGES:
        assert untranslated(catalog_path(TRANSLATIONS, lang)) == [], lang


def test_every_template_string_is_in_both_catalogs():
    messages = template_messages()
    assert "Skip to main content" in messages
    for lang in LANGUAGES:
        translation = compile_catalog(catalog_path(TRANSLATIONS, lang))
        missing = [m for m in messages if m not in translation._catalog]
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
