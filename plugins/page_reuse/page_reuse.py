"""Pelican glue: a writer that takes unchanged pages from the previous output.

Every page the writer would render gets a key (page_keys.py). When the previous
build wrote the same file with the same key, and the file there still has the bytes
that build wrote, those bytes are written again instead of rendering the template.
Everything else (signals, the sitemap, overwrite checks) runs as for a rendered page.

PAGE_REUSE = {"previous_output": path, "keys_file": path} turns it on; the runner
sets both for each language's run (the keys live in the run's content cache folder,
which is emptied whenever settings, code or theme change). Without it the writer
renders every page, as Pelican's does.
"""

import hashlib
import json
import logging
import os

from pelican import signals
from pelican.contents import Content
from pelican.writers import Writer

from .page_keys import PageKeys

logger = logging.getLogger(__name__)

FORMAT = 1
# Context entries that no page shows and that change with every run or page (paths
# of this run, the page being written, links met so far), or whose order does:
# Pelican lists static files in set order (static_content holds them by path).
RUN_KEYS = (
    "OUTPUT_PATH",
    "CACHE_PATH",
    "PAGE_REUSE",
    "localsiteurl",
    "static_links",
    "staticfiles",
)


def _is_content(value) -> bool:
    return isinstance(value, Content)


def _file_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class PageRecord:
    """The keys of the previous run's pages, and those of this run."""

    def __init__(self, settings: dict):
        options = settings.get("PAGE_REUSE") or {}
        self.previous_output = options.get("previous_output")
        self.keys_file = options.get("keys_file")
        self.previous = self._load() if self.previous_output else {}
        self.written: dict[str, list[str]] = {}
        self.keys = PageKeys(_is_content, RUN_KEYS)
        self.reused = self.rendered = 0

    def _load(self) -> dict:
        try:
            with open(self.keys_file, encoding="utf-8") as handle:
                stored = json.load(handle)
        except (OSError, ValueError, TypeError):
            return {}
        if stored.get("format") != FORMAT:
            return {}
        if stored.get("output") != os.path.realpath(self.previous_output):
            return {}
        return stored.get("pages", {})

    def previous_text(self, name: str, key: str) -> tuple[str, str] | None:
        """The previous build's text of `name`, and its hash, if it had this key
        and is intact."""
        entry = self.previous.get(name)
        if not entry or entry[0] != key:
            return None
        try:
            with open(os.path.join(self.previous_output, name), "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        if _file_hash(data) != entry[1]:
            return None  # changed since (or a failed build's keys): render again
        return data.decode("utf-8"), entry[1]

    def save(self) -> None:
        if not (self.keys_file and self.previous_output):
            return
        stored = {
            "format": FORMAT,
            "output": os.path.realpath(self.previous_output),
            "pages": self.written,
        }
        temporary = f"{self.keys_file}.tmp-{os.getpid()}"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(stored, handle, separators=(",", ":"))
        os.replace(temporary, self.keys_file)


class _ReusingTemplate:
    """Stands in for a Jinja template in Writer.write_file: renders, or returns
    the previous output's text of a page whose key did not change."""

    def __init__(self, template, record: PageRecord, context: dict):
        self._template, self._record, self._context = template, record, context

    def __getattr__(self, name):
        return getattr(self._template, name)

    def render(self, localcontext: dict) -> str:
        record, name = self._record, localcontext["output_file"]
        key = record.keys.page_key(self._context, localcontext, self._template.name)
        previous = record.previous_text(name, key) if key else None
        if previous is not None:
            record.reused += 1
            text, text_hash = previous
        else:
            record.rendered += 1
            text = self._template.render(localcontext)
            text_hash = _file_hash(text.encode("utf-8")) if key else None
        if key:
            record.written[name] = [key, text_hash]
        return text


class ReusingWriter(Writer):
    """Pelican's writer, with templates that may hand back a page unchanged."""

    record: PageRecord | None = None

    def write_file(self, name, template, context, *args, **kwargs):
        record = ReusingWriter.record
        if record is not None and hasattr(template, "render"):
            template = _ReusingTemplate(template, record, context)
        return super().write_file(name, template, context, *args, **kwargs)


def start(pelican):
    configured = pelican.settings.get("PAGE_REUSE")
    ReusingWriter.record = PageRecord(pelican.settings) if configured else None


def writer_class(pelican):
    return ReusingWriter


def finish(pelican):
    record = ReusingWriter.record
    if record is None:
        return
    record.save()
    logger.info(
        "page_reuse: %d page(s) rendered, %d taken unchanged from the previous output",
        record.rendered,
        record.reused,
    )
    ReusingWriter.record = None


def register():
    signals.initialized.connect(start)
    signals.get_writer.connect(writer_class)
    signals.finalized.connect(finish)
