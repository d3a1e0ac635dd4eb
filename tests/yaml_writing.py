"""YAML written the way editors and the CMS write it, for tests that generate content."""

from __future__ import annotations

from typing import Any

import yaml


class EditorDumper(yaml.SafeDumper):
    """Writes a repeated value out again (YAML anchors are refused by the loader), and text with a
    line break as a literal block (`|`), where a break is the break written. In plain, folded and
    single-quoted text a line break is a new paragraph (docs/content-model.md, "Text"), so a
    dumper that folds a single break would write a paragraph the test did not mean."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML falls back to double quotes when a literal block cannot hold the text. Text that ends
    # in a break gets double quotes at once: PyYAML ends a kept (`|+`) block with a document end
    # marker (`...`), and the tests join dumped pieces into one file.
    style = None
    if "\n" in value:
        style = '"' if value.endswith("\n") else "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


EditorDumper.add_representer(str, _text)


def dump(data: Any, **options: Any) -> str:
    return yaml.dump(data, Dumper=EditorDumper, allow_unicode=True, sort_keys=False, **options)
