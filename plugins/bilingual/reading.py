"""Pelican glue: a run reads another language's Markdown for its header only.

Each run reads every file, because it links to the twins in the other language;
but it never shows their text, so converting their bodies would be wasted work
(and memory) that the other language's run does again anyway. Their header is read
as Python-Markdown's meta extension reads it (headers.header_metadata), without a
conversion, and their formatted fields (`Summary:`, which Pelican converts with
Markdown) are left out: a run shows another language's articles by their title and
address only.
"""

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from .headers import file_language, header_metadata, header_of, written_language

# The priority Python-Markdown's meta extension registers its preprocessor with.
META_PRIORITY = 27


class RunLanguageMarkdownReader(MarkdownReader):
    """Reads files of the run's language whole, and other languages' headers only.

    One Markdown converter serves every file, reset in between, where Pelican makes
    a new one per file. reset() clears all a file leaves in the extensions of
    MARKDOWN (extra, meta, smarty); footnotes' UNIQUE_IDS would number per reader,
    not per file.
    """

    _converter = None

    def read(self, source_path):
        with pelican_open(source_path) as text:
            header = header_of(text)
        language = file_language(source_path, written_language(header), self.settings)
        whole = language == self.settings["DEFAULT_LANG"]
        self._source_path = source_path
        self._md = self._reset_converter()
        if whole:
            content = self._md.convert(text)
            return content, self._parse_metadata(self._md.Meta)
        # The header as the meta extension reads it, without a Markdown conversion.
        formatted = self.settings["FORMATTED_FIELDS"]
        meta = header_metadata(header, self._md.tab_length)
        shown = {k: v for k, v in meta.items() if k.lower() not in formatted}
        return "", self._parse_metadata(shown)

    def _reset_converter(self) -> Markdown:
        """The reader's converter, cleared of the previous file's state (and given
        back the meta preprocessor that Pelican's `_parse_metadata` takes out)."""
        if self._converter is None:
            self._converter = Markdown(**self.settings["MARKDOWN"])
            self._meta = self._converter.preprocessors["meta"]
        elif "meta" not in self._converter.preprocessors:
            self._converter.preprocessors.register(self._meta, "meta", META_PRIORITY)
        return self._converter.reset()


def use_run_language_reader(readers):
    for extension in RunLanguageMarkdownReader.file_extensions:
        if extension in readers.reader_classes:
            readers.reader_classes[extension] = RunLanguageMarkdownReader
