"""Pure date formatting: 'Thứ ba - 01/12/2020 09:16' without any OS locale."""

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


def weekday_name(value: date, lang: str) -> str:
    """The weekday of `value` in `lang` (vi or en)."""
    return WEEKDAYS[lang][value.weekday()]


def dateline(value: datetime, lang: str) -> str:
    """The date line: 'Thứ ba - 01/12/2020 09:16', 'Tuesday, 01/12/2020 09:16'."""
    separator = " - " if lang == "vi" else ", "
    time = f"{value.hour:02d}:{value.minute:02d}"
    return f"{weekday_name(value, lang)}{separator}{short_date(value)} {time}"


def short_date(value: date) -> str:
    """The day alone, as listings show it: '01/12/2020'.

    Formatted field by field: Pelican's dates parse any strftime format again on
    every call, and pages show many dates."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
