"""Date lines without any OS locale."""

from datetime import datetime, timedelta, timezone

from plugins.vi_dates.dateline import dateline, short_date

VIETNAM = timezone(timedelta(hours=7))


def test_seed_date_line_in_both_languages():
    when = datetime(2020, 12, 1, 9, 16, tzinfo=VIETNAM)
    assert dateline(when, "vi") == "Thứ ba - 01/12/2020 09:16"
    assert dateline(when, "en") == "Tuesday, 1 December 2020, 09:16"
    assert short_date(when) == "01/12/2020"
    assert short_date(when, "en") == "1 Dec 2020"


def test_every_weekday_in_vietnamese():
    monday = datetime(2024, 1, 1, 0, 5)
    names = [
        dateline(monday + timedelta(days=d), "vi").split(" - ")[0] for d in range(7)
    ]
    assert names == [
        "Thứ hai",
        "Thứ ba",
        "Thứ tư",
        "Thứ năm",
        "Thứ sáu",
        "Thứ bảy",
        "Chủ nhật",
    ]


def test_dates_read_as_strftime_writes_them():
    # strftime's month names are the C locale's: English, whatever the machine.
    for when in (datetime(2021, 3, 4, 5, 6), datetime(1999, 12, 31, 23, 59)):
        assert short_date(when) == when.strftime("%d/%m/%Y")
        assert short_date(when, "en") == when.strftime("%-d %b %Y")
        assert dateline(when, "en") == when.strftime("%A, %-d %B %Y, %H:%M")


def test_utc_offset_names_the_time_zone_of_the_date_line():
    from datetime import datetime, timedelta, timezone

    from plugins.vi_dates.dateline import utc_offset

    vietnam = timezone(timedelta(hours=7))
    assert utc_offset(datetime(2020, 12, 1, 9, 16, tzinfo=vietnam)) == "GMT+7"
    india = timezone(timedelta(hours=5, minutes=30))
    assert utc_offset(datetime(2020, 1, 1, tzinfo=india)) == "GMT+5:30"
    assert utc_offset(datetime(2020, 1, 1, tzinfo=timezone(-timedelta(hours=3)))) == (
        "GMT-3"
    )
    assert utc_offset(datetime(2020, 1, 1)) == "GMT"
