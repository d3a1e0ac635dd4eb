"""Jobs: a filterable list, a page per job with JobPosting data, and an Atom feed."""

from .plugin import register

__all__ = ["register"]
