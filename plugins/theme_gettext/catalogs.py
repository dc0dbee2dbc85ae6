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
    """Message ids of a catalog that have no (or only a fuzzy) translation; a
    plural message, by its singular id, when any of its forms is empty."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        if not message.id:
            continue  # the header
        forms = message.string if message.pluralizable else (message.string,)
        if message.fuzzy or not all(forms):
            found.append(message.id[0] if message.pluralizable else message.id)
    return found
