"""Pure date formatting without any OS locale: 'Thứ ba - 01/12/2020 09:16' in
Vietnamese, 'Tuesday, 1 December 2020, 09:16' in English (an English reader takes
01/12/2020 for the twelfth of January)."""

from datetime import date, datetime

# Monday is 0, as datetime.weekday() counts.
WEEKDAYS = {
    "vi": ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"),
    "en": (
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ),
}
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
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
        return f"{value.day} {MONTHS_EN[value.month - 1][:3]} {value.year}"
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
