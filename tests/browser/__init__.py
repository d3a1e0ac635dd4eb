"""Browser tests: the built sample site in Debian's headless Chromium (marker `browser`)."""
