"""Files of the old site's uploads folder that imported articles and documents use.

Pictures and files linked from articles go under content/images/ (the site's static
folder) at the path they had under uploads/; a document's files go under
data/documents/files/<record id>/. A name with spaces or accents is made a plain
one (the Markdown link and the address must not need escaping). A file already
there is kept when it has the same bytes; when it differs (an editor's file, or an
older copy), the new one takes the next free name: an import never overwrites a
picture or a document file.
"""

import filecmp
import logging
import re
import shutil
import unicodedata
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from sitebuild.checks.articles import slugify

from .old_addresses import upload_keys

logger = logging.getLogger(__name__)

PLAIN_NAME = re.compile(r"[A-Za-z0-9._-]+")


def plain_name(name: str) -> str:
    """A file or folder name fit for an address: itself if plain, else its slug."""
    if PLAIN_NAME.fullmatch(name) and name not in (".", ".."):
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        return slugify(name) or "file"
    extension = slugify(extension) or "bin"
    return f"{slugify(stem) or 'file'}.{extension}"


def uploads_path(address: str) -> str | None:
    """The path under uploads/ that a picture's or link's address names, if any:
    /uploads/news/a.jpg, uploads/..., ../uploads/..., http://host/uploads/..."""
    address = address.split("#", 1)[0].split("?", 1)[0]
    path = unquote(
        address.split("://", 1)[1].split("/", 1)[-1] if "://" in address else address
    )
    path = "/" + path.lstrip("./")
    marker = path.find("/uploads/")
    if marker < 0:
        return None
    inside = PurePosixPath(path[marker + len("/uploads/") :])
    if not inside.parts or ".." in inside.parts:
        return None
    return inside.as_posix()


class Uploads:
    """Finds files in the old uploads folder, gives each its new place, copies it."""

    def __init__(
        self,
        uploads_dir: Path | None,
        content_dir: Path,
        files_dir: Path,
        dry_run: bool,
    ):
        self.root = uploads_dir
        self.images = content_dir / "images"
        self.files_dir = files_dir
        self.dry_run = dry_run
        self.placed: dict[tuple[str, str], str] = {}  # (where, old path) -> new path
        self.copied = 0
        self.kept = 0
        self.actions: list[str] = []  # "copy uploads/... to ..." for the report
        self.redirects: dict[str, str] = {}  # uploads key -> new address
        self._claimed: dict[Path, Path] = {}  # target -> source, in this run

    def find(self, old: str) -> Path | None:
        """The file under uploads/ named `old`, in the form the disk has it."""
        if self.root is None:
            return None
        for form in dict.fromkeys(
            (old, unicodedata.normalize("NFC", old), unicodedata.normalize("NFD", old))
        ):
            candidate = self.root / form
            if candidate.is_file() and candidate.resolve().is_relative_to(
                self.root.resolve()
            ):
                return candidate
        return None

    def image(self, old: str, address: str | None) -> str | None:
        """Place the uploads file `old` under content/images/: its path there (for
        `{static}` and `Image:`), None if the old site has no such file.
        `address`: the file's new address, for the redirect of its old one."""
        return self._place("images", old, self.images, "images/", address)

    def attachment(self, old: str, record_id: str, address_of) -> str | None:
        """Place a document's file under data/documents/files/<record id>/."""
        return self._place(
            record_id, old, self.files_dir / record_id, f"{record_id}/", address_of
        )

    def _place(
        self, where: str, old: str, folder: Path, prefix: str, address
    ) -> str | None:
        known = self.placed.get((where, old))
        if known is not None:
            return known
        source = self.find(old)
        if source is None:
            return None
        if where == "images":
            parts = [plain_name(part) for part in PurePosixPath(old).parts]
        else:
            parts = [plain_name(PurePosixPath(old).name)]
        target = folder.joinpath(*parts)
        target = self._free_target(target, source)
        relative = prefix + target.relative_to(folder).as_posix()
        self.placed[(where, old)] = relative
        if address is not None:
            new_address = address(relative) if callable(address) else address
            for key in upload_keys(old):
                self.redirects.setdefault(key, new_address)
        return relative

    def _free_target(self, target: Path, source: Path) -> Path:
        stem, suffix, number = target.stem, target.suffix, 2
        while True:
            claimed = self._claimed.get(target)
            if claimed is not None and claimed == source:
                return target
            if claimed is None:
                if not target.exists():
                    self._claimed[target] = source
                    self._copy(source, target)
                    return target
                if filecmp.cmp(source, target, shallow=False):
                    self._claimed[target] = source
                    self.kept += 1
                    return target
            target = target.with_name(f"{stem}-{number}{suffix}")
            number += 1

    def _copy(self, source: Path, target: Path) -> None:
        self.copied += 1
        self.actions.append(f"copy {source} to {target}")
        if self.dry_run:
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(source, temporary)
        temporary.replace(target)
