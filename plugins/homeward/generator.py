"""The Pelican side of Homeward: one generator that Pelican runs like its own.

`generate_context` loads and validates everything (Pelican calls every generator's context
pass before any output pass, so a content error stops the build before a byte is written);
`generate_output` renders all languages in the same run.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from .build import SiteBuild, prepare, write_site


class HomewardGenerator:
    def __init__(self, context: dict, settings: dict, path: str, theme: str, output_path: str, **_kwargs: Any):
        self.context = context
        self.settings = settings
        self.output_path = output_path
        self.build: SiteBuild | None = None

    def generate_context(self) -> None:
        if os.environ.get("HOMEWARD_TIMINGS"):
            print(f"  {'Pelican and plugins':<24} {'':>8}  ({time.process_time():6.3f} s CPU since the process started)", file=sys.stderr)
        self.build = prepare(self.settings, preview=bool(self.settings.get("HOMEWARD_PREVIEW")))
        self._result()["build"] = self.build

    def generate_output(self, _writer: Any) -> None:
        assert self.build is not None
        previous = self.settings.get("HOMEWARD_PREVIOUS_OUTPUT")
        written = write_site(self.build, Path(self.output_path), Path(previous) if previous else None)
        self._result()["written"] = written

    def _result(self) -> dict[str, Any]:
        """Where this run reports back to whoever started it (`cli.run_build` passes a fresh dict
        in the settings): nothing of a build outlives it in module state."""
        return self.settings.setdefault("HOMEWARD_RESULT", {})




