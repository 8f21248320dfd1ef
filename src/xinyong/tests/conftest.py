# The browser fixtures (a demo server and Debian's Chromium), for the journeys in this directory.
from xinyong.tests.browser import browser, page, server  # noqa: F401
