"""Pelican glue: exposes the date formatters as Jinja filters."""

from functools import partial

from pelican import signals

from .dateline import dateline, short_date


def add_filters(generator):
    """Install `dateline` (in the run's language) and `short_date` filters."""
    lang = generator.settings["DEFAULT_LANG"]
    generator.env.filters["dateline"] = partial(_dateline_for, lang=lang)
    generator.env.filters["short_date"] = partial(_short_date_for, lang=lang)


def _dateline_for(value, lang, in_lang=None):
    return dateline(value, in_lang or lang)


def _short_date_for(value, lang, in_lang=None):
    return short_date(value, in_lang or lang)


def register():
    signals.generator_init.connect(add_filters)
