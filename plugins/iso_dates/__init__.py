"""Dates as editors write them (2020-12-01 09:16), read without dateutil's guessing."""

from .iso_dates import register

__all__ = ["register"]
