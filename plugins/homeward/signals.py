"""The signals Homeward plugins use to talk to the core — the whole plugin interface.

They are blinker signals like Pelican's own; a plugin's `register()` connects to them.
"""

from blinker import NamedSignal
from ordered_set import OrderedSet  # what Pelican orders its own signals with (a dependency of Pelican)


class InPluginOrder(NamedSignal):
    """Receivers are called in the order they connected, which is the order of PLUGINS: one
    plugin's routes, body rewrites or filters come before the next one's on every build.
    Pelican makes every blinker signal made after its import so (`Signal.set_class`); these
    must not depend on Pelican having been imported first (`import homeward` does not import it)."""

    set_class = OrderedSet  # type: ignore[assignment]


def signal(name: str) -> InPluginOrder:
    return InPluginOrder(name)


# sender: a `loader.DataContext`, after the YAML data is validated and before references are
# checked, expired jobs dropped and indexes built. Receivers return records from outside
# content/ as {collection: [(model object, where it came from)]} (job-board ads); a record
# whose id a hand-written one already has is dropped: content/ wins.
data_loaded = signal("homeward_data_loaded")

# sender: the SiteBuild that `homeward check` validated; receivers return (level, message)
# pairs, level "error" (fails the check) or "reminder" (e.g. fetched data growing old).
check_requested = signal("homeward_check_requested")
# sender: references.References, during loading, after every file is validated and before
# anything else sees the site: each feature checks what its own content refers to (ids,
# files, values that need the whole site) with `refs.need` / `refs.file` / `refs.error`.
# Errors are collected with the loader's, so a build reports every mistake at once.
check_references = signal("homeward_check_references")

# sender: Site, after all content is loaded, validated and cross-indexed. Plugins may add
# derived data (e.g. facet counts) but must not write files.
site_loaded = signal("homeward_site_loaded")

# sender: Site, after site_loaded and before routes are collected; each receiver returns None
# or a function (html, entry) -> html that rewrites a Markdown body for its web page (the
# images plugin gives body images their sizes). The core hands them, in the order received, to
# every entry (`entry.page_rewrites`); `entry.page_html` applies them when a page template shows
# the body, so a build rewrites only the bodies it renders. `entry.html`
# stays the sanitized body (feeds, press PDFs and text extracts read it). A rewrite adds only
# markup the build itself makes, never anything from the text that the sanitizer refused.
page_body = signal("homeward_page_body")

# sender: Site; each receiver returns an iterable of Route objects for every language.
collect_routes = signal("homeward_collect_routes")

# sender: jinja2.Environment, once, before rendering: plugins add filters, globals, gettext.
environment_ready = signal("homeward_environment_ready")

# sender: Site, keyword `routes` (all routes, alternates known): plugins may add routes that
# need to see every other route (sitemap, search metadata) and return them.
routes_collected = signal("homeward_routes_collected")

# sender: the output folder (Path), keyword `site`: after every file is written, before the
# folder is swapped in (search indexing runs here).
output_written = signal("homeward_output_written")

# sender: Site; each receiver returns {asset name: bytes} of generated assets (e.g. the
# brand stylesheet) that templates reference through `asset(name)` like theme files.
collect_assets = signal("homeward_collect_assets")
