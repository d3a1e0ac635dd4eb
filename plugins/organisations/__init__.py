"""Networks and organisations: a page each with members and the boilerplate press releases reuse."""

from .plugin import register

__all__ = ["register"]
