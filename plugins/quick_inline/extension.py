"""Pure logic: Python-Markdown's smarty extension, minus the work it cannot use.

Smarty turns quotes, dashes and ellipses into typographic entities by running a
second inline pass over the whole document: each of its 18 patterns is tried on
every run of text, which more than doubles the time Markdown takes for a
Vietnamese article. Every one of those patterns needs a quote, `--`, `...`, `<<` or
`>>` in the text; a run of text with none of them is handed back as it is, which
is what the pass would do after trying every pattern. The output is smarty's, byte
for byte.
"""

import re

from markdown.extensions.smarty import SmartyExtension
from markdown.treeprocessors import InlineProcessor

# What any smarty pattern needs to match (quotes, dashes, ellipses, angled quotes).
TRIGGERS = re.compile(r"['\"]|--|\.\.\.|<<|>>")
PASS_NAME, PASS_PRIORITY = "smarty", 6  # where SmartyExtension registers its pass


class TextSkippingInlineProcessor(InlineProcessor):
    """Smarty's inline pass, which hands back text no pattern can match."""

    def _InlineProcessor__handleInline(self, data, patternIndex=0):
        if TRIGGERS.search(data) is None:
            return data
        return InlineProcessor._InlineProcessor__handleInline(self, data, patternIndex)


class QuickSmartyExtension(SmartyExtension):
    """SmartyExtension (same configuration) whose pass skips text without triggers."""

    def extendMarkdown(self, md):
        super().extendMarkdown(md)
        smarty = md.treeprocessors[PASS_NAME]
        quick = TextSkippingInlineProcessor(md)
        quick.inlinePatterns = smarty.inlinePatterns
        md.treeprocessors.register(quick, PASS_NAME, PASS_PRIORITY)


def makeExtension(**kwargs):  # noqa: N802 (the name Python-Markdown looks for)
    return QuickSmartyExtension(**kwargs)
