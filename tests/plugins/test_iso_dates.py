"""iso_dates reads Date: and Modified: as Pelican does, without dateutil for ISO."""

import pytest
from conftest import ROOT
from pelican import readers
from pelican.utils import SafeDatetime

from plugins.iso_dates import iso_dates
from plugins.iso_dates.reading import iso_date

TEXTS = [
    "2020-12-01 09:16",
    "2020-12-01 09:16:05",
    "2020-12-01",
    "2020-12-01_09:16",
    "2024-02-29 23:59",
    "1999-01-01 00:00",
    "2021-02-30 10:00",  # no such day
    "2020-12-01 24:00",
    "2020-12-01 09:60",
    "2020-12-01  09:16",
    " 2020-12-01 09:16",
    "2020-12-01T09:16",
    "01/12/2020 09:16",
    "2020-12-1 9:16",
    "2020-12-01 09:16+07:00",
    "hôm qua",
    "",
]


def outcome(process, text):
    try:
        value = process(text, {})
    except ValueError as error:
        return ("error", str(error))
    return (type(value), value, value.tzinfo)


@pytest.fixture
def processors():
    saved = dict(readers.METADATA_PROCESSORS)
    iso_dates.read_iso_first()
    yield readers.METADATA_PROCESSORS
    readers.METADATA_PROCESSORS.clear()
    readers.METADATA_PROCESSORS.update(saved)


def test_every_date_reads_as_pelican_reads_it(processors):
    for header in iso_dates.HEADERS:
        process = processors[header]
        original = process.original
        assert not hasattr(original, "original")  # Pelican's own
        for text in TEXTS:
            assert outcome(process, text) == outcome(original, text), text


def test_plain_iso_dates_skip_dateutil(monkeypatch):
    import dateutil.parser

    def refuse(*args, **kwargs):
        raise AssertionError("dateutil was asked")

    monkeypatch.setattr(dateutil.parser, "parse", refuse)
    assert iso_date("2020-12-01 09:16", SafeDatetime) == SafeDatetime(
        2020, 12, 1, 9, 16
    )
    assert iso_date("2020-12-01") == SafeDatetime(2020, 12, 1)
    assert iso_date("2021-02-30") is None
    assert iso_date("01/12/2020") is None


def test_wrapping_twice_wraps_once(processors):
    first = processors["date"]
    iso_dates.read_iso_first()
    assert processors["date"] is first


def test_the_site_reads_dates_iso_first(processors):
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(
        str(ROOT / "pelicanconf.py"), override={"PATH": str(ROOT / "content")}
    )
    processors.update(
        (name, getattr(process, "original", process))
        for name, process in processors.items()
    )
    Pelican(settings)  # loads the plugins; `initialized` wraps the processors
    assert hasattr(processors["date"], "original")
    assert hasattr(processors["modified"], "original")
