"""The one change Homeward makes to Decap's published JavaScript, and why.

Decap 3.16.3 (decap-cms-core 3.19.1) renders the right-hand language pane of the editor
without an `onLocaleChange` handler, so choosing another language there throws
`this.props.onLocaleChange is not a function` (decap-cms issue #6307, fix proposed in pull
request #6495, not merged). The pane does switch; only the call that follows fails. The
patch calls the handler only when there is one — the same change as #6495.

Each patch names the exact text it replaces. When Decap is upgraded and the text is not
there exactly once, the file is published unchanged and the build warns, so a fixed Decap
needs nothing from us and a changed one is noticed (tests/test_cms.py checks the pinned one).
"""

from __future__ import annotations

from collections.abc import Callable

PATCHES: dict[str, list[tuple[bytes, bytes]]] = {
    "decap-cms.js": [
        (
            b"handleLocaleChange=e=>{this.setState({selectedLocale:e}),this.props.onLocaleChange(e)}",
            b"handleLocaleChange=e=>{this.setState({selectedLocale:e}),this.props.onLocaleChange&&this.props.onLocaleChange(e)}",
        )
    ],
}


def patched(name: str, data: bytes, warn: Callable[[str], None]) -> bytes:
    for old, new in PATCHES.get(name, []):
        if data.count(old) != 1:
            warn(
                f"warning: plugins/cms/patches.py: the expected text is not in node_modules/decap-cms/dist/{name} "
                "(Decap was upgraded?); it is published unpatched — check that switching the language of the right-hand pane works"
            )
            continue
        data = data.replace(old, new)
    return data
