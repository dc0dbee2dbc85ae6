"""A page's body, once written, is not kept for the rest of the run."""

from .written_bodies import register

__all__ = ["register"]
