"""Production settings: everything from pelicanconf.py, plus the public SITEURL and feeds."""

import os
import sys

sys.path.append(os.path.dirname(__file__))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
FEEDS = True
HOMEWARD_PUBLISH = True
