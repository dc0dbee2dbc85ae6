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
    return f"{weekday_name(value, lang)}{separator}{value:%d/%m/%Y %H:%M}"


def short_date(value: date) -> str:
    """The day alone, as listings show it: '01/12/2020'."""
    return f"{value:%d/%m/%Y}"
