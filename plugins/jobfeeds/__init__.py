"""Job feeds: every open position in the region from NAV and Arbetsförmedlingen, as jobs."""

from .plugin import register

__all__ = ["register"]
