"""Pure logic: Python-Markdown's inline passes, minus the tries that cannot match.

An inline pass tries each of its patterns, one regular expression after another,
on every run of text. Every pattern of Python-Markdown's own pass (with `extra`)
needs a backtick, a backslash, `[`, `<`, `&`, `*`, `_` or a line break written as
two spaces; every pattern of smarty's pass (its second pass over the whole
document, which more than doubled the time Markdown took for a Vietnamese
article) needs a quote, `--`, `...`, `<<` or `>>`. Most runs of Vietnamese text
hold none of them: such a run is handed back as it is, which is what the pass
would do after trying every pattern. The output is Python-Markdown's, byte for
byte.
"""

import re

from markdown.extensions import Extension
from markdown.extensions.smarty import SmartyExtension
from markdown.treeprocessors import InlineProcessor

# What any smarty pattern needs to match (quotes, dashes, ellipses, angled quotes).
TRIGGERS = re.compile(r"['\"]|--|\.\.\.|<<|>>")
PASS_NAME, PASS_PRIORITY = "smarty", 6  # where SmartyExtension registers its pass

# What any pattern of the main pass needs, and the patterns this holds for (a
# pass holding another pattern, from an extension added later, tries them all).
INLINE_TRIGGERS = re.compile(r"[`\\\[<&*_]|  \n")
INLINE_PATTERNS = frozenset(
    [
        "backtick",
        "escape",
        "footnote",
        "reference",
        "link",
        "image_link",
        "image_reference",
        "short_reference",
        "short_image_ref",
        "autolink",
        "automail",
        "linebreak",
        "html",
        "entity",
        "em_strong",
    ]
)
INLINE_NAME, INLINE_PRIORITY = "inline", 20  # Python-Markdown's own pass


class TextSkippingInlineProcessor(InlineProcessor):
    """An inline pass that hands back text in which `triggers` finds nothing.

    With `known`, it does so only while every pattern of the pass is named there.
    """

    def __init__(self, md, triggers: re.Pattern, known: frozenset | None = None):
        super().__init__(md)
        self.triggers = triggers
        self.known = known
        self.skipping = known is None

    def run(self, tree, ancestors=None):
        patterns = self.inlinePatterns
        if self.known is not None:  # the registered names are all known ones
            self.skipping = len(patterns) == sum(
                name in patterns for name in self.known
            )
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data, patternIndex=0):
        if self.skipping and self.triggers.search(data) is None:
            return data
        return InlineProcessor._InlineProcessor__handleInline(self, data, patternIndex)


class QuickSmartyExtension(SmartyExtension):
    """SmartyExtension (same configuration) whose pass skips text without triggers."""

    def extendMarkdown(self, md):
        super().extendMarkdown(md)
        smarty = md.treeprocessors[PASS_NAME]
        quick = TextSkippingInlineProcessor(md, TRIGGERS)
        quick.inlinePatterns = smarty.inlinePatterns
        md.treeprocessors.register(quick, PASS_NAME, PASS_PRIORITY)


class QuickInlineExtension(Extension):
    """Python-Markdown's own inline pass, skipping text without triggers."""

    def extendMarkdown(self, md):
        quick = TextSkippingInlineProcessor(md, INLINE_TRIGGERS, INLINE_PATTERNS)
        md.treeprocessors.register(quick, INLINE_NAME, INLINE_PRIORITY)
