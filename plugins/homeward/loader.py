"""Load `content/` into a validated `Site`, collecting every error before anything is written.

Metadata is layered like Pelican's: defaults → folder (content type) → file name
(`slug.lang.md` sets slug and lang) → front matter. Region data comes from YAML under
`content/data/` (which files: discovery.py). Each file is validated against the content
model (validation.py); then references between records are checked (references.py, and
each feature plugin on the `check_references` signal), and drafts, embargoed releases and
expired jobs are taken out.
"""

from __future__ import annotations

import difflib
import html
import os
import pickle
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError

from . import defaults, parse_memo, placeholders, signals
from .discovery import DATA_COLLECTIONS, DOCUMENT_FOLDERS, SINGULAR, ContentScan, path_suffix, single_data_file
from .errors import BuildFailed, ContentError, ErrorLog
from .history import ContentHistory, LastUpdated, PendingHistory, last_updated, moment
from .languages import Language
from .markdown_render import MarkdownCache
from .model import PressRelease, Region
from .model.fields import attribute_or, offset_mismatch
from .parsing import Parsed, ParseMemo, parse_all, parse_yaml_file
from .references import Cause, References, check_core
from .site import Entry, HeldBack, Item, Site
from .sourcefile import LineDict, LineList, copy_positions
from .trust.files import ContentFiles, Refused
from .validation import validate, without_comments

__all__ = ["DATA_COLLECTIONS", "DOCUMENT_FOLDERS", "DataContext", "Loader"]


@dataclass
class DataContext:
    """What a plugin that brings records from outside content/ (signals.data_loaded) gets."""

    settings: dict[str, Any]
    region: Region
    collections: dict[str, dict[str, Any]]  # the validated YAML records, by collection and id
    now: datetime
    preview: bool
    # Instants when the build's output changes without any file changing (data to refetch).
    # One at or before `now` means the data is due already (a fetch failed, or data is fetched
    # at every build): the next build runs in full however soon it comes.
    time_boundaries: list[datetime] = field(default_factory=list)
    # Messages for the person building, printed apart from content warnings (a source down).
    notices: list[str] = field(default_factory=list)


# An `id:` line in a file's text (a list item's too): the ids a file that could not be read meant to define.
_ID_LINE = re.compile(r"^[ \t-]*id:[ \t]*['\"]?([a-z0-9-]+)", re.M)


class Loader:
    def __init__(
        self,
        content: Path,
        languages: list[Language],
        settings: dict[str, Any],
        now: datetime,
        preview: bool = False,
        cache: MarkdownCache | None = None,
        memo: ParseMemo | None = None,
    ):
        self.content = content
        self.languages = languages
        self.codes = [lang.code for lang in languages]
        self.settings = settings
        self.now = now
        self.preview = preview
        self.log = ErrorLog(root=content)
        self.cache = cache or MarkdownCache(None)
        self.memo = memo
        self.context = {"languages": self.codes}
        self.files = ContentFiles(content)
        self.sources: dict[tuple[str, str], tuple[str, int]] = {}

    # ---------------------------------------------------------------- data
    def _read_yaml(self, path: Path) -> Any:
        parsed = self.parsed.get(str(path))
        if parsed is None:
            parsed = parse_yaml_file(str(path))
        for line, message in parsed.problems:
            self.log.error(path, line, message)
        for line, message in parsed.warnings:
            self.log.warn(path, line, message)
        return None if parsed.problems else parsed.raw

    def _derived(self, path: Path | str, slot: Any, compute: Any) -> Any:
        """`compute()`, a function of the file at `path` alone (and of what `slot` names), kept
        with the file's parse: an unchanged file (the parse memo's test: same mtime and size)
        gives the result it gave before without computing it again."""
        parsed: Parsed | None = self.parsed.get(str(path))
        if parsed is None:
            return compute()
        found = parsed.derived.get(slot, _MISSING)
        if found is _MISSING:
            found = parsed.derived[slot] = compute()
            if self.memo is not None:
                self.memo.touched.add(parsed.path)
        return found

    def _validate(self, path: Path | str, record: int | None, model: type[BaseModel], raw: Any) -> Any:
        """validation.validate of one record of the file at `path` (`record`: its index in a file
        that holds a list), kept with the file's parse: the model pickled (every build gets its
        own copy: the loader sets dates and embargoes on it) and the messages it logged, which
        are logged again. A model pickle refuses is not kept: validated again next time."""
        parsed: Parsed | None = self.parsed.get(str(path))
        slot = ("validate", record, model.__module__, model.__qualname__, tuple(self.codes))
        found = parsed.derived.get(slot) if parsed is not None else None
        if found is not None:
            blob, logged = found
            self.log.items.extend(logged)
            return None if blob is None else parse_memo.model_of(blob)
        before = len(self.log.items)
        obj = validate(model, raw, self.log.rel(path), self.log, self.context)
        if parsed is not None:
            try:
                blob = None if obj is None else pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
            except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
                return obj
            parsed.derived[slot] = (blob, self.log.items[before:])
            if self.memo is not None:
                self.memo.touched.add(parsed.path)
        return obj

    def _is_empty(self, path: Path) -> bool:
        parsed = self.parsed.get(str(path))
        return parsed is not None and not parsed.problems and parsed.raw is None

    def _empty_file(self, path: Path, model: type[BaseModel], what: str, optional: bool = True) -> None:
        required = [name for name, info in model.model_fields.items() if info.is_required()][:3]
        fields = ", ".join(f"'{name}: ...'" for name in required)
        self.log.error(path, 1, f"the file is empty; write the {what}'s fields ({fields})" + (" or delete the file" if optional else ""))

    def _claimed_ids(self, name: str, path: Path, raw: Any, from_list: bool) -> None:
        """Remember the ids a broken file meant to define, so references to them do not pile
        up extra 'unknown id' errors on top of the one that matters."""
        failed = self._failed[name]
        if path.parent == self.content / "data" / name:
            failed.add(path.stem)
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            failed.add(raw["id"])
        elif raw is None:  # the file did not parse: take the ids from its text
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return
            failed.update(_ID_LINE.findall(text))

    def _unread_cause(self, path: Path, message: str) -> None:
        """A data file the build does not read (in a subfolder, named in the singular, saved as
        .json): the records it holds are missing, and references to them fail because of it."""
        parts = path.relative_to(self.content).parts
        if len(parts) < 2 or parts[0] != "data":
            return
        plural = {singular: name for name, singular in SINGULAR.items()}
        stem = path.name.split(".")[0]
        name = parts[1] if parts[1] in DATA_COLLECTIONS and len(parts) > 2 else plural.get(stem.lower(), stem.lower())
        if name not in DATA_COLLECTIONS:
            return
        ids = {stem} if len(parts) > 2 else set()
        try:
            text = path.read_text(encoding="utf-8", errors="replace")[:200_000]
        except OSError:
            text = ""
        ids.update(_ID_LINE.findall(text))
        what, _, fix = message.partition("; ")
        fix = re.sub(r" \((?:or )?(?:move it )?out of content/\)$", "", fix)
        self._causes.append(Cause(name, ids, self.log.rel(path), 1, what, fix, SINGULAR[name], self.log.items[-1]))

    def _unvalidated_record(self, kind: str, path: Path, model: type[BaseModel], raw: Any) -> None:
        """A record or front matter that was read but has a mistake: its references are checked
        in the same build (references.References.check_unvalidated), all but those of the
        fields that are wrong themselves (their message is given already)."""
        if not isinstance(raw, LineDict):
            return
        wrong: set[Any] = set()
        try:
            model.model_validate(without_comments(raw), context=self.context)
        except ValidationError as exc:
            wrong = {error["loc"][0] for error in exc.errors() if error["loc"]}
        except Exception:  # noqa: BLE001 - a validator that fails on a broken record: check nothing
            return
        kept = copy_positions(raw, LineDict((key, value) for key, value in raw.items() if key not in wrong))
        self._unvalidated.append((kind, self.log.rel(path), kept))

    def _unwrapped_list(self, name: str, path: Path, raw: Any) -> Any:
        """`contacts:` above the list in contacts.yaml (the file itself is the list): one error
        at that line, and the list read as it was meant, so its records exist for the
        references to them (every contact was "unknown" as well before)."""
        if not isinstance(raw, LineDict) or len(raw) != 1 or path.parent == self.content / "data" / name:  # pathlib last: slow
            return raw
        (key,) = raw
        inner = raw[key]
        if key not in (name, SINGULAR.get(name)) or not isinstance(inner, LineList) or not inner:
            return raw
        first = self.log.source_line(path, inner.lines[0]) if inner.lines else ""
        indent = len(first) - len(first.lstrip(" "))
        spaces = "" if not indent else f" and the {indent} space{'s' if indent > 1 else ''} before each line below it"
        self.log.error(
            path,
            raw.lines.get(key, 1),
            f"the {name} are listed under '{key}:', but this file is the list itself; delete the line '{key}:'{spaces}",
        )
        return inner

    def load_region(self) -> Region | None:
        path = single_data_file(self.content, "region")
        if not path.exists():
            self.log.error(path, 1, "the region file is missing; create content/data/region.yaml with id, name, country")
            return None
        raw = self._read_yaml(path)
        if raw is None:
            if self._is_empty(path):
                self._empty_file(path, Region, "region", optional=False)
            return None
        region = validate(Region, raw, self.log.rel(path), self.log, self.context)
        self._raw[("region", "region")] = raw
        if region is not None:
            self._unique(raw.get("municipalities") or [], "municipality", path)
            self._unique(raw.get("facts") or [], "fact", path)
        return region

    def _unique(self, records: list[Any], what: str, path: Path) -> None:
        seen: dict[str, int] = {}
        for index, record in enumerate(records):
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                line = records.lines[index] if isinstance(records, LineList) and index < len(records.lines) else 1
                if record["id"] in seen:
                    self.log.error(
                        path, line, f"{what} id '{record['id']}' is used twice (also on line {seen[record['id']]}); give one of them another id"
                    )
                seen.setdefault(record["id"], line)

    def load_collection(self, name: str, model: type[BaseModel]) -> dict[str, Any]:
        """Load `data/<name>.yaml` (a list) and/or `data/<name>/*.yaml` (one record, or a list, per file)."""
        records: list[tuple[Path, Any, bool, int | None]] = []
        folder = self.content / "data" / name
        for path in self._data_paths[name]:
            raw = self._read_yaml(path)
            if raw is None:
                if self._is_empty(path):
                    what = SINGULAR.get(name, name)
                    self._empty_file(path, model, what)
                    if path.parent == folder:
                        fix = f"write the {what}'s fields in it, with 'id: {path.stem}'"
                    else:  # the list of them all: every reference to one of them waits for it
                        fix = f"write the {name} in it again ('- id: ...' and the fields of each), or restore the file from its history"
                    ids = {path.stem} if path.parent == folder else None
                    self._causes.append(Cause(name, ids, self.log.rel(path), 1, "the file is empty", fix, what, self.log.items[-1]))
                self._claimed_ids(name, path, None, False)
                continue
            raw = self._unwrapped_list(name, path, raw)
            if isinstance(raw, list):
                records.extend((path, r, True, index) for index, r in enumerate(raw))
            else:
                records.append((path, raw, False, None))
        out: dict[str, Any] = {}
        for path, raw, from_list, index in records:
            obj = self._validate(path, index, model, raw)
            if obj is None:
                self._claimed_ids(name, path, raw, from_list)
                self._unvalidated_record(name, path, model, raw)
                continue
            line = raw.lines.get("id", raw.line) if isinstance(raw, LineDict) else 1
            key = (name, obj.id)
            if obj.id in out:
                other_path, other_line = self.sources[key]
                what = SINGULAR.get(name, name)
                self.log.error(path, line, f"{what} id '{obj.id}' is already used in {other_path}:{other_line}; give this {what} another id")
                continue
            if not from_list and path.stem != obj.id and path.parent == folder:  # pathlib last: slow
                self.log.warn(path, line, f"the file is named '{path.name}' but its id is '{obj.id}'; name it '{obj.id}.yaml'")
                # References that use the file's name: the id is the mistake, said once here.
                what = f"the file is named '{path.name}' but its id is '{obj.id}'"
                fix = f"write the id as the file is named: id: {path.stem}"
                self._causes.append(Cause(name, {path.stem}, self.log.rel(path), line, what, fix, SINGULAR.get(name, name), self.log.items[-1]))
            out[obj.id] = obj
            self.sources[key] = (self.log.rel(path), line)
            self._raw[key] = raw
            self._files[key] = path
            self._record_at[key] = (path, index)
        return out

    # ---------------------------------------------------------------- markdown
    def load_documents(self, documents: list[tuple[str, str]]) -> dict[str, dict[str, Item]]:
        items: dict[str, dict[str, Item]] = {}
        seen: dict[tuple[str, str, str], str] = {}
        valid: list[tuple[str, str, str, Any, Any]] = []
        for folder, path in documents:
            parsed = self.parsed[path]
            for line, message in parsed.warnings:
                self.log.warn(path, line, message)
            if parsed.problems:
                for line, message in parsed.problems:
                    self.log.error(path, line, message)
                if isinstance(parsed.raw, LineDict):
                    # The text has a mistake, but the front matter was read: report its mistakes
                    # too, so that one build lists every mistake of the file (not one per build),
                    # its unknown ids among them (the file's references are checked below).
                    meta = self._validate_document(path, folder, DOCUMENT_FOLDERS[folder], parsed.raw)
                    if meta is not None:
                        rel = self.log.rel(path)
                        self._unpublishable.append(Entry(meta=meta, html="", path=rel, kind=folder, preview_only="broken"))
                    else:
                        self._unvalidated_record(folder, path, DOCUMENT_FOLDERS[folder], parsed.raw)
                continue
            if self._is_empty_translation(parsed):
                # What the browser CMS writes for a language nobody filled in yet.
                self.log.warn(path, 1, "no title and no text: treated as not translated yet; fill it in, or delete the file")
                continue
            meta = self._validate_document(path, folder, DOCUMENT_FOLDERS[folder], parsed.raw)
            if meta is None:
                self._unvalidated_record(folder, path, DOCUMENT_FOLDERS[folder], parsed.raw)
                continue
            rel = self.log.rel(path)
            self._document_paths[rel] = path
            key = (folder, meta.slug, meta.lang)
            if key in seen:
                self.log.error(
                    path,
                    parsed.raw.lines.get("slug", 1),
                    f"'{meta.slug}' in language '{meta.lang}' is also written in {seen[key]}; give one of them another slug or lang",
                )
                continue
            seen[key] = rel
            valid.append((folder, path, rel, parsed, meta))
        self._share_embargoes(valid)
        for folder, path, rel, parsed, meta in valid:
            hidden = self._hidden_reason(meta)
            entry = Entry(meta=meta, html=parsed.html or "", path=rel, kind=folder, preview_only=hidden, files=list(parsed.files))
            entry.updated = self._document_updated(path, meta)
            if parsed.links:
                self.links[rel] = (meta.lang, parsed.links)
            if hidden and not self.preview:
                # Left out of the site, but its references are still checked: an embargoed
                # release must not fail the build on the morning its embargo lifts.
                self.removed_docs[folder].append(rel)
                self._hidden_entries.append(entry)
                continue
            item = items.setdefault(folder, {}).setdefault(meta.slug, Item(kind=folder, slug=meta.slug))
            # A stub marked `untranslated: true` is no translation: readers get the original.
            (item.stubs if meta.untranslated else item.entries)[meta.lang] = entry
        for by_slug in items.values():
            for item in by_slug.values():
                if not item.entries:  # nothing but stubs: show them rather than nothing
                    item.entries, item.stubs = item.stubs, {}
        return items

    def _share_embargoes(self, valid: list[tuple[str, str, str, Any, Any]]) -> None:
        """An embargo holds for every language of a release: a translation without `embargo:`
        gets its other languages' embargo; languages that give different embargoes stop the build."""
        by_item: dict[tuple[str, str], list[tuple[str, Any]]] = defaultdict(list)
        for folder, path, _rel, _parsed, meta in valid:
            if "embargo" in meta.__dict__:  # a press release (hasattr: pydantic's slow miss for the rest)
                by_item[(folder, meta.slug)].append((path, meta))
        for versions in by_item.values():
            given = [(path, meta) for path, meta in versions if meta.embargo is not None]
            if not given:
                continue
            first_path, first = given[0]
            for path, meta in given[1:]:
                if meta.embargo != first.embargo:
                    self.log.error(
                        path,
                        self._raw_line(meta, "embargo"),
                        f"'embargo' ({meta.embargo.isoformat()}) differs from the one in {self.log.rel(first_path)} "
                        f"({first.embargo.isoformat()}); an embargo holds for every language, so give them the same time",
                    )
            for _path, meta in versions:
                if meta.embargo is None:
                    meta.embargo = first.embargo

    def _raw_line(self, meta: Any, field: str) -> int:
        raw = self._raw.get(("press", f"{meta.slug}.{meta.lang}"))
        return raw.lines.get(field, 1) if isinstance(raw, LineDict) else 1

    def _check_release_times(self, path: str, obj: Any, meta: LineDict) -> None:
        """`embargo` and `date` must carry the offset the region's zone has on that day (a
        winter embargo written with +02:00 lifts an hour early); a `date` after the embargo warns."""
        zone_name = str(self.zone.key)
        for name in ("embargo", "date"):
            value = getattr(obj, name, None)
            if not isinstance(value, datetime) or value.tzinfo is None:
                continue
            expected = offset_mismatch(value, self.zone)
            if expected is not None:
                self.log.error(
                    path,
                    meta.lines.get(name, 1),
                    f"'{name}' ({value.isoformat()}) does not match {zone_name}, which is at {expected.isoformat()[-6:]} on that day, "
                    f"so it means {value.astimezone(self.zone):%H:%M} there; write {expected.isoformat()}",
                )
        embargo, when = obj.embargo, obj.date
        if embargo is not None and isinstance(when, datetime) and when.tzinfo is not None and when > embargo:
            self.log.warn(
                path,
                meta.lines.get("date", 1),
                f"'date' ({when.isoformat()}) is later than 'embargo' ({embargo.isoformat()}); the release goes out at the embargo "
                "but says it was published later — set 'date' to the embargo time",
            )

    @staticmethod
    def _is_empty_translation(parsed: Any) -> bool:
        raw = parsed.raw
        html = parsed.html or ""
        if not isinstance(raw, dict) or (html and not html.isspace()):  # text in it (not strip(): a copy of every body)
            return False
        title = raw.get("title")
        return title is None or (isinstance(title, str) and not title.strip())

    def _hidden_reason(self, meta: Any) -> str | None:
        embargo = attribute_or(meta, "embargo")  # a press release's field
        if embargo is not None:
            self.embargoes.append(embargo)
        if meta.status == "draft":
            return "draft"
        if embargo is not None and embargo > self.now:
            return "embargo"
        return None

    def _validate_document(self, path: str, folder: str, model: type, meta: LineDict) -> Any:
        # Layering: file name gives slug and lang unless the front matter says otherwise.
        file_name = os.path.basename(path)
        ending = path_suffix(file_name)
        name = file_name[: -len(ending)]
        stem, _, suffix = name.rpartition(".")
        file_lang = suffix if stem and len(suffix) in (2, 3) and suffix.isalpha() else None
        file_slug = stem if file_lang else name
        if file_lang and file_lang not in self.codes:
            lower = file_lang.lower()  # `.EN.md`, or a country's code for its language (`.se.md`)
            close = lower if lower in self.codes else _LANGUAGE_OF.get(lower)
            close = close if close in self.codes else next(iter(difflib.get_close_matches(lower, self.codes, n=1)), None)
            fix = f"did you mean '{close}'? Rename the file to {stem}.{close}{ending}" if close else "rename the file or add the language"
            self.log.error(path, 1, f"the file name says language '{file_lang}', which is not configured ({', '.join(self.codes)}); {fix}")
            return None
        if "lang" in meta and file_lang and meta["lang"] != file_lang:
            self.log.error(
                path, meta.lines.get("lang", 1), f"'lang: {meta['lang']}' contradicts the file name (.{file_lang}.md); make them the same"
            )
            return None
        data = copy_positions(meta, LineDict(meta))
        data.line = 1
        data.setdefault("lang", file_lang or self.codes[0])
        if "slug" not in data:  # slugify only when the front matter gives no slug
            data["slug"] = _slug_from_name(file_slug)
        if data["lang"] not in self.codes:
            self.log.error(
                path, meta.lines.get("lang", 1), f"'lang: {data['lang']}' is not a configured language ({', '.join(self.codes)}); use one of them"
            )
            return None
        obj = self._validate(path, None, model, data)
        if obj is None:
            return None
        if obj.template is not None and obj.template not in self._templates:
            self.log.error(path, meta.lines.get("template", 1), _unknown_template(obj.template, self._templates))
            return None
        if isinstance(obj, PressRelease):
            self._check_release_times(path, obj, meta)
        self._localize_dates(obj)
        self._raw[(folder, f"{obj.slug}.{obj.lang}")] = data
        self.sources[(folder, f"{obj.slug}.{obj.lang}")] = (self.log.rel(path), 1)
        return obj

    @cached_property
    def _templates(self) -> list[str]:
        return document_templates(self.settings)

    def _localize_dates(self, obj: Any) -> None:
        """A date without time or offset is read in the region's time zone; a plain date becomes
        the region's midnight, and the model remembers it named a day (shown without a time)."""
        zone = self.zone
        for name in ("date", "modified"):
            value = getattr(obj, name, None)
            if isinstance(value, datetime) and value.tzinfo is None:
                setattr(obj, name, value.replace(tzinfo=zone))
            elif isinstance(value, date) and not isinstance(value, datetime):
                setattr(obj, name, datetime.combine(value, time(0, 0), tzinfo=zone))
                obj.written_as_day.add(name)

    # ---------------------------------------------------------------- last updated
    def _committed(self, path: Path | str) -> datetime | None:
        text, root = str(path), str(self.content) + os.sep
        if not text.startswith(root):  # what Path.relative_to refuses (with a string prefix: 10x quicker)
            return None
        return self.history.time_of(text[len(root) :].replace(os.sep, "/"))

    def _document_updated(self, path: str, meta: Any) -> LastUpdated | None:
        """`modified` when written, else the file's last commit (not before it was published)."""
        days = meta.written_as_day
        modified = moment(meta.modified, self.zone, "modified" in days)
        published = moment(meta.date, self.zone, "date" in days, source="published")
        embargo = attribute_or(meta, "embargo")  # a press release's field
        if embargo is not None and (published is None or embargo > published.when):
            published = moment(embargo, self.zone, source="published")
        return last_updated(modified, self._committed(path), published, self.zone)

    def data_updated(self) -> dict[tuple[str, str], LastUpdated]:
        """The same for YAML records (events, companies, jobs…): every record of a file that
        holds a list shares that file's last commit; a job is not updated before it was posted."""
        found = {}
        for key, path in self._files.items():
            obj = self._objects.get(key)
            if obj is None:
                continue
            fields = obj.__dict__  # a pydantic model's fields (getattr misses slowly where a kind has none)
            modified = moment(fields.get("modified"), self.zone)
            published = moment(fields.get("posted"), self.zone, source="published")
            updated = last_updated(modified, self._committed(path), published, self.zone)
            if updated is not None:
                found[key] = updated
        return found

    def _check_image(self, path: Path | str, line: int | Callable[[], int], src: str | None, field: str = "image") -> None:
        """Every image field passes the one gate (trust/files.py): inside content/, an image.
        `line` may be a function: the line is looked up only for a message."""
        if not src:
            return
        try:
            self.files.check(src)
        except Refused as refused:
            self.log.error(path, line() if callable(line) else line, f"{field} '{src}' {refused}")

    # ---------------------------------------------------------------- references
    def check_references(self, site: Site) -> None:
        """The core's reference checks, then every feature plugin's (signal `check_references`);
        their errors join the log, so one build reports every mistake."""
        self.sources[("region", "region")] = (self.log.rel(single_data_file(self.content, "region")), 1)
        refs = References(
            site=site,
            log=self.log,
            raw=self._raw,
            failed=self._failed,
            # Drafts and embargoed documents, and documents whose text has a mistake (their
            # front matter was read): not published, but their references are checked now.
            hidden=self._hidden_entries + self._unpublishable,
            check_file=lambda path, line, src, field: self._check_image(path, line, src, field),
            settings_file=str(self.settings.get("HOMEWARD_SETTINGS_FILE", "pelicanconf.py")),
            causes=self._causes,
        )
        check_core(refs)
        signals.check_references.send(refs)
        refs.check_unvalidated(self._unvalidated)
        refs.finish()

    def _find_placeholders(self, site: Site) -> None:
        """Texts `invoke new` wrote that are still there: a warning where the build publishes
        them; remembered for `check` where it holds them back (drafts, embargoes)."""
        codes = self.codes
        slot = ("placeholders", tuple(codes))
        entries = [e for by_slug in site.items.values() for item in by_slug.values() for e in item.entries.values()]
        hidden = {id(entry) for entry in self._hidden_entries}  # `in` the list compared whole entries
        for entry in entries + self._hidden_entries:
            if entry.meta.untranslated:
                continue  # a stub: readers get the original (check lists it as untranslated)
            path = self._document_paths.get(entry.path) or str(self.content.parent / entry.path)
            found = self._derived(path, slot, lambda entry=entry, path=path: self._document_placeholders(entry, path))
            held = entry.preview_only is not None or id(entry) in hidden
            for hit in found:
                error = ContentError(entry.path, hit.line, hit.message(), warning=True)
                (site.held_back_placeholders if held else site.placeholders).append(error)
        for name in DATA_COLLECTIONS:
            for record_id in getattr(site, name, {}) or {}:
                path, _line = self.sources.get((name, record_id), ("content", 1))
                raw = self._raw.get((name, record_id))
                origin = self._record_at.get((name, record_id))
                if origin is None:  # a record from outside content/ (job boards)
                    hits = placeholders.in_record(raw, codes)
                else:
                    hits = self._derived(origin[0], ("placeholders", origin[1], tuple(codes)), lambda raw=raw: placeholders.in_record(raw, codes))
                for hit in hits:
                    site.placeholders.append(ContentError(path, hit.line, hit.message(), warning=True))
        for error in site.placeholders:
            self.log.items.append(error)

    def _document_placeholders(self, entry: Entry, path: Path | str) -> list[placeholders.Found]:
        """Placeholders in a Markdown file's front matter and text (a function of the file)."""
        found = placeholders.in_record(self._raw.get((entry.kind, f"{entry.slug}.{entry.lang}")), self.codes)
        text = html.unescape(entry.html)
        if placeholders.may_hold(text) and any(placeholders.in_text(line, []) for line in text.splitlines()):
            parsed = self.parsed.get(str(path))
            first = parsed.body_line if parsed is not None else 1
            found += placeholders.in_body("\n".join(self.log.source_lines(entry.path)[first - 1 :]), first, [])
        return found

    def time_boundaries(self, site: Site) -> list[datetime]:
        """Instants at which the output changes by itself: an embargo lifts, a job expires
        (the day after `valid_through`, in the region's time zone), an event starts or ends."""
        zone = ZoneInfo(site.region.timezone)
        found = list(self.embargoes)
        for job in site.jobs.values():
            found.append(datetime.combine(job.valid_through + timedelta(days=1), time(0, 0), tzinfo=zone))
        for event in site.events.values():
            found += [event.start, event.end]
        return found

    def add_outside_records(self, region: Region, collections: dict[str, dict[str, Any]]) -> DataContext:
        """Records that plugins bring from outside content/ (imported job ads), after the
        hand-written ones: an id that content/ already uses keeps the hand-written record."""
        context = DataContext(self.settings, region, collections, self.now, self.preview)
        for _receiver, result in signals.data_loaded.send(context):
            for name, records in (result or {}).items():
                target = collections[name]
                for obj, where in records:
                    if obj.id in target:
                        continue
                    target[obj.id] = obj
                    self.sources[(name, obj.id)] = (where, 1)
        return context

    # ---------------------------------------------------------------- all
    def load(self) -> Site:
        self._raw: dict[tuple[str, str], Any] = {}
        self._failed: dict[str, set[str]] = defaultdict(set)
        self._hidden_entries: list[Entry] = []
        self._unpublishable: list[Entry] = []  # documents whose text has a mistake
        self._causes: list[Cause] = []  # mistakes that make references fail (references.Cause)
        self._unvalidated: list[tuple[str, str, LineDict]] = []  # records read, with a mistake: (kind, path, fields)
        self.removed_docs: dict[str, list[str]] = defaultdict(list)
        self.links: dict[str, tuple[str, list[tuple[str, int]]]] = {}
        self.embargoes: list[datetime] = []
        self._files: dict[tuple[str, str], Path] = {}
        self._document_paths: dict[str, str] = {}  # a document's path as shown (Entry.path) → as read
        self._record_at: dict[tuple[str, str], tuple[Path, int | None]] = {}  # YAML record → file, index in its list
        scan = ContentScan(self.content)  # one walk of content/ for what follows
        for path in scan.undecodable_names():
            self.log.error(
                path,
                1,
                "the file name is not valid UTF-8 (it was saved by a program using another encoding); "
                "rename the file, e.g. with letters a-z, digits and hyphens only",
            )
        # git walks the history (history.py) while the files are parsed.
        pending = PendingHistory(self.content)
        documents = scan.documents()
        self._data_paths = {name: scan.data_paths(name) for name in ["region", *DATA_COLLECTIONS]}
        tasks = [("yaml", str(p)) for paths in self._data_paths.values() for p in paths]
        tasks += [("markdown", path) for _folder, path in documents]
        for path, message in scan.unread_files({path for _kind, path in tasks}):
            self.log.warn(path, 1, message)
            self._unread_cause(path, message)
        base = urlparse(str(self.settings.get("SITEURL") or "")).path.rstrip("/")
        self.parsed = {p.path: p for p in parse_all(tasks, str(self.content), self.cache, self.memo, base=base)}
        self.history: ContentHistory = pending.result()
        region = self.load_region()
        # Dates written without a time zone are read in the region's (else the settings').
        self.zone = ZoneInfo(region.timezone if region else defaults.timezone(self.settings))
        collections = {name: self.load_collection(name, model) for name, model in DATA_COLLECTIONS.items()}
        items = self.load_documents(documents)
        if region is None:
            raise BuildFailed(self.log.errors + self.log.warnings)
        outside = self.add_outside_records(region, collections)
        jobs = collections["jobs"]
        removed = defaultdict(list, {k: list(v) for k, v in self.removed_docs.items()})
        today = self.now.astimezone(ZoneInfo(region.timezone)).date()
        self.expired_jobs = []
        for job_id in sorted(jobs):
            if jobs[job_id].valid_through < today and not self.preview:
                removed["jobs"].append(job_id)
                self.expired_jobs.append(jobs.pop(job_id))
        site = Site(
            settings=self.settings,
            languages=self.languages,
            now=self.now,
            preview=self.preview,
            region=region,
            organisations=collections["organisations"],
            contacts=collections["contacts"],
            companies=collections["companies"],
            events=collections["events"],
            jobs=jobs,
            sectors=collections["sectors"],
            tags=collections["tags"],
            items=items,
            sources=self.sources,
            removed=removed,
            brand={k: v for k, v in (self.settings.get("BRAND") or {}).items() if isinstance(v, str)},
            files=self.files,
            links=self.links,
        )
        site.time_boundaries = self.time_boundaries(site) + outside.time_boundaries
        site.inputs_due = any(t <= self.now for t in outside.time_boundaries)
        site.notices = outside.notices
        self._objects = {(name, obj_id): obj for name, objects in collections.items() for obj_id, obj in objects.items()}
        site.updated = self.data_updated()
        site.history = self.history
        self.check_references(site)
        site.held_back = [
            HeldBack(e.kind, e.slug, e.lang, e.path, e.preview_only or "", getattr(e.meta, "embargo", None), e.meta.untranslated)
            for e in self._hidden_entries
        ]
        self._find_placeholders(site)
        if self.log.errors:
            raise BuildFailed(self.log.errors + self.log.warnings)
        site.build_indexes()
        return site


_MISSING = object()

# What people write for a language in a file name instead of its code: a country code, or
# the language's three letters.
_LANGUAGE_OF = {"no": "nb", "nor": "nb", "nob": "nb", "se": "sv", "swe": "sv", "gb": "en", "uk": "en", "eng": "en", "us": "en"}


def _slug_from_name(name: str) -> str:
    from slugify import slugify

    return slugify(name) or name


_EXTENDS_DOCUMENT = re.compile(r"""\{%-?\s*extends\s+["'](?:page|article)\.html["']""")


def document_templates(settings: dict[str, Any]) -> list[str]:
    """What `template:` may name: the theme's page and article templates and the templates
    that extend them (accessibility, privacy, …), and every template of THEME_OVERRIDES."""
    names = {"page", "article"}
    if settings.get("THEME"):
        for path in (Path(settings["THEME"]) / "templates").glob("*.html"):
            if _EXTENDS_DOCUMENT.search(path.read_text(encoding="utf-8")[:500]):
                names.add(path.stem)
    if settings.get("THEME_OVERRIDES"):
        names |= {path.stem for path in Path(settings["THEME_OVERRIDES"]).glob("*.html")}
    return sorted(names)


def _unknown_template(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    guess = f"did you mean '{close[0]}'? " if close else ""
    return f"'template: {value}' is not a page template of the theme; {guess}use one of {', '.join(known)}, or leave 'template' out"
