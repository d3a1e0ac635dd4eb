"""Stories of people who moved here: a list and a page each, linked to company and municipality."""

from .plugin import register

__all__ = ["register"]
