"""Pelican glue: Markdown's inline pass skips text none of its patterns can match.

The quicker pass is added to the site's Markdown settings before any reader is made.
"""

from pelican import signals

QUICK_INLINE = "plugins.quick_inline.extension:QuickInlineExtension"


def use_quick_inline(pelican):
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    markdown.setdefault("extension_configs", {}).setdefault(QUICK_INLINE, {})
    extensions = markdown.get("extensions")
    if extensions is not None and QUICK_INLINE not in extensions:
        extensions.append(QUICK_INLINE)


def register():
    signals.initialized.connect(use_quick_inline)
