"""What the CMS shows beside each field: labels, hints and validation messages.

They are UI strings like the theme's: msgids in English, translated in the catalogs
(themes/homeward/translations, `invoke i18n-update`), and config.yml is written in the
region's default language, so the whole editor speaks one language. A model field without a
label here fails tests/test_cms.py: a new field needs its label (and translations) first.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a string for the catalogs; it is translated when config.yml is written."""
    return message


COLLECTIONS = {
    "articles": (N_("News articles"), N_("News article")),
    "press": (N_("Press releases"), N_("Press release")),
    "pages": (N_("Pages"), N_("Page")),
    "stories": (N_("Stories"), N_("Story")),
    "companies": (N_("Companies"), N_("Company")),
    "events": (N_("Events"), N_("Event")),
    "jobs": (N_("Jobs"), N_("Job")),
    "contacts": (N_("Contacts"), N_("Contact")),
    "organisations": (N_("Organisations"), N_("Organisation")),
    "sectors": (N_("Sectors"), N_("Sector")),
    "tags": (N_("Tags"), N_("Tag")),
}

FIELDS = {
    "about": N_("About (organisation)"),
    "address": N_("Address"),
    "alt": N_("Alt text"),
    "apply_url": N_("Application address (URL)"),
    "attendance": N_("Attendance"),
    "body": N_("Text"),
    "caption": N_("Caption"),
    "companies": N_("Companies"),
    "company": N_("Company"),
    "contact": N_("Contact"),
    "contacts": N_("Press contacts"),
    "credit": N_("Credit (photographer)"),
    "date": N_("Date"),
    "description": N_("Description"),
    "email": N_("E-mail"),
    "embargo": N_("Embargo until"),
    "employees": N_("Employees"),
    "employment_type": N_("Employment type"),
    "end": N_("End"),
    "focus": N_("Focus point"),
    "from": N_("From (where they moved from)"),
    "hiring": N_("Hiring now"),
    "id": N_("Id"),
    "image": N_("Image"),
    "images": N_("Press images"),
    "kind": N_("Kind"),
    "label": N_("Label"),
    "location": N_("Location"),
    "logo": N_("Logo"),
    "members": N_("Members"),
    "menu": N_("Place in the main menu"),
    "modified": N_("Last updated"),
    "municipality": N_("Municipality"),
    "name": N_("Name"),
    "note": N_("Note for editors (not published)"),
    "online_url": N_("Online address (URL)"),
    "organisation": N_("Organisation"),
    "organisers": N_("Organisers"),
    "pdf": N_("Publish a PDF"),
    "person": N_("Person"),
    "phone": N_("Phone"),
    "photo": N_("Photo"),
    "posted": N_("Posted"),
    "quote": N_("Quote"),
    "quotes": N_("Quotes"),
    "region": N_("Region"),
    "registration_url": N_("Registration address (URL)"),
    "remote": N_("Remote work possible"),
    "remote_friendly": N_("Remote-friendly"),
    "role": N_("Role"),
    "sectors": N_("Sectors"),
    "sessions": N_("Programme"),
    "slug": N_("Address (slug)"),
    "src": N_("Image file"),
    "start": N_("Start"),
    "status": N_("Status"),
    "summary": N_("Summary"),
    "tags": N_("Tags"),
    "template": N_("Page template"),
    "text": N_("Text"),
    "timezone": N_("Time zone"),
    "title": N_("Title"),
    "untranslated": N_("Not translated yet"),
    "valid_through": N_("Last day to apply"),
    "website": N_("Website (URL)"),
}

# Help under a field; `Model.field` wins over `field` (a press release's status is not an event's).
HINTS = {
    "slug": N_("The same in every language: the last part of the address. Lowercase a–z, digits and hyphens, e.g. new-data-centre."),
    "id": N_("Lowercase a–z, digits and hyphens, e.g. nordlys-data. The last part of the page's address; do not change it later."),
    "alt": N_("What the picture shows, for people who cannot see it."),
    "focus": N_("Optional: the point that must stay in view when a phone crops the picture, e.g. 50% 30% (from the top left) or top. Empty: the centre."),
    "Document.status": N_("Drafts are never published; they show only in the preview. The same in every language."),
    "Document.title": N_("A language without a title and text is not saved; readers of it see the default language."),
    "embargo": N_("Before this moment the release appears nowhere on the site."),
    "untranslated": N_("Tick while this language still holds the original's text; invoke check lists these."),
    "timezone": N_("Leave empty for the region's time zone, or e.g. Europe/Stockholm."),
    "valid_through": N_("The job leaves the site after this day."),
    "template": N_("Only for special pages: accessibility or privacy."),
    "menu": N_("A number: the page's place in the main menu. Leave empty to keep it out of the menu."),
    "note": N_("For the people who edit this item: never shown on the site. Notes go here, not in comments in the file."),
    "Event.end": N_("Must be after the start."),
    "Job.valid_through": N_("The job leaves the site after this day. Must not be before the day it was posted."),
    "src": N_("Choose a picture from the folder, or upload one; it is saved where the site expects it."),
}

ID_RULE_MESSAGE = N_("Use lowercase letters a–z, digits and hyphens, e.g. nordlys-data")
URL_RULE_MESSAGE = N_("Use an address that starts with https://, http://, mailto: or tel:")
FOCUS_RULE_MESSAGE = N_("Two numbers from the top left, e.g. 50% 30%, or words like top or bottom left")

# Messages the CMS script shows before a save (plugins/cms/static/homeward-cms.js).
SCRIPT_MESSAGES = {
    "order": N_("'{later}' ({later_value}) is before '{earlier}' ({earlier_value}); correct one of them"),
    "title": N_("The {language} version has text but no title; give it a title, or empty it to leave that language out"),
    "saved_error": N_("Saved, but the site cannot be built until this is fixed:"),
    "build_error": N_("The site cannot be built until this is fixed:"),
    "build_ok": N_("The preview is up to date."),
}

# Decap's own phrases that its Norwegian and Swedish locales lack (decap-cms-locales 3.x falls
# back to English for them: "Add Quotes", "Writing in NB"). Our catalogs translate them and
# /admin/homeward-locale.js adds them to Decap's locale before it starts (plugin.py).
DECAP_PHRASES = {
    "collection.sidebar.allCollections": N_("All Collections"),
    "collection.sidebar.searchIn": N_("Search in"),
    "collection.collectionTop.viewAsList": N_("List view option"),
    "collection.collectionTop.viewAsGrid": N_("Grid view option"),
    "collection.collectionTop.searchResults": N_('Search Results for "%{searchTerm}"'),
    "collection.collectionTop.searchResultsInCollection": N_('Search Results for "%{searchTerm}" in %{collection}'),
    "collection.collectionTop.filterBy": N_("Filter by"),
    "collection.collectionTop.groupBy": N_("Group by"),
    "collection.groups.other": N_("Other"),
    "editor.editorControl.field.widgetLabel": N_("%{widgetLabel} field"),
    "editor.editorControlPane.i18n.writingInLocale": N_("Writing in %{locale}"),
    "editor.editorControlPane.i18n.copyFromLocale": N_("Fill in from another locale"),
    "editor.editorControlPane.i18n.copyFromLocaleConfirm": N_("Do you want to fill in data from %{locale} locale?\nAll existing content will be overwritten."),
    "editor.editorInterface.toggleI18n": N_("Toggle i18n"),
    "editor.editorInterface.togglePreview": N_("Toggle preview"),
    "editor.editorInterface.toggleScrollSync": N_("Sync scrolling"),
    "editor.editorWidgets.markdown.bold": N_("Bold"),
    "editor.editorWidgets.markdown.italic": N_("Italic"),
    "editor.editorWidgets.markdown.strikethrough": N_("Strikethrough"),
    "editor.editorWidgets.markdown.code": N_("Code"),
    "editor.editorWidgets.markdown.link": N_("Link"),
    "editor.editorWidgets.markdown.linkPrompt": N_("Enter the URL of the link"),
    "editor.editorWidgets.markdown.headings": N_("Headings"),
    "editor.editorWidgets.markdown.quote": N_("Quote"),
    "editor.editorWidgets.markdown.bulletedList": N_("Bulleted List"),
    "editor.editorWidgets.markdown.numberedList": N_("Numbered List"),
    "editor.editorWidgets.markdown.addComponent": N_("Add Component"),
    "editor.editorWidgets.markdown.toggleMode.rich": N_("Toggle to rich text mode"),
    "editor.editorWidgets.markdown.toggleMode.markdown": N_("Toggle to markdown mode"),
    "editor.editorWidgets.image.chooseMultiple": N_("Choose images"),
    "editor.editorWidgets.image.addMore": N_("Add more images"),
    "editor.editorWidgets.image.removeAll": N_("Remove all images"),
    "editor.editorWidgets.datetime.setToNow": N_("Set %{fieldLabel} to now"),
    "editor.editorWidgets.list.add": N_("Add %{item}"),
    "editor.editorWidgets.list.addType": N_("Add %{item}"),
    "editor.editorWidgets.object.expand": N_("Expand"),
    "editor.editorWidgets.object.collapse": N_("Collapse"),
    "mediaLibrary.mediaLibraryCard.copy": N_("Copy"),
    "mediaLibrary.mediaLibraryCard.copyPath": N_("Copy Path"),
    "mediaLibrary.mediaLibraryCard.copyName": N_("Copy Name"),
    "mediaLibrary.mediaLibraryCard.copied": N_("Copied"),
    "mediaLibrary.mediaLibraryModal.close": N_("Close"),
}
