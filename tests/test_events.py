"""Issue 4: events — calendar, event pages, JSON-LD and iCalendar, on real builds."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from cldr import LOCALES, day_range, long_date, month_heading
from cldr import range_text as cldr_range
from conftest import NOW, ROOT, Build, build_site, copy_content, soup
from icalendar import Calendar

LANGS = ["nb", "sv", "en"]
EVENTS = ROOT / "content" / "data" / "events"
DST = "try-living-weekend-2027"  # across the switch to summer time, with sessions
CANCELLED = "remote-work-breakfast-2027"
MIXED = "career-evening-fjallsta-2027"  # on site and online, Europe/Stockholm
PAST = "job-fair-2026"


class Record(dict):
    """A YAML mapping read with plain PyYAML, its keys also readable as attributes."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _record(value):
    if isinstance(value, dict):
        return Record({key: _record(inner) for key, inner in value.items()})
    if isinstance(value, list):
        return [_record(inner) for inner in value]
    return value


def read_yaml(path: Path):
    """Plain PyYAML, not Homeward's loader: the expected values do not come from the code under test."""
    return _record(yaml.safe_load(path.read_text(encoding="utf-8")))


def yaml_events() -> dict:
    """The sample events as written in their files (the source of truth for the tests)."""
    events = {}
    for path in sorted(EVENTS.glob("*.yaml")):
        event = read_yaml(path)
        assert {"timezone", "attendance", "status", "organisers", "companies"} <= set(event), f"{path}: write every field the tests compare"
        events[event.id] = event
    return events


def region_timezone() -> str:
    return read_yaml(ROOT / "content" / "data" / "region.yaml")["timezone"]



def listed(page: BeautifulSoup) -> list[str]:
    """Event ids in the order a list page shows them."""
    return [a["href"].rstrip("/").rsplit("/", 1)[1] for a in page.select("main .event-title a")]


def jsonld_events(page: BeautifulSoup) -> list[dict]:
    found = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    return [d for d in found if d.get("@type") == "Event"]


def calendar(build: Build, rel: str) -> Calendar:
    return Calendar.from_ical((build.output / rel).read_bytes())


def upcoming_ids(now: str) -> list[str]:
    moment = datetime.fromisoformat(now)
    events = sorted(yaml_events().values(), key=lambda e: e.start)
    return [e.id for e in events if e.end >= moment]


@pytest.fixture(scope="module")
def later(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The sample built during the try-living weekend: one event on, two over."""
    out = tmp_path_factory.mktemp("later") / "output"
    result = build_site(out, env={"HOMEWARD_NOW": "2027-03-27T12:00:00+01:00"})
    assert result.returncode == 0, result.stderr
    return result


# ---------------------------------------------------------------- calendar pages


# CLDR's month-and-year (Babel's output), first letter capitalised by Homeward: see tests/cldr.py.
MONTHS = {code: [month_heading(2027, month, LOCALES[code]) for month in (2, 3, 5)] for code in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_calendar_lists_upcoming_soonest_first_grouped_by_month(sample, lang):
    page = soup(sample, f"{lang}/events/index.html")
    assert listed(page) == upcoming_ids(NOW) == [CANCELLED, DST, MIXED]
    assert [h.get_text() for h in page.select("main section[aria-labelledby^=month-] h2")] == MONTHS[lang]
    assert [h["id"] for h in page.select("main h2[id^=month-]")] == ["month-2027-02", "month-2027-03", "month-2027-05"]
    past = soup(sample, f"{lang}/events/past/index.html")
    assert listed(past) == [PAST]
    assert past.select_one("main h2[id^=month-]")["id"] == "month-2026-09"


def test_past_and_upcoming_follow_build_time(sample, later):
    # At the sample's "now" the fair is over and the rest is to come.
    assert listed(soup(sample, "en/events/past/index.html")) == [PAST]
    # During the weekend: it is still upcoming (it has not ended), the breakfast is past.
    assert listed(soup(later, "en/events/index.html")) == upcoming_ids("2027-03-27T12:00:00+01:00") == [DST, MIXED]
    assert listed(soup(later, "en/events/past/index.html")) == [CANCELLED, PAST]  # most recent first
    uids = [str(e["UID"]) for e in calendar(later, "en/events/calendar.ics").walk("VEVENT")]
    assert uids == [f"{DST}@skarvfjell.homeward", f"{MIXED}@skarvfjell.homeward"]
    over = soup(later, f"en/events/{CANCELLED}/index.html")
    assert over.select_one("main p.notice[role=note]")
    assert not over.select_one("main .event-actions")


def test_home_and_calendar_agree_on_what_is_upcoming(sample):
    """The home page shows the calendar's next three events; a cancelled one stays, marked, so a
    reader who planned to go sees it (issue 14)."""
    cancelled_label = {"nb": "Avlyst", "sv": "Inställt", "en": "Cancelled"}
    for lang in LANGS:
        items = soup(sample, f"{lang}/index.html").select("main .event-list li")
        home = [li.a["href"].removeprefix(f"/{lang}/events/").rstrip("/") for li in items]
        calendar_ids = listed(soup(sample, f"{lang}/events/index.html"))
        assert home == calendar_ids[:3]
        assert home == [CANCELLED, DST, MIXED]
        marked = [li.a["href"].rstrip("/").rsplit("/", 1)[1] for li in items if cancelled_label[lang] in li.get_text()]
        assert marked == [CANCELLED], (lang, marked)


def test_events_section_is_in_the_main_menu(sample):
    for lang in LANGS:
        page = soup(sample, f"{lang}/events/index.html")
        link = page.select_one(f'nav.main-menu a[href="/{lang}/events/"]')
        assert link is not None and link.get("aria-current") == "page"


# ---------------------------------------------------------------- facets


def facet_links(page: BeautifulSoup, group: str) -> dict[str, str]:
    items = page.select(f"nav.facets ul[aria-labelledby=facet-{group}] a")
    return {a["href"]: a.get_text() for a in items}


def test_municipality_facets_are_static_pages_with_counts(sample):
    municipalities = read_yaml(ROOT / "content" / "data" / "region.yaml")["municipalities"]
    for lang in LANGS:
        for municipality in municipalities:
            assert sample.exists(f"{lang}/events/municipality/{municipality['id']}/index.html")
    calendar_page = soup(sample, "nb/events/index.html")
    assert facet_links(calendar_page, "municipality") == {
        "/nb/events/municipality/skarvik/": "Skarvik (1)",
        "/nb/events/municipality/havnoy/": "Havnøy (1)",
        "/nb/events/municipality/fjallsta/": "Fjällsta (1)",
    }
    skarvik = soup(sample, "nb/events/municipality/skarvik/index.html")
    assert listed(skarvik) == [DST]
    current = skarvik.select_one('nav.facets a[aria-current="page"]')
    assert current["href"] == "/nb/events/municipality/skarvik/"
    assert "Skarvik" in skarvik.h1.get_text()
    # A municipality without upcoming events still has its page, saying so.
    gransmo = soup(sample, "en/events/municipality/gransmo/index.html")
    assert listed(gransmo) == []
    assert "/en/events/municipality/gransmo/" in facet_links(gransmo, "municipality")
    assert gransmo.select_one("main > .wrap > p")


def test_attendance_facets_count_mixed_events_in_both(sample):
    page = soup(sample, "en/events/index.html")
    assert facet_links(page, "attendance") == {
        "/en/events/attendance/on-site/": "On site (3)",
        "/en/events/attendance/online/": "Online (1)",
    }
    assert listed(soup(sample, "en/events/attendance/online/index.html")) == [MIXED]
    assert listed(soup(sample, "en/events/attendance/on-site/index.html")) == [CANCELLED, DST, MIXED]
    assert facet_links(page, "when") == {"/en/events/": "Upcoming (3)", "/en/events/past/": "Past (1)"}


# ---------------------------------------------------------------- event page


# CLDR's form (Babel's output), not a literal: see tests/cldr.py.
DATES = {code: day_range(date(2027, 3, 26), date(2027, 3, 29), LOCALES[code]) for code in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_event_page_shows_dates_in_the_locale_and_the_events_time_zone(sample, lang):
    event = yaml_events()[DST]
    page = soup(sample, f"{lang}/events/{DST}/index.html")
    assert page.h1.get_text() == event.title[lang]
    assert page.select_one("main .article-header .lead").get_text() == DATES[lang]
    times = [t["datetime"] for t in page.select("main .event-facts time")]
    assert times == ["2027-03-26T09:00:00+01:00", "2027-03-29T16:00:00+02:00"]
    facts = page.select_one("main .event-facts").get_text()
    assert "09:00" in facts and "16:00" in facts
    sessions = page.select("main ol.programme > li")
    assert [s.h3.get_text() for s in sessions] == [s.title[lang] for s in event.sessions]
    sunday = sessions[2].select("time")
    assert [t["datetime"] for t in sunday] == ["2027-03-28T11:00:00+02:00", "2027-03-28T15:00:00+02:00"]
    assert [t.get_text() for t in sunday] == ["11:00", "15:00"]


def test_event_in_another_time_zone_names_it(sample):
    page = soup(sample, f"sv/events/{MIXED}/index.html")
    # The country and the offset that day, Homeward's wording (not CLDR's "Sverigetid").
    assert "Lokal tid i Sverige (UTC+2)" in page.select_one("main .event-facts").get_text()
    start, end = datetime.fromisoformat("2027-05-12T18:00:00+02:00"), datetime.fromisoformat("2027-05-12T20:30:00+02:00")
    assert page.select_one("main .lead").get_text() == cldr_range(start, end, LOCALES["sv"])  # "12 maj 2027, 18:00–20:30"


def test_event_page_links_organisers_companies_registration_and_ics(sample):
    event = yaml_events()[MIXED]
    organisations = {o["id"] for o in read_yaml(ROOT / "content" / "data" / "organisations.yaml")}
    page = soup(sample, f"nb/events/{MIXED}/index.html")
    organisers = [a["href"] for a in page.select("main section[aria-labelledby=organisers-heading] a")]
    assert organisers == [
        f"/nb/organisations/{o}/" if o in organisations else f"/nb/companies/{o}/" for o in event.organisers
    ]
    companies = [a["href"] for a in page.select("main section[aria-labelledby=companies-heading] a")]
    assert companies == [f"/nb/companies/{c}/" for c in event.companies]
    actions = {a.get_text(): a["href"] for a in page.select("main .event-actions a")}
    assert event.registration_url in actions.values()
    ics = next(href for href in actions.values() if href.endswith(".ics"))
    assert ics == f"/nb/events/{MIXED}.ics" and sample.exists(ics.lstrip("/"))
    online = [a["href"] for a in page.select("main .event-facts a")]
    assert online == [event.location.online_url]
    assert page.find("link", rel="alternate", type="text/calendar")["href"] == ics


def test_calendar_page_offers_a_subscription(sample):
    page = soup(sample, "nb/events/index.html")
    assert page.select_one("main .subscribe a")["href"] == "/nb/events/calendar.ics"
    assert page.find("link", rel="alternate", type="text/calendar")["href"] == "/nb/events/calendar.ics"


# ---------------------------------------------------------------- cancelled


@pytest.mark.parametrize("lang", LANGS)
def test_cancelled_event_is_marked_in_html_jsonld_and_ics(sample, lang):
    page = soup(sample, f"{lang}/events/{CANCELLED}/index.html")
    status = page.select_one("main [role=status]")
    assert status is not None and status.get_text(strip=True)
    assert not page.select_one("main .event-actions")  # no registration, no "add to calendar"
    (data,) = jsonld_events(page)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    (vevent,) = calendar(sample, f"{lang}/events/{CANCELLED}.ics").walk("VEVENT")
    assert vevent["STATUS"] == "CANCELLED"
    in_feed = {str(e["UID"]): str(e["STATUS"]) for e in calendar(sample, f"{lang}/events/calendar.ics").walk("VEVENT")}
    assert in_feed[f"{CANCELLED}@skarvfjell.homeward"] == "CANCELLED"
    assert set(in_feed.values()) == {"CANCELLED", "CONFIRMED"}
    item = next(h for h in soup(sample, f"{lang}/events/index.html").select("main .event-title") if CANCELLED in h.a["href"])
    assert item.select_one(".badge").get_text(strip=True)  # said in words, not only in colour


def test_cancelled_summary_says_so_in_the_language(sample):
    (vevent,) = calendar(sample, f"en/events/{CANCELLED}.ics").walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Cancelled: Remote workers' breakfast on Havnøy"


def test_postponed_moved_online_and_default_time_zone(tmp_path):
    content = copy_content(tmp_path)
    folder = content / "data" / "events"
    mixed = folder / f"{MIXED}.yaml"
    mixed.write_text(mixed.read_text(encoding="utf-8").replace("status: scheduled", "status: moved_online"), encoding="utf-8")
    dst = folder / f"{DST}.yaml"
    text = dst.read_text(encoding="utf-8").replace("status: scheduled", "status: postponed")
    dst.write_text(text.replace("timezone: Europe/Oslo\n", ""), encoding="utf-8")  # the region's zone applies
    result = build_site(tmp_path / "output", content=content)
    assert result.returncode == 0, result.stderr

    moved = soup(result, f"en/events/{MIXED}/index.html")
    notice = moved.select_one("main [role=status]")
    assert notice.a["href"] == "https://skarvfjell.example/live/karriarkvall-2027"
    (data,) = jsonld_events(moved)
    assert data["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://skarvfjell.example/live/karriarkvall-2027"}
    assert listed(soup(result, "en/events/attendance/on-site/index.html")) == [CANCELLED, DST]
    (vevent,) = calendar(result, f"en/events/{MIXED}.ics").walk("VEVENT")
    assert str(vevent["SUMMARY"]).startswith("Moved online: ") and str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["LOCATION"]) == "https://skarvfjell.example/live/karriarkvall-2027"

    postponed = soup(result, f"en/events/{DST}/index.html")
    assert postponed.select_one("main [role=status]")
    (data,) = jsonld_events(postponed)
    assert data["eventStatus"] == "https://schema.org/EventPostponed"
    (vevent,) = calendar(result, f"en/events/{DST}.ics").walk("VEVENT")
    assert vevent["DTSTART"].params["TZID"] == region_timezone() == "Europe/Oslo"
    assert str(vevent["SUMMARY"]).startswith("Postponed: ")


# ---------------------------------------------------------------- JSON-LD


@pytest.mark.parametrize("lang", LANGS)
def test_event_jsonld_matches_the_yaml(sample, lang):
    mode = {"offline": "Offline", "online": "Online", "mixed": "Mixed"}
    for event in yaml_events().values():
        (data,) = jsonld_events(soup(sample, f"{lang}/events/{event.id}/index.html"))
        assert data["@context"] == "https://schema.org"
        assert data["name"] == event.title[lang]
        assert data["description"] == event.description[lang]
        assert datetime.fromisoformat(data["startDate"]) == event.start
        assert datetime.fromisoformat(data["endDate"]) == event.end
        assert re.search(r"[+-]\d\d:\d\d$", data["startDate"]) and re.search(r"[+-]\d\d:\d\d$", data["endDate"])
        assert data["eventAttendanceMode"] == f"https://schema.org/{mode[event.attendance]}EventAttendanceMode"
        assert data["url"] == f"/{lang}/events/{event.id}/"
        assert len(data["organizer"]) == len(event.organisers)


def test_jsonld_location_has_country_and_online_url(sample):
    (mixed,) = jsonld_events(soup(sample, f"en/events/{MIXED}/index.html"))
    place, online = mixed["location"]
    assert place["@type"] == "Place" and place["name"] == "Fjällsta Folkets hus"
    assert place["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Storgatan 14, 837 96 Fjällsta",
        "addressLocality": "Fjällsta",
        "addressCountry": "SE",  # the municipality's country, not the region's (NO)
    }
    assert online == {"@type": "VirtualLocation", "url": "https://skarvfjell.example/live/karriarkvall-2027"}
    (dst,) = jsonld_events(soup(sample, f"en/events/{DST}/index.html"))
    assert dst["location"]["address"]["addressCountry"] == "NO"
    assert dst["eventStatus"] == "https://schema.org/EventScheduled"
    assert [o["name"] for o in dst["organizer"]] == ["Skarvfjellrådet", "Fjellnett"]


@pytest.mark.parametrize("lang", LANGS)
def test_event_jsonld_has_the_image_the_event_shows(sample, lang):
    """Google's event rich result wants `image`; an event without one leaves the key out
    (an empty value is a validator error)."""
    with_image = [event for event in yaml_events().values() if event.get("image")]
    assert with_image, "the sample must have an event with an image"
    for event in yaml_events().values():
        page = soup(sample, f"{lang}/events/{event.id}/index.html")
        (data,) = jsonld_events(page)
        if not event.get("image"):
            assert "image" not in data, event.id
            continue
        assert data["image"] == [f"/{event.image.src}"]  # no SITEURL here: the root-relative path
        assert sample.exists(event.image.src)  # the address points at a published file
        assert page.find("meta", property="og:image")["content"] == data["image"][0]


def test_urls_are_absolute_when_the_site_has_an_address(tmp_path):
    result = build_site(tmp_path / "output", extra=("--no-search", "--siteurl", "https://example.org/region"))
    assert result.returncode == 0, result.stderr
    page = soup(result, f"sv/events/{DST}/index.html")
    (data,) = jsonld_events(page)
    assert data["url"] == f"https://example.org/region/sv/events/{DST}/"
    assert data["image"] == ["https://example.org/region/images/photos/fjallsta-winter-night.jpg"]
    assert result.exists("images/photos/fjallsta-winter-night.jpg")
    (vevent,) = calendar(result, f"sv/events/{DST}.ics").walk("VEVENT")
    assert str(vevent["URL"]) == data["url"]
    assert data["url"] in str(vevent["DESCRIPTION"])
    assert page.select_one("main .event-actions a[download]")["href"] == f"/region/sv/events/{DST}.ics"
    listing = soup(result, "sv/events/index.html")
    assert listing.select_one("main .subscribe a")["href"] == "webcal://example.org/region/sv/events/calendar.ics"


# ---------------------------------------------------------------- iCalendar


def test_every_ics_matches_the_yaml(sample):
    events = yaml_events()
    default_zone = region_timezone()
    files = sorted(p.relative_to(sample.output).as_posix() for p in sample.output.rglob("*.ics"))
    expected = [f"{lang}/events/{name}.ics" for lang in LANGS for name in ["calendar", *events]]
    assert files == sorted(expected)
    for rel in files:
        lang = rel.split("/")[0]
        cal = calendar(sample, rel)
        assert cal["VERSION"] == "2.0" and cal["PRODID"]
        zones = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
        vevents = cal.walk("VEVENT")
        ids = [str(v["UID"]).split("@")[0] for v in vevents]
        if rel.endswith("calendar.ics"):
            assert ids == upcoming_ids(NOW)
        else:
            assert ids == [rel.rsplit("/", 1)[1].removesuffix(".ics")]
        for vevent in vevents:
            event = events[ids[vevents.index(vevent)]]
            zone = event.timezone or default_zone
            assert str(vevent["UID"]) == f"{event.id}@skarvfjell.homeward"
            assert vevent.decoded("DTSTART") == event.start
            assert vevent.decoded("DTEND") == event.end
            assert vevent["DTSTART"].params["TZID"] == zone and vevent["DTEND"].params["TZID"] == zone
            assert zone in zones
            assert vevent.decoded("DTSTAMP").utcoffset() == timedelta(0)
            assert str(vevent["STATUS"]) == ("CANCELLED" if event.status == "cancelled" else "CONFIRMED")
            assert str(vevent["SUMMARY"]).endswith(event.title[lang])
            assert str(vevent["DESCRIPTION"]).startswith(event.description[lang])
            # A calendar file is read outside the site: its link is the page on the public address (PUBLIC_URL).
            assert str(vevent["URL"]) == f"https://skarvfjell.example/{lang}/events/{event.id}/"
            if event.location.name:
                assert str(vevent["LOCATION"]).startswith(event.location.name)


def test_event_across_the_dst_change_keeps_its_local_times(sample):
    raw = (sample.output / f"nb/events/{DST}.ics").read_bytes().decode("utf-8")
    assert "DTSTART;TZID=Europe/Oslo:20270326T090000\r\n" in raw
    assert "DTEND;TZID=Europe/Oslo:20270329T160000\r\n" in raw
    (vevent,) = calendar(sample, f"nb/events/{DST}.ics").walk("VEVENT")
    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert (start.strftime("%A %H:%M"), start.utcoffset()) == ("Friday 09:00", timedelta(hours=1))
    assert (end.strftime("%A %H:%M"), end.utcoffset()) == ("Monday 16:00", timedelta(hours=2))
    # The embedded zone switches at 02:00 local time on 28 March (RFC 5545: onset in the old offset).
    (zone,) = calendar(sample, f"nb/events/{DST}.ics").walk("VTIMEZONE")
    (summer,) = zone.walk("DAYLIGHT")
    assert summer.decoded("DTSTART") == datetime(2027, 3, 28, 2, 0)
    assert (summer["TZOFFSETFROM"].td, summer["TZOFFSETTO"].td) == (timedelta(hours=1), timedelta(hours=2))


def test_ics_and_pages_are_byte_identical_across_builds_and_uids_stable(sample, later, tmp_path):
    # Two fresh builds (not the session's sample: the theme's CSS, and so its hashed name, may
    # have changed since), each with its own cache so nothing is hard-linked from the other.
    first, second = (build_site(tmp_path / name / "output") for name in ("first", "second"))
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    for lang in LANGS:
        folder = first.output / lang / "events"
        files = sorted(p.relative_to(first.output) for p in folder.rglob("*") if p.is_file())
        assert len(files) > 10
        for rel in files:
            assert (second.output / rel).read_bytes() == (first.output / rel).read_bytes(), rel
    for event_id in yaml_events():
        first = calendar(sample, f"en/events/{event_id}.ics").walk("VEVENT")[0]
        other = calendar(later, f"en/events/{event_id}.ics").walk("VEVENT")[0]
        assert str(first["UID"]) == str(other["UID"]) == f"{event_id}@skarvfjell.homeward"
        assert first.decoded("DTSTAMP") == other.decoded("DTSTAMP")  # from the data, not the clock


# ---------------------------------------------------------------- the daterange filter


def test_daterange_reads_naturally_in_every_language():
    from zoneinfo import ZoneInfo

    from homeward.languages import parse_languages
    from i18n.formatting import fmt_range

    langs = {lang.code: {"language": lang} for lang in parse_languages(LANGS)}
    oslo = ZoneInfo("Europe/Oslo")

    def at(*parts: int) -> datetime:
        return datetime(*parts, tzinfo=oslo)

    cases = [
        (at(2020, 10, 12, 9), at(2020, 10, 16, 17)),  # days of one month
        (at(2020, 10, 30, 9), at(2020, 11, 2, 17)),  # across a month
        (at(2020, 12, 30, 9), at(2021, 1, 2, 17)),  # across a year
        (at(2020, 10, 12, 9), at(2020, 10, 12, 16, 30)),  # one day: times
    ]
    for start, end in cases:
        for context in langs.values():
            assert fmt_range(context, start, end) == cldr_range(start, end, context["language"].locale)
    # Homeward's own choices, stated: the month is written out in full, times on one day.
    assert "oktober" in fmt_range(langs["nb"], *cases[0]) and "okt." not in fmt_range(langs["nb"], *cases[0])
    assert fmt_range(langs["nb"], *cases[3]).endswith("09:00–16:30")
    # Shown in the zone asked for: 23:30 UTC is already the next day in Oslo.
    late = datetime.fromisoformat("2020-10-12T22:30:00+00:00")
    in_oslo = late.astimezone(oslo)
    assert fmt_range(langs["en"], late, late + timedelta(hours=1), "Europe/Oslo") == cldr_range(in_oslo, in_oslo + timedelta(hours=1), "en_GB")
    assert fmt_range(langs["en"], late, late + timedelta(hours=1), "Europe/Oslo").startswith(long_date(date(2020, 10, 13), "en_GB") + ", ")


# ---------------------------------------------------------------- accessibility and links


def test_event_pages_have_ordered_headings_landmarks_and_machine_readable_times(sample):
    pages = [rel for rel in sample.html_files() if "/events/" in rel]
    assert len(pages) >= 3 * (len(yaml_events()) + 2 + 5 + 2)
    for rel in pages:
        page = soup(sample, rel)
        assert len(page.find_all("h1")) == 1, rel
        assert page.find("main") and page.find("nav", attrs={"aria-label": True}), rel
        levels = [int(h.name[1]) for h in page.find_all(re.compile(r"^h[1-6]$"))]
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (rel, levels)
        for time in page.select("main time"):
            assert datetime.fromisoformat(time["datetime"]).utcoffset() is not None, rel


def test_event_pages_have_no_broken_internal_links(sample):
    from links import dead_links

    pages = [rel for rel in sample.html_files() if "/events/" in rel]
    assert len(pages) > 30
    assert [p for p in dead_links(sample.output) if "/events/" in p.split(":")[0]] == []


# ---------------------------------------------------------------- mistakes in event files


def broken_build(tmp_path: Path, name: str, old: str, new: str, *extra: str) -> tuple[Build, Path, int]:
    """Build the sample with one line of one event changed; returns the build, file and line."""
    content = copy_content(tmp_path)
    path = content / "data" / "events" / f"{name}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(old))
    lines[index] = lines[index].replace(old, new)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return build_site(tmp_path / "output", content=content, extra=("--no-search", *extra)), path, index + 1


MISTAKES = {
    "end before start": (
        "end: 2027-03-29T16:00:00+02:00",
        "end: 2027-03-25T16:00:00+01:00",
        "'end' (2027-03-25T16:00:00+01:00) is before 'start' (2027-03-26T09:00:00+01:00); swap or correct them",
    ),
    "missing offset": (
        "start: 2027-03-26T09:00:00+01:00",
        "start: 2027-03-26T09:00:00",
        "'start': '2027-03-26T09:00:00' has no UTC offset; add it, e.g. 2027-03-26T09:00:00+01:00",
    ),
    "unknown time zone": (
        "timezone: Europe/Oslo",
        "timezone: Europe/Olso",
        "'timezone': 'Europe/Olso' is not a known time zone; did you mean 'Europe/Oslo'?",
    ),
    "unknown organiser": (
        "  - fjellnett",  # the first list item of that name: organisers
        "  - fjelnett",
        "'organisers' refers to unknown organisation or company 'fjelnett'; did you mean 'fjellnett'? (known: fjallglimt, "
        "fjallsta-tra, fjellnett, fjordlaks, helsefjell, kaihuset, kodverket, nordlys-data, …)",
    ),
    "unknown company": (
        "  - helsefjell",  # companies
        "  - helsefjel",
        "'companies' refers to unknown company 'helsefjel'; did you mean 'helsefjell'? (known: fjallglimt, fjallsta-tra, "
        "fjordlaks, helsefjell, kaihuset, kodverket, nordlys-data, skarvkraft)",
    ),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_a_mistake_in_an_event_is_reported_with_file_and_line(tmp_path, mistake):
    old, new, message = MISTAKES[mistake]
    result, path, line = broken_build(tmp_path, DST, old, new)
    assert result.returncode == 1
    assert f"content/data/events/{path.name}:{line}: {message}\n" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "output").exists()


def test_unknown_municipality_points_at_its_line_inside_location(tmp_path):
    result, path, line = broken_build(tmp_path, DST, "  municipality: skarvik", "  municipality: skarvk")
    assert result.returncode == 1
    assert (
        f"content/data/events/{path.name}:{line}: 'municipality' refers to unknown municipality 'skarvk'; "
        "did you mean 'skarvik'? (known: fjallsta, gransmo, havnoy, skarvik, storvoll)\n"
    ) in result.stderr
    assert "Traceback" not in result.stderr


def test_an_event_id_that_clashes_with_the_calendar_is_refused(tmp_path):
    content = copy_content(tmp_path)
    source = content / "data" / "events" / f"{PAST}.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(f"id: {PAST}", "id: past"), encoding="utf-8")
    source.rename(source.with_name("past.yaml"))
    result = build_site(tmp_path / "output", content=content)
    assert result.returncode == 1
    assert (
        "content/data/events/past.yaml:1: event id 'past' is taken by the calendar's own pages "
        "(attendance, calendar, municipality, past); give the event another id, e.g. 'past-2027'\n"
    ) in result.stderr
    assert "Traceback" not in result.stderr


def test_an_offset_that_forgets_summer_time_is_a_warning(tmp_path):
    old, new = "start: 2027-05-12T18:00:00+02:00", "start: 2027-05-12T18:00:00+01:00"
    result, path, line = broken_build(tmp_path, MIXED, old, new)
    assert result.returncode == 0, result.stderr
    assert (
        f"content/data/events/{path.name}:{line}: warning: 'start' (2027-05-12T18:00:00+01:00) does not match "
        "Europe/Stockholm, which is at +02:00 on that day, so it is shown as 19:00; write 2027-05-12T18:00:00+02:00 "
        "or correct 'timezone'\n"
    ) in result.stderr
    strict, _, _ = broken_build(tmp_path / "strict", MIXED, old, new, "--strict")
    assert strict.returncode == 1


def test_event_image_is_shown_with_alt_text_and_used_for_link_previews(sample):
    html = sample.read("en/events/try-living-weekend-2027/index.html")
    assert 'alt="Illustration of small red cabins' in html
    assert '<meta property="og:image" content="/images/photos/fjallsta-winter-night.jpg">' in html


def test_event_image_without_alt_is_refused(tmp_path):
    content = copy_content(tmp_path)
    path = content / "data" / "events" / "try-living-weekend-2027.yaml"
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index("image:") + 1
    path.write_text(re.sub(r"\n  alt:(?: .*|(?:\n    .*)+)", "", text, count=1), encoding="utf-8")
    result = build_site(tmp_path / "out", content=content)
    assert result.returncode == 1
    assert f"content/data/events/try-living-weekend-2027.yaml:{line}: 'image.alt' is missing" in result.stderr


def test_the_subscription_calendar_tells_apps_to_fetch_it_twice_a_day(sample):
    """Calendar apps refresh a subscription on their own schedule unless told; every 12 hours
    is what the .ics says (RFC 7986 REFRESH-INTERVAL, and X-PUBLISHED-TTL for Outlook)."""
    for lang in LANGS:
        cal = calendar(sample, f"{lang}/events/calendar.ics")
        assert cal.decoded("REFRESH-INTERVAL") == timedelta(hours=12)
        assert str(cal["X-PUBLISHED-TTL"]) == "PT12H"
        single = calendar(sample, f"{lang}/events/{DST}.ics")
        assert "REFRESH-INTERVAL" not in single and "X-PUBLISHED-TTL" not in single  # a single event is imported once
def test_sessions_across_midnight_or_written_in_another_offset_are_valid():
    """The session checks look at instants and at the times as written, and err only when both
    agree: a session past midnight is fine, and an event written in UTC with sessions in local
    time is fine (an offset that forgets summer time has its own warning)."""
    from homeward.model import Event
    from pydantic import ValidationError

    def event(start: str, end: str, *sessions: tuple[str, str]) -> Event:
        raw = {"id": "e", "title": "E", "start": start, "end": end, "sessions": [{"title": "S", "start": s, "end": e} for s, e in sessions]}
        return Event.model_validate(raw, context={"languages": LANGS})

    event("2027-03-27T20:00:00+01:00", "2027-03-28T02:00:00+01:00", ("2027-03-27T23:00:00+01:00", "2027-03-28T01:30:00+01:00"))
    event("2027-05-12T16:00:00Z", "2027-05-12T18:30:00Z", ("2027-05-12T18:00:00+02:00", "2027-05-12T20:30:00+02:00"))
    event("2027-05-12T18:00:00+01:00", "2027-05-12T20:30:00+02:00", ("2027-05-12T18:00:00+02:00", "2027-05-12T19:15:00+02:00"))
    with pytest.raises(ValidationError, match=r"'sessions\[0\]\.end' \(2027-05-12T21:00:00\+02:00\) is after the event ends"):
        event("2027-05-12T18:00:00+02:00", "2027-05-12T20:30:00+02:00", ("2027-05-12T18:00:00+02:00", "2027-05-12T21:00:00+02:00"))
