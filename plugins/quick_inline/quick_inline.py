"""Pelican glue: Markdown's inline passes skip text none of their patterns can match.

The settings keep naming `markdown.extensions.smarty` (what the site wants); this
plugin swaps in the quicker equivalent, with the same configuration, and adds the
quicker main pass, before any reader is made.
"""

from pelican import signals

SMARTY = "markdown.extensions.smarty"
QUICK_SMARTY = "quick_inline.extension:QuickSmartyExtension"
QUICK_INLINE = "quick_inline.extension:QuickInlineExtension"


def use_quick_inline(pelican):
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    configs = markdown.setdefault("extension_configs", {})
    if SMARTY in configs:
        configs[QUICK_SMARTY] = configs.pop(SMARTY)
    configs.setdefault(QUICK_INLINE, {})
    extensions = markdown.get("extensions")
    if extensions and SMARTY in extensions:
        extensions[extensions.index(SMARTY)] = QUICK_SMARTY
    if extensions is not None and QUICK_INLINE not in extensions:
        extensions.append(QUICK_INLINE)


def register():
    signals.initialized.connect(use_quick_inline)
