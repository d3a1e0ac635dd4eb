"""Development settings for the sample region. Region sites copy this file and edit it.

Everything a region changes lives here or in content/: languages, branding, the
accessibility statement. Paths are relative to this file.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent  # so settings files that import this one work anywhere

# -- Site ---------------------------------------------------------------------------
SITENAME = "Homeward"  # the region's name comes from content/data/region.yaml
SITEURL = ""  # empty for local preview: links are root-relative
# Where the site is published. Press release PDFs and calendar (.ics) files are read outside
# the site, so even a local build links them here; without it they say the link works once
# the site is published. `invoke publish` takes SITEURL from the environment.
PUBLIC_URL = "https://skarvfjell.example"
PATH = str(HERE / "content")
OUTPUT_PATH = str(HERE / "output")
TIMEZONE = "Europe/Oslo"

# -- Languages: codes, first is the default. Adding one = a code here + a catalog in
#    themes/homeward/translations/<code>/LC_MESSAGES/messages.po. ----------------------
LANGUAGES = ["nb", "sv", "en"]
DEFAULT_LANG = LANGUAGES[0]

# -- Theme and branding: colours are checked for WCAG AA contrast at build time. ----
THEME = str(HERE / "themes" / "homeward")
BRAND = {
    "primary": "#0b5d7a",  # header and links; carries white text
    "accent": "#f2b84b",  # buttons and highlights; carries dark text
    "logo": "images/brand/logo.png",
    "hero": "images/brand/hero.jpg",
    "hero_focus": "70% 40%",  # the point of the hero that stays in view when a screen crops it (x% y%)
}

# -- Plugins: always list them (Pelican loads every installed plugin when unset). --
PLUGIN_PATHS = [str(HERE / "plugins")]
PLUGINS = [
    "homeward",  # core: content model, loading, validation, routing, rendering
    "i18n",  # UI catalogs, locale formatting, root language chooser
    "branding",  # brand.css from BRAND, contrast check
    "images",  # responsive images, only referenced ones are published
    "home",  # home and 404 per language
    "news",  # news list and articles
    "events",  # calendar, event pages, .ics
    "press",  # press room, releases, PDFs
    "pages",  # static pages, accessibility statement, privacy page
    "companies",  # company directory with facet pages, a page per company
    "jobs",  # jobs list with facets, job pages, JobPosting, jobs feed
    "jobfeeds",  # imported ads from NAV and Arbetsförmedlingen (JOB_SOURCES) join the jobs
    "stories",  # people who moved here
    "organisations",  # networks and organisations with members
    "facts",  # the region in figures, SVG charts
    "contact",  # relocation contact page and form
    "search",  # Pagefind index per language, search pages
    "sitemap_page",  # the readers' site map page per language, linked from the top bar and footer
    "seo",  # canonical, Open Graph, JSON-LD filter, sitemap.xml, robots.txt
    "cms",  # browser CMS at /admin/: Decap, config.yml generated from the content model
    "deploy",  # Netlify _headers/_redirects from LANGUAGES, root 404.html for GitHub Pages
]

DEFAULT_PAGINATION = 12
JOBS_PER_PAGE = 20  # the jobs list and each of its filter pages are split into pages of this size

# -- Live jobs from the national job boards (docs/maintainers.md, "Live jobs"). Each source
#    covers the region's municipalities in its country (their `code` in region.yaml) unless
#    it lists codes; `occupation_fields` and `keywords` narrow it, e.g. to IT for a campaign.
JOB_SOURCES = [
    {"source": "nav"},  # arbeidsplassen.nav.no; token from $NAV_FEED_TOKEN, else NAV's public token
    {"source": "arbetsformedlingen"},  # Platsbanken via JobTech's JobSearch API (open data, no key)
]
JOB_FEEDS = {
    "refresh_after": 3600,  # seconds: `invoke build` fetches again when the data is older
    "max_age_days": 7,  # `invoke check` fails when a source's data is older
    # The sample region reads a recorded snapshot and never uses the network. A real
    # region deletes this line: the build then fetches into .homeward-cache/fetched/jobs/.
    "snapshot": str(HERE / "content" / "data" / "job-snapshot"),
}

# -- Accessibility statement (DIGG / Uu-tilsynet fields); `invoke check` reminds you
#    when `assessed` is more than a year old. -------------------------------------------
ACCESSIBILITY = {
    "organisation": "Skarvfjellrådet",  # who runs the website and answers for the statement
    "website": "skarvfjell.example",
    "status": "partial",  # full | partial | none
    "assessed": "2026-10-01",
    "prepared": "2025-09-01",  # when the statement was first made
    "statement_updated": "2026-10-15",
    # Norway: public bodies make the statement on uustatus.no and link to it; Sweden: optional.
    "source_url": "https://uustatus.no/nb/erklaringer/publisert/00000000-0000-0000-0000-000000000000",
    "response_days": 5,  # working days until readers get an answer or the content in another form
    "method": {
        "nb": "Vi testet alle sidetyper med det automatiske verktøyet axe-core og manuelt med tastatur og skjermleser (NVDA).",
        "sv": "Vi testade alla sidtyper med det automatiska verktyget axe-core och manuellt med tangentbord och skärmläsare (NVDA).",
        "en": "We tested every page type with the automated tool axe-core and manually with keyboard and screen reader (NVDA).",
    },
    "non_compliant": [
        {
            "what": {"nb": "Eldre PDF-vedlegg", "sv": "Äldre PDF-bilagor", "en": "Older PDF attachments"},
            "reason": {
                "nb": "Noen PDF-er fra før 2024 mangler struktur for skjermlesere. De erstattes innen utgangen av 2027.",
                "sv": "Några PDF:er från före 2024 saknar struktur för skärmläsare. De ersätts före utgången av 2027.",
                "en": "Some PDFs from before 2024 lack structure for screen readers. They will be replaced by the end of 2027.",
            },
        }
    ],
    # "disproportionate_burden": [...] and "out_of_scope": [...] take the same {what, reason} items.
    "feedback_email": "tilgjengelighet@example.org",
    "feedback_phone": "+47 712 00 000",
}
PRIVACY = {"controller": "Sample Region Development", "email": "personvern@example.org", "host": "Netlify"}
