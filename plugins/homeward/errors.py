"""Content errors: every problem a communicator can cause is reported as `path:line: message`.

Errors are collected (like MkDocs' config validation) so one build shows every mistake at
once, and the build stops before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentError:
    """One mistake in one file, with the line a person should look at and how to fix it."""

    path: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}: {kind}{self.message}"


@dataclass
class ErrorLog:
    """Collects errors and warnings during loading; paths are shown relative to `root`."""

    root: Path | None = None
    items: list[ContentError] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Paths are shown relative to the folder that holds content/ ("content/data/…").
        self._prefix = str(self.root.resolve().parent) + "/" if self.root is not None else ""

    def rel(self, path: Path | str) -> str:
        text = str(path)
        if self._prefix and text.startswith(self._prefix):
            text = text[len(self._prefix) :]
        if text.isascii():  # no surrogates (most paths: 8000 a build)
            return text
        # A file name in another encoding holds surrogates that cannot be printed: show them as '�'.
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")

    def source_lines(self, path: Path | str) -> list[str]:
        """The lines of `path` (as given to `error`), for messages that show a line as it should
        be written; [] when it cannot be read."""
        text = str(path)
        full = Path(text) if Path(text).is_absolute() or not self._prefix else Path(self._prefix + text)
        try:
            return [line.rstrip("\r") for line in full.read_text(encoding="utf-8").split("\n")]
        except (OSError, UnicodeDecodeError):
            return []

    def source_line(self, path: Path | str, line: int) -> str:
        lines = self.source_lines(path)
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def error(self, path: Path | str, line: int | None, message: str) -> None:
        self.items.append(ContentError(self.rel(path), line or 1, message))

    def warn(self, path: Path | str, line: int | None, message: str) -> None:
        self.items.append(ContentError(self.rel(path), line or 1, message, warning=True))

    @property
    def errors(self) -> list[ContentError]:
        return sorted(e for e in self.items if not e.warning)

    @property
    def warnings(self) -> list[ContentError]:
        return sorted(e for e in self.items if e.warning)


class BuildFailed(Exception):
    """Raised when content has errors; carries them so the CLI prints them without a traceback."""

    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))

    def __reduce__(self) -> tuple:
        # Raised in a render worker, it travels back to the main process pickled.
        return (BuildFailed, (self.errors,))
