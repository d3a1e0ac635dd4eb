"""The standby's watch (plugins/homeward/prepared.py): what wakes a build server's standby.

Whole prepared builds, through real servers, are in test_build_server.py; this is the inotify
watch alone, which decides whether a save is seen at all.
"""

from __future__ import annotations

import os
import select
from pathlib import Path

from homeward.prepared import Watch


def woken(watch: Watch) -> bool:
    """Whether the watch counts what happened since it was last read."""
    if not select.select([watch], [], [], 0.5)[0]:
        return False
    return watch.changed()


def test_a_save_anywhere_under_content_wakes_the_standby_and_new_folders_are_watched(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    settings = tmp_path / "pelicanconf.py"
    settings.write_text("PATH = 'content'\n")
    watch = Watch([str(content)], [str(settings)])
    try:
        assert not woken(watch)
        (content / "articles" / "a.sv.md").write_text("---\ntitle: A\n---\n")
        assert woken(watch)
        (content / "press").mkdir()  # a folder made after the watch began
        assert woken(watch)
        (content / "press" / "b.nb.md").write_text("text")  # a file in it
        assert woken(watch)
        os.rename(content / "press" / "b.nb.md", content / "press" / "c.nb.md")
        assert woken(watch)
        (content / "press" / "c.nb.md").unlink()
        assert woken(watch)
        os.utime(content / "articles" / "a.sv.md", (1, 1))  # `touch`: the fingerprint changes too
        assert woken(watch)

        # Beside the settings file, only the settings file counts: the output folder, the lock and
        # the cache live there and change with every build.
        (tmp_path / "output").mkdir()
        (tmp_path / ".output.lock").write_text("")
        assert not woken(watch)
        settings.write_text("PATH = 'content'\nSITENAME = 'Other'\n")
        assert woken(watch)
    finally:
        watch.close()


def test_settling_waits_until_a_save_is_over(tmp_path: Path) -> None:
    """An editor's save is several events (write, rename, attributes): one wake-up for all of them."""
    watch = Watch([str(tmp_path)], [])
    try:
        for number in range(5):
            (tmp_path / f"part-{number}.md").write_text("x")
        assert woken(watch)
        watch.settle()
        assert not woken(watch)
    finally:
        watch.close()
