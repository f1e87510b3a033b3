#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Checks a report of `mcsens report` as a browser and a Markdown reader would take it (tests/integration/
test_report.sh).

  report_check.py html REPORT.html SECTION_ID...   the page parses; every figure is well-formed SVG; nothing is
                                                    fetched (no script, link, img, url(), external href); every
                                                    section named is there
  report_check.py md REPORT.md                     every figure it links exists beside it and is well-formed SVG
  report_check.py screenshot SHOT.png              the page as Chromium drew it is not blank: ink on more than 1 %
                                                    of the pixels, and the figures' blue (#0072B2) drawn
"""
import html.parser
import os
import re
import sys
import xml.etree.ElementTree as ET


def fail(message):
    print("report_check: " + message, file=sys.stderr)
    sys.exit(1)


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()
        self.tags = set()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for key, value in attrs:
            if key == "id":
                self.ids.add(value)
            if key in ("href", "src"):
                self.hrefs.append(value)


def check_svg(text, where):
    try:
        ET.fromstring(text)
    except ET.ParseError as e:
        fail(where + ": not well-formed SVG: " + str(e))


def check_html(path, sections):
    text = open(path, encoding="utf-8").read()
    page = Page()
    page.feed(text)
    for tag in ("script", "link", "img", "iframe", "object"):
        if tag in page.tags:
            fail(path + ": has a <" + tag + "> (the page must fetch and run nothing)")
    if "url(" in text:
        fail(path + ": its style fetches a url()")
    for href in page.hrefs:
        if not href.startswith("#") or href[1:] not in page.ids:
            fail(path + ": a link that is not an anchor of the page: " + href)
    figures = re.findall(r"<svg .*?</svg>", text, flags=re.S)
    if not figures:
        fail(path + ": no figure")
    for i, svg in enumerate(figures):
        check_svg(svg, path + " figure " + str(i + 1))
    for section in sections:
        if section not in page.ids:
            fail(path + ": no section with id " + section)
    print(path + ": " + str(len(figures)) + " figures, " + str(len(page.ids)) + " anchors, fetches nothing")


def check_md(path):
    text = open(path, encoding="utf-8").read()
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    if not links:
        fail(path + ": links no figure")
    for link in links:
        figure = os.path.join(os.path.dirname(path), link)
        if not os.path.isfile(figure):
            fail(path + ": links " + link + ", which is not there")
        check_svg(open(figure, encoding="utf-8").read(), figure)
    print(path + ": " + str(len(links)) + " figures beside it")


def check_screenshot(path):
    from PIL import Image

    image = Image.open(path).convert("RGB")
    pixels = list(image.getdata())
    ink = sum(1 for p in pixels if min(p) < 200)
    blue = sum(1 for r, g, b in pixels if abs(r - 0x00) < 40 and abs(g - 0x72) < 40 and abs(b - 0xB2) < 40)
    share = ink / len(pixels)
    if share < 0.01:
        fail(path + ": blank (ink on %.1f %% of the pixels)" % (100 * share))
    if blue < 50:
        fail(path + ": no figure drawn (%d pixels of the figures' blue)" % blue)
    print(path + ": ink on %.1f %% of the pixels, %d of the figures' blue" % (100 * share, blue))


def main(argv):
    if len(argv) < 3:
        fail(__doc__)
    kind, path = argv[1], argv[2]
    if kind == "html":
        check_html(path, argv[3:])
    elif kind == "md":
        check_md(path)
    elif kind == "screenshot":
        check_screenshot(path)
    else:
        fail("unknown check " + kind)


if __name__ == "__main__":
    main(sys.argv)
