"""Pure: read a .po catalog and compile it in memory into a gettext translation."""

import gettext
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def catalog_path(translations_dir: Path, lang: str, domain: str = "messages") -> Path:
    """Where the catalog of `lang` lives: <dir>/<lang>/LC_MESSAGES/<domain>.po."""
    return translations_dir / lang / "LC_MESSAGES" / f"{domain}.po"


def compile_catalog(po_path: Path) -> gettext.GNUTranslations:
    """Compile a .po file into a ready gettext translation, without writing a .mo."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def untranslated(po_path: Path) -> list[str]:
    """Message ids of a catalog that have no (or only a fuzzy) translation."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    return [
        str(message.id)
        for message in catalog
        if message.id and (not message.string or message.fuzzy)
    ]
