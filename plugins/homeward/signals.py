"""The signals Homeward plugins use to talk to the core — the whole plugin interface.

They are blinker signals like Pelican's own; a plugin's `register()` connects to them.
"""

from blinker import signal

# sender: a `loader.DataContext`, after the YAML data is validated and before references are
# checked, expired jobs dropped and indexes built. Receivers return records from outside
# content/ as {collection: [(model object, where it came from)]} (job-board ads); a record
# whose id a hand-written one already has is dropped: content/ wins.
data_loaded = signal("homeward_data_loaded")

# sender: the SiteBuild that `homeward check` validated; receivers return (level, message)
# pairs, level "error" (fails the check) or "reminder" (e.g. fetched data growing old).
check_requested = signal("homeward_check_requested")

# sender: Site, after all content is loaded, validated and cross-indexed. Plugins may add
# derived data (e.g. facet counts) but must not write files.
site_loaded = signal("homeward_site_loaded")

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
