"""The HTML report as a browser shows it: Debian's chromium renders it headless; the rendered page
must have the map, the grants table with 24 rows and no error text. The page and its screenshot
stay in OUT (build/report/) for people to look at.

usage: looked_at.py OUT_DIR
"""
import html.parser
import pathlib
import shutil
import subprocess
import sys
import tempfile

import grantfolio


class Page(html.parser.HTMLParser):
    """What the checks need from the rendered DOM: grant rows, SVG paths per section, the text."""

    def __init__(self):
        super().__init__()
        self.section, self.in_grants, self.in_tbody = "", False, False
        self.grant_rows, self.svg_paths, self.text = 0, {}, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("class") == "grants":
            self.in_grants = True
        elif tag == "tbody" and self.in_grants:
            self.in_tbody = True
        elif tag == "tr" and self.in_tbody:
            self.grant_rows += 1
        elif tag == "path":
            self.svg_paths[self.section] = self.svg_paths.get(self.section, 0) + 1
        elif tag == "h2":
            self.section = None  # named by its text

    def handle_endtag(self, tag):
        if tag == "table" and self.in_grants:
            self.in_grants = self.in_tbody = False

    def handle_data(self, data):
        if self.section is None:
            self.section = data.split(" (")[0]
        self.text.append(data)


def chromium(*args):
    exe = shutil.which("chromium")
    if not exe:
        sys.exit("chromium is not installed (tools/install-deps.sh installs it)")
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                              f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        sys.exit(f"chromium failed ({run.returncode}): {run.stderr[-2000:]}")
    return run.stdout


def main(out_dir):
    import matplotlib.image

    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    page_path = out / "looked-at.caaht.en.html"
    grantfolio.report.write_html(grantfolio.datasets.caaht_2006(), page_path, lang="en", currency="ALL")
    url = page_path.resolve().as_uri()
    page = Page()
    page.feed(chromium("--dump-dom", url))
    text = " ".join(page.text)
    problems = []
    if page.grant_rows != 24:
        problems.append(f"the grants table has {page.grant_rows} rows, not 24")
    if page.svg_paths.get("Where the work was", 0) < 12 + 1 + 36:  # qarqe, outline, district markers
        problems.append(f"the map has {page.svg_paths.get('Where the work was', 0)} paths: not drawn")
    for bad in ("Traceback", "Error", "error:"):
        if bad in text:
            problems.append(f"the page says {bad!r}")
    shot = out / "looked-at.caaht.en.png"
    chromium("--window-size=1200,6000", f"--screenshot={shot}", url)
    pixels = matplotlib.image.imread(shot)
    if pixels.shape[:2] != (6000, 1200) or float(pixels.std()) < 0.05:
        problems.append(f"the screenshot {shot} is {pixels.shape} with spread {float(pixels.std()):.3f}: blank?")
    for p in problems:
        print(f"looked_at: {p}", file=sys.stderr)
    print(f"looked_at: {page.grant_rows} grant rows, {page.svg_paths.get('Where the work was', 0)} map paths; screenshot {shot}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
