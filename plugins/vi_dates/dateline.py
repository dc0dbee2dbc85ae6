"""Pure date formatting without any OS locale: 'Thứ ba - 01/12/2020 09:16' in
Vietnamese, 'Tuesday, 1 December 2020, 09:16' in English (an English reader takes
01/12/2020 for the twelfth of January)."""

from datetime import date, datetime

from babel.dates import get_day_names, get_month_names

# Monday is 0, as datetime.weekday() counts. The Vietnamese names are the office's
# own ("Thứ ba", lower-case after the first word), not CLDR's ("Thứ Ba").
WEEKDAYS = {
    "vi": ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"),
    "en": tuple(get_day_names("wide", locale="en")[day] for day in range(7)),
}
MONTHS_EN = tuple(get_month_names("wide", locale="en")[month] for month in range(1, 13))
MONTHS_EN_SHORT = tuple(
    get_month_names("abbreviated", locale="en")[month] for month in range(1, 13)
)


def weekday_name(value: date, lang: str) -> str:
    """The weekday of `value` in `lang` (vi or en)."""
    return WEEKDAYS[lang][value.weekday()]


def dateline(value: datetime, lang: str) -> str:
    """The date line: 'Thứ ba - 01/12/2020 09:16', 'Tuesday, 1 December 2020, 09:16'."""
    time = f"{value.hour:02d}:{value.minute:02d}"
    if lang == "en":
        day = f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"
        return f"{weekday_name(value, lang)}, {day}, {time}"
    return f"{weekday_name(value, lang)} - {short_date(value)} {time}"


def short_date(value: date, lang: str = "vi") -> str:
    """The day alone, as listings show it: '01/12/2020', '1 Dec 2020'.

    Formatted field by field: Pelican's dates parse any strftime format again on
    every call, and pages show many dates."""
    if lang == "en":
        return f"{value.day} {MONTHS_EN_SHORT[value.month - 1]} {value.year}"
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def utc_offset(value: datetime) -> str:
    """The date's time zone as readers write it: 'GMT+7' (Vietnam), 'GMT+5:30'."""
    offset = value.utcoffset()
    if offset is None:
        return "GMT"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}" + (f":{rest:02d}" if rest else "")
