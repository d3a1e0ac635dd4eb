"""`homeward new <kind> --title "…"`: a new item that builds at once, with stubs in the other languages.

A communicator should see their new page in the preview straight away, not an error, so
every file written here validates: required fields hold placeholders, references point at
things that exist (the region's first municipality, the first company). Articles and press
releases start as drafts so nothing goes live by accident; companies, events and jobs have
no draft state, so the message says plainly that they are published at the next build.
"""

from __future__ import annotations

import json
import re
import sys
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from . import defaults
from .build import build_time
from .discovery import DATA_COLLECTIONS, DOCUMENT_FOLDERS, data_paths, single_data_file
from .keys import a
from .model.data import COUNTRY_ZONES
from .placeholders import PLACEHOLDERS, marked
from .sourcefile import SourceError, parse_yaml, read_text

# Kind on the command line → content folder (Markdown) or data collection (YAML).
MARKDOWN_KINDS = {"article": "articles", "press": "press", "page": "pages", "story": "stories"}
DATA_KINDS = {"company": "companies", "event": "events", "job": "jobs"}
DRAFT_KINDS = {"article", "press"}
NOUNS = {
    "article": "news article",
    "press": "press release",
    "page": "page",
    "story": "story",
    "company": "company",
    "event": "event",
    "job": "job",
}
JOB_DAYS = 30  # a new job stays on the site this long unless valid_through is changed
EVENT_HOURS = (18, 20)  # placeholder start and end time, local time


class ScaffoldError(Exception):
    """A reason not to write anything; printed as one line and exit status 2."""


class _Dumper(yaml.SafeDumper):
    """YAML the way our docs write it: block style, UTF-8 text, `2026-11-24T09:30:00+01:00`."""


def _represent_datetime(dumper: yaml.SafeDumper, value: datetime) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(datetime, _represent_datetime)


def _yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)


@dataclass
class Plan:
    """What `new` will write, decided before anything touches the disk."""

    kind: str
    slug: str
    files: dict[Path, str] = field(default_factory=dict)  # path → text, first one is the original
    url_path: str = ""


@dataclass
class RegionFacts:
    """The few region facts a placeholder needs."""

    zone: ZoneInfo
    municipality: str | None


def scaffold(settings: dict[str, Any], kind: str, title: str, lang: str | None) -> int:
    """Write a new item of `kind`; print what was written and what to edit next. 0 = done, 2 = refused."""
    try:
        plan = make_plan(settings, kind, title, lang)
        _refuse_existing(plan, Path(settings["PATH"]))
    except ScaffoldError as exc:
        print(f"new: {exc}", file=sys.stderr)
        return 2
    for path, text in plan.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(_report(plan, Path(settings["PATH"])))
    return 0


def make_plan(settings: dict[str, Any], kind: str, title: str, lang: str | None) -> Plan:
    """Decide the files and their text; raises ScaffoldError for anything a person must fix first."""
    codes = [language.code for language in defaults.languages(settings)]
    first = lang or codes[0]
    if first not in codes:
        raise ScaffoldError(f"--lang {first} is not a configured language ({', '.join(codes)}); use one of them")
    title = title.strip()
    slug = make_slug(title)
    content = Path(settings["PATH"])
    region = _region(content, settings)
    now = build_time(settings).astimezone(region.zone).replace(second=0, microsecond=0)
    order = [first] + [code for code in codes if code != first]
    if kind in MARKDOWN_KINDS:
        return in_file_format(_markdown_plan(kind, title, slug, order, content, region, now), codes)
    if kind in DATA_KINDS:
        return in_file_format(_data_plan(kind, title, slug, order, content, region, now), codes)
    raise ScaffoldError(f"unknown kind '{kind}'; use one of {', '.join([*MARKDOWN_KINDS, *DATA_KINDS])}")


def make_slug(title: str) -> str:
    """The id/slug of a title: æ→ae, ø→o, å→a, ä→a, ö→o, lowercase, hyphens."""
    from slugify import slugify

    slug = slugify(title, max_length=80, word_boundary=True)
    if not slug:
        raise ScaffoldError(f"the title {title!r} has no letters or digits to make a file name from; give a real title")
    return slug


# ---------------------------------------------------------------- region facts


def _region(content: Path, settings: dict[str, Any]) -> RegionFacts:
    """The region's zone and first municipality, found by the loader's rules: region.yaml or
    region.yml; `timezone`, else the zone of its `country` (as the Region model does)."""
    path = single_data_file(content, "region")
    raw = _read(path) if path.exists() else None
    raw = raw if isinstance(raw, dict) else {}
    zone_name = raw.get("timezone") or COUNTRY_ZONES.get(str(raw.get("country")), defaults.timezone(settings))
    try:
        zone = ZoneInfo(str(zone_name))
    except (ZoneInfoNotFoundError, ValueError):
        raise ScaffoldError(f"{path}: timezone '{zone_name}' is not a known time zone; fix it first (e.g. Europe/Oslo)") from None
    municipalities = [m.get("id") for m in raw.get("municipalities") or [] if isinstance(m, dict) and m.get("id")]
    return RegionFacts(zone=zone, municipality=municipalities[0] if municipalities else None)


def _read(path: Path) -> Any:
    try:
        return parse_yaml(read_text(path))
    except SourceError as exc:
        raise ScaffoldError(f"{path}:{exc.line}: {exc.message}; fix it first") from None


def _records(content: Path, collection: str) -> list[dict[str, Any]]:
    """The records of a collection in every file the loader reads for it (a list or one per file)."""
    found = []
    for path in data_paths(content, collection):
        raw = _read(path)
        found += [record for record in (raw if isinstance(raw, list) else [raw]) if isinstance(record, dict)]
    return found


def _data_ids(content: Path, collection: str) -> list[str]:
    """Ids already used in the collection's files (`data/<collection>.yaml`, `data/<collection>/*.yaml`, .yml too)."""
    ids: list[str] = []
    for record in _records(content, collection):
        if isinstance(record.get("id"), str):
            ids.append(record["id"])
    return ids


def _company_website(content: Path, company: str) -> str | None:
    for record in _records(content, "companies"):
        if record.get("id") == company and isinstance(record.get("website"), str):
            return record["website"]
    return None


# ---------------------------------------------------------------- Markdown


def _markdown_plan(
    kind: str, title: str, slug: str, order: list[str], content: Path, region: RegionFacts, now: datetime
) -> Plan:
    folder_name = MARKDOWN_KINDS[kind]
    assert folder_name in DOCUMENT_FOLDERS, folder_name
    folder = content / folder_name
    section = DOCUMENT_FOLDERS[folder_name].section
    first = order[0]
    plan = Plan(kind=kind, slug=slug, url_path=f"/{first}/{section}/{slug}/" if section else f"/{first}/{slug}/")
    for code in order:
        stub = code != first
        mark = marked("", code) if stub else ""
        meta: dict[str, Any] = {"title": mark + title, "slug": slug}
        if kind != "page":  # a dated page would be announced as an article (og:type)
            meta["date"] = now
        meta["summary"] = mark + _SUMMARY[kind]
        if kind in ("article", "press"):
            meta["tags"] = []
        if kind == "story":
            meta["person"] = {"name": PLACEHOLDERS["person_name"], "role": mark + PLACEHOLDERS["person_role"], "from": mark + PLACEHOLDERS["person_from"]}
            if region.municipality:
                meta["municipality"] = region.municipality
            meta["quote"] = mark + PLACEHOLDERS["story_quote"]
        if kind in DRAFT_KINDS:
            meta["status"] = "draft"
        if stub:
            meta["untranslated"] = True
        body = _BODY_STUB.format(original=f"{slug}.{first}.md") if stub else _BODY[kind]
        text = "---\n" + _yaml(meta) + ("" if stub else _OPTIONAL[kind]) + "---\n" + body
        plan.files[folder / f"{slug}.{code}.md"] = text
    return plan


# Every text to replace comes from PLACEHOLDERS, which `check` looks for (placeholders.py).
_SUMMARY = {kind: PLACEHOLDERS[f"{kind}_summary"] for kind in MARKDOWN_KINDS}
_BODY = {kind: PLACEHOLDERS[f"{kind}_body"] + "\n" for kind in MARKDOWN_KINDS}
_BODY["press"] = PLACEHOLDERS["press_body"] + "\n\n## About\n\nUse ## for headings.\n"
_BODY_STUB = PLACEHOLDERS["stub_body"] + "\n"
_OPTIONAL = {
    "article": (
        "# Optional — remove the # to use:\n"
        "# image:\n#   src: images/photos/example.jpg\n#   alt: What the picture shows, for people who cannot see it\n"
        "# companies: [company-id]\n"
    ),
    "press": (
        "# Optional — remove the # to use:\n"
        "# embargo: 2027-01-15T09:00:00+01:00   # hidden everywhere until then\n"
        "# contacts: [contact-id]\n# about: organisation-id\n# pdf: true\n"
        "# quotes:\n#   - text: What they said.\n#     person: contact-id\n"
    ),
    "page": "# Optional — remove the # to use:\n# menu: 50   # place in the main menu\n",
    "story": "# Optional — remove the # to use:\n# company: company-id\n",
}


# ---------------------------------------------------------------- YAML data


def _data_plan(kind: str, title: str, slug: str, order: list[str], content: Path, region: RegionFacts, now: datetime) -> Plan:
    collection = DATA_KINDS[kind]
    assert collection in DATA_COLLECTIONS, collection
    if slug in _data_ids(content, collection):
        raise ScaffoldError(f"{a(NOUNS[kind])} with id '{slug}' already exists in content/data/; choose another title")
    first = order[0]

    def localized(text: str) -> dict[str, str]:
        return {code: text if code == first else marked(text, code) for code in order}

    today = now.date()
    data: dict[str, Any] = {"id": slug}
    optional = "# Optional — remove the # to use:\n"
    if kind == "company":
        data["name"] = title
        if region.municipality:
            data["municipality"] = region.municipality
        data |= {"sectors": [], "hiring": False, "remote_friendly": False}
        data["description"] = localized(PLACEHOLDERS["company_description"])
        optional += "# website: https://example.org/\n# logo: images/logos/example.png\n# employees: 10\n# address: Street 1, 1234 Town\n# contact: contact-id\n"
    elif kind == "event":
        day = _next_month(today)
        start_hour, end_hour = EVENT_HOURS
        data["title"] = localized(title)
        data["start"] = datetime.combine(day, time(start_hour), tzinfo=region.zone)
        data["end"] = datetime.combine(day, time(end_hour), tzinfo=region.zone)
        data["location"] = {"name": PLACEHOLDERS["event_place"]}
        if region.municipality:
            data["location"]["municipality"] = region.municipality
        data |= {"attendance": "offline", "status": "scheduled"}
        data["description"] = localized(PLACEHOLDERS["event_description"])
        optional += "# registration_url: https://example.org/register\n# organisers: [organisation-id]\n# companies: [company-id]\n"
    else:  # job
        companies = sorted(_data_ids(content, "companies"))
        if not companies:
            raise ScaffoldError("a job needs a company and there is none yet; run `invoke new company --title \"…\"` first")
        data["title"] = localized(title)
        data["company"] = companies[0]
        if region.municipality:
            data["municipality"] = region.municipality
        data |= {"employment_type": "FULL_TIME", "remote": False, "posted": today, "valid_through": today + timedelta(days=JOB_DAYS)}
        data["apply_url"] = _company_website(content, companies[0]) or PLACEHOLDERS["web_address"]
        data["description"] = localized(PLACEHOLDERS["job_description"])
    text = f"# A new {NOUNS[kind]}; every field is explained in docs/content-model.md.\n" + _yaml(data)
    if kind != "job":
        text += optional
    plan = Plan(kind=kind, slug=slug, url_path=f"/{first}/{collection}/{slug}/")
    plan.files[content / "data" / collection / f"{slug}.yaml"] = text
    return plan


def _next_month(today: date) -> date:
    """The same day next month (the last day when next month is shorter)."""
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return date(year, month, min(today.day, monthrange(year, month)[1]))


# ---------------------------------------------------------------- checks and messages


def _refuse_existing(plan: Plan, content: Path) -> None:
    """Never overwrite: any file of the new item (in any language) that exists stops us."""
    taken = [path for path in plan.files if path.exists()]
    if plan.kind in MARKDOWN_KINDS:
        folder = content / MARKDOWN_KINDS[plan.kind]
        taken += [path for path in (folder / f"{plan.slug}.md",) if path.exists()]
    if taken:
        names = ", ".join(_rel(path, content) for path in taken)
        verb = "exists" if len(taken) == 1 else "exist"
        raise ScaffoldError(f"{names} already {verb}; nothing was written — edit it, or choose another title for a new {NOUNS[plan.kind]}")


def _rel(path: Path, content: Path) -> str:
    try:
        return path.resolve().relative_to(content.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def _report(plan: Plan, content: Path) -> str:
    paths = list(plan.files)
    original = _rel(paths[0], content)
    lines = [f"Created {a(NOUNS[plan.kind])}:", f"  {original}"]
    lines += [f"  {_rel(path, content)}   (translation stub, marked untranslated: true)" for path in paths[1:]]
    steps = []
    if plan.kind in MARKDOWN_KINDS:
        steps.append(f"Edit the title, summary and text in {original}.")
        if len(paths) > 1:
            steps.append("Translate the stubs and remove 'untranslated: true' (`invoke check` lists what is left).")
    else:
        steps.append(f"Replace every placeholder in {original}; the texts marked [sv], [en] … need translating.")
    steps.append(f"Preview it: `invoke serve`, then open http://127.0.0.1:8000{plan.url_path}")
    lines.append("Next:")
    lines += [f"  {number}. {step}" for number, step in enumerate(steps, 1)]
    if plan.kind in DRAFT_KINDS:
        lines.append("It is a DRAFT (status: draft), so it is not published until you change it to 'status: published'.")
    elif plan.kind in MARKDOWN_KINDS:
        lines.append("Note: it is PUBLISHED at the next build; add 'status: draft' to hold it back while you write.")
    else:
        lines.append(f"Note: {a(NOUNS[plan.kind])} has no draft state; it is PUBLISHED at the next build, placeholders and all.")
    return "\n".join(lines)


# ---------------------------------------------------------------- the one file format


_COMMENTED_KEY = re.compile(r"^# ?([a-z_]+):")


def in_file_format(plan: Plan, codes: list[str]) -> Plan:
    """The files in the form the CMS and `invoke fmt` write (fileformat.py), so a CMS save of a
    new item changes nothing. The guidance the templates give as comments (which a CMS save
    would drop) goes into the item's `note`: where fields are explained, which optional
    fields exist."""
    from .fileformat import format_data, format_markdown

    model = DATA_COLLECTIONS.get(DATA_KINDS.get(plan.kind, "")) or DOCUMENT_FOLDERS.get(MARKDOWN_KINDS.get(plan.kind, ""))
    assert model is not None, plan.kind
    for path, text in plan.files.items():
        kept, optional, said = [], [], []
        for line in text.split("\n"):
            if not line.startswith("#") or (path.suffix == ".md" and kept.count("---") >= 2):
                kept.append(line)  # in Markdown, the text after the front matter is kept as it is
                continue
            key = _COMMENTED_KEY.match(line)
            if key:
                optional.append(key.group(1))
            elif "remove the #" not in line and not line.startswith("#  "):  # not a commented-out value
                said.append(line.lstrip("# ").strip())
        if said or optional:
            note = " ".join(said + ([f"Optional fields you may add: {', '.join(optional)}."] if optional else []))
            at = kept.index("---", 1) if path.suffix == ".md" else len(kept) - (1 if kept and kept[-1] == "" else 0)
            kept.insert(at, "note: " + json.dumps(note, ensure_ascii=False))
        text = "\n".join(kept)
        if path.suffix == ".md":
            lang = path.name.split(".")[-2]
            plan.files[path] = format_markdown(text, model, codes, lang).text
        else:
            plan.files[path] = format_data(text, model, codes).text
    return plan
