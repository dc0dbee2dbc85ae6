"""Pelican glue: MARKDOWN's smarty extension is replaced by the quicker equivalent.

The settings keep naming `markdown.extensions.smarty` (what the site wants); this
plugin swaps in `quick_smarty.extension`, with the same configuration, before any
reader is made.
"""

from pelican import signals

SMARTY = "markdown.extensions.smarty"
QUICK = "quick_smarty.extension"


def use_quick_smarty(pelican):
    markdown = pelican.settings.get("MARKDOWN") or {}
    configs = markdown.get("extension_configs") or {}
    if SMARTY in configs:
        configs[QUICK] = configs.pop(SMARTY)
    extensions = markdown.get("extensions")
    if extensions and SMARTY in extensions:
        extensions[extensions.index(SMARTY)] = QUICK


def register():
    signals.initialized.connect(use_quick_smarty)
