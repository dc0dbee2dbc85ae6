"""Pure logic: Python-Markdown's inline pass, minus the tries that cannot match.

An inline pass tries each of its patterns, one regular expression after another,
on every run of text. Every pattern of Python-Markdown's own pass (with `extra`)
needs a backtick, a backslash, `[`, `<`, `&`, `*`, `_` or a line break written as
two spaces. Most runs of Vietnamese text hold none of them: such a run is handed
back as it is, which is what the pass would do after trying every pattern. The
output is Python-Markdown's, byte for byte.
"""

import re

from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor

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
    """An inline pass that hands back text in which `triggers` finds nothing,
    while every pattern of the pass is one of `known`."""

    def __init__(self, md, triggers: re.Pattern, known: frozenset):
        super().__init__(md)
        self.triggers = triggers
        self.known = known
        self.skipping = False

    def run(self, tree, ancestors=None):
        patterns = self.inlinePatterns
        # the registered names are all known ones
        self.skipping = len(patterns) == sum(name in patterns for name in self.known)
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data, patternIndex=0):
        if self.skipping and self.triggers.search(data) is None:
            return data
        return InlineProcessor._InlineProcessor__handleInline(self, data, patternIndex)


class QuickInlineExtension(Extension):
    """Python-Markdown's own inline pass, skipping text without triggers."""

    def extendMarkdown(self, md):
        quick = TextSkippingInlineProcessor(md, INLINE_TRIGGERS, INLINE_PATTERNS)
        md.treeprocessors.register(quick, INLINE_NAME, INLINE_PRIORITY)
