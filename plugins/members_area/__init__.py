"""The briefers' (members') build: only its own pages, under MEMBERS_PREFIX."""

from .members_area import register

__all__ = ["register"]
