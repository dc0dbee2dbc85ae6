"""The private APIs the code relies on (sitebuild/pelican_private.py) are where it
expects them: an upgrade of Pelican, Markdown or lunr that moves one fails here,
by name, not somewhere in a build."""

import inspect

import lunr
import markdown
import pelican
from markdown.treeprocessors import InlineProcessor
from pelican import Pelican, generators, readers
from pelican.cache import FileDataCacher, FileStampDataCacher
from pelican.contents import Content
from pelican.readers import MarkdownReader, Readers

from sitebuild import pelican_private


def test_the_versions_are_those_the_code_was_read_against():
    assert pelican.__version__.startswith("4.12.")
    assert markdown.__version__.startswith("3.11")
    assert lunr.__VERSION__.startswith("0.8.")


def test_every_private_api_is_where_it_was():
    assert callable(Pelican._get_generator_classes)
    assert "_content" in inspect.getsource(Content.__init__)
    assert callable(Content._get_intrasite_link_regex)
    assert issubclass(Readers, FileStampDataCacher)
    assert "self._cache = {}" in inspect.getsource(FileDataCacher.__init__)
    assert "_filestamp_func" in inspect.getsource(FileStampDataCacher.__init__)
    assert callable(MarkdownReader._parse_metadata)
    assert "self._md" in inspect.getsource(MarkdownReader)
    assert callable(InlineProcessor._InlineProcessor__handleInline)
    assert callable(generators.process_translations)
    assert callable(generators.ArticlesGenerator._build_period_archives)
    assert {"date", "modified"} <= set(readers.METADATA_PROCESSORS)
    assert hasattr(lunr.builder.Builder().search_pipeline, "_stack")
    assert hasattr(Content.get_content, "cache")


def test_each_plugin_that_leans_on_one_is_named(tmp_path):
    from conftest import ROOT

    for path in pelican_private.PLUGINS_USE:
        assert (ROOT / path).is_file(), path
