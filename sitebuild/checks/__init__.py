"""The checks: of the sources before a build (every problem at once, with file and
line), of a built tree before it is published, and of where trees may be built."""

from pathlib import Path

from plugins.document_library.records import load_library  # a plugin's pure core

from .articles import check_articles, check_bodies, check_references
from .source_tree import source_tree_problems


def check_sources(folders: dict[str, Path], display_root: Path) -> list:
    """Every problem of the articles and the library (`folders`: "content" and
    "data"); nothing is read while a source is a link or a special file."""
    unsafe = source_tree_problems(folders, display_root)
    if unsafe:
        return unsafe
    document_ids, problems = _library(folders["data"], display_root)
    return check_articles(folders["content"], display_root, document_ids) + problems


def check_data(folders: dict[str, Path], display_root: Path) -> list:
    """The problems an edit of the data folder alone may bring, when the content is
    as the last build (which passed check_sources) read it and the build found no
    link or special file: the library's, and articles naming what it lacks."""
    document_ids, problems = _library(folders["data"], display_root)
    references = check_references(folders["content"], document_ids, display_root)
    return references + problems


def _library(data: Path, display_root: Path) -> tuple[set[str], list]:
    """The ids articles may name, and the library's problems."""
    library, problems = load_library(data, display_root=display_root)
    document_ids = {document.id for document in library.documents}
    # A document with problems is left out of the library; articles may still name it.
    document_ids |= {path.stem for path in (data / "documents").glob("*.yaml")}
    return document_ids, problems


def check_edited(content: Path, edited: list[str], display_root: Path) -> list:
    """The problems an edit of these files' bodies may bring, when all that changed
    since the last build (which passed check_sources) are their bodies."""
    return check_bodies(content, edited, display_root)
