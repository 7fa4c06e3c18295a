"""The HTML page of `critique report` in headless Chromium.

Usage: python3 report_browser.py HTML_PATH OUT_DIR

Opens HTML_PATH (a file: URL) in Debian's chromium through chromedriver (python3-selenium),
with the browser console and the performance log captured. Fails on any console error, on any
request for something other than the file itself (the page must load nothing: no stylesheet,
font, script or image; data: URLs never leave the machine and are only counted), when there
is no table or no svg[role=img], or when the page is wider than a 390 px phone screen.
Writes full-page screenshots to OUT_DIR: report-1280.png (1280 wide, light),
report-1280-dark.png (prefers-color-scheme: dark) and report-390.png (a 390 x 844 phone),
and report.pdf (print media). Prints one line of JSON and
exits 0 when every check passed, 1 otherwise.
"""
import base64
import json
import os
import pathlib
import sys
import time
from urllib.parse import unquote

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

html_path, out_dir = sys.argv[1:3]
html_path = os.path.realpath(html_path)
os.makedirs(out_dir, exist_ok=True)
page_url = pathlib.Path(html_path).as_uri()
summary = {"ok": False, "url": page_url, "failures": [], "screenshots": []}
console = []
requests = []


def fail(what):
    summary["failures"].append(what)


def same_file(url):
    return unquote(url.split("#", 1)[0]) == unquote(page_url)


def drain_logs(driver):
    for entry in driver.get_log("browser"):
        console.append({"level": entry.get("level"), "message": entry.get("message", "")[:500]})
    for entry in driver.get_log("performance"):
        try:
            message = json.loads(entry["message"])["message"]
        except (KeyError, ValueError):
            continue
        if message.get("method") == "Network.requestWillBeSent":
            url = message.get("params", {}).get("request", {}).get("url", "")
            requests.append(url)


def full_page_screenshot(driver, name, width, height, mobile):
    """Sets the viewport, waits for layout, and captures the whole page height."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    time.sleep(0.3)
    content_height = driver.execute_script("return Math.ceil(document.documentElement.scrollHeight)")
    full = max(height, min(int(content_height), 16000))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": full, "deviceScaleFactor": 1, "mobile": mobile})
    time.sleep(0.3)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                            "clip": {"x": 0, "y": 0, "width": width, "height": full, "scale": 1}})
    path = os.path.join(out_dir, name)
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    summary["screenshots"].append(path)
    # Back to the plain viewport so widths are measured as a phone or a laptop sees them.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    time.sleep(0.2)


driver = None
try:
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800", "--disable-dev-shm-usage",
              "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--disable-default-apps", "--hide-scrollbars", "--force-color-profile=srgb"]:
        options.add_argument(a)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    driver.get(page_url)
    end = time.time() + 15
    while time.time() < end and driver.execute_script("return document.readyState") != "complete":
        time.sleep(0.1)
    time.sleep(0.5)

    facts = driver.execute_script("""
        const q = s => Array.from(document.querySelectorAll(s));
        return {
          title: document.title,
          lang: document.documentElement.lang,
          h1: q('h1').length,
          tables: q('table').length,
          tablesWithCaption: q('table').filter(t => t.querySelector('caption') || t.getAttribute('aria-label')).length,
          svgs: q('svg').length,
          charts: q('svg[role=img]').length,
          chartsWithTitle: q('svg[role=img]').filter(s => s.querySelector('title') && s.querySelector('title').textContent.trim()).length,
          scripts: q('script').length,
          external: q('[src], link[href], img, iframe, object, embed').length,
          stylesheets: document.styleSheets.length,
        };""")
    summary.update({k: facts[k] for k in ("tables", "charts")})
    if facts["lang"] != "en":
        fail("html lang is not en")
    if facts["h1"] != 1:
        fail(f"{facts['h1']} h1 headings")
    if facts["tables"] == 0:
        fail("no table")
    if facts["tablesWithCaption"] != facts["tables"]:
        fail("a table without caption or aria-label")
    if facts["charts"] == 0:
        fail("no svg[role=img]")
    if facts["charts"] != facts["svgs"] or facts["chartsWithTitle"] != facts["charts"]:
        fail("an svg without role=img or without a title")
    if facts["scripts"] or facts["external"]:
        fail(f"{facts['scripts']} scripts, {facts['external']} elements that load something")
    if facts["stylesheets"] == 0:
        fail("the inline stylesheet was not applied")

    full_page_screenshot(driver, "report-1280.png", 1280, 800, False)
    summary["scroll_width_1280"] = driver.execute_script("return document.documentElement.scrollWidth")
    if summary["scroll_width_1280"] > 1281:
        fail(f"wider than 1280 px: {summary['scroll_width_1280']}")

    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    time.sleep(0.2)
    summary["dark_background"] = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    full_page_screenshot(driver, "report-1280-dark.png", 1280, 800, False)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "light"}]})
    light_background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    if summary["dark_background"] == light_background:
        fail("prefers-color-scheme: dark changes nothing")

    full_page_screenshot(driver, "report-390.png", 390, 844, True)
    widths = driver.execute_script("""
        return {doc: document.documentElement.scrollWidth, body: document.body.scrollWidth,
                inner: window.innerWidth,
                wide: Array.from(document.querySelectorAll('main *'))
                  .filter(e => !e.closest('.scroll') && e.getBoundingClientRect().right > window.innerWidth + 1)
                  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? '.' + e.className : ''))};""")
    summary["scroll_width_390"] = widths["doc"]
    if widths["doc"] > 391 or widths["body"] > 391:
        fail(f"wider than a 390 px phone: document {widths['doc']}, body {widths['body']}, overflowing {widths['wide']}")
    elif widths["wide"]:
        fail(f"elements past the right edge at 390 px: {widths['wide']}")

    # Print media: the page prints (a PDF with at least one page).
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})
    pdf_bytes = base64.b64decode(pdf["data"])
    with open(os.path.join(out_dir, "report.pdf"), "wb") as f:
        f.write(pdf_bytes)
    summary["pdf_bytes"] = len(pdf_bytes)
    if not pdf_bytes.startswith(b"%PDF"):
        fail("printing gave no PDF")

    drain_logs(driver)
    errors = [c for c in console if c["level"] in ("SEVERE", "ERROR")]
    if errors:
        fail(f"{len(errors)} console errors")
    # data: URLs never leave the machine; the page has none, but they would not be a leak.
    outside = [u for u in requests if not same_file(u) and not u.startswith("data:")]
    summary["data_requests"] = sum(1 for u in requests if u.startswith("data:"))
    if outside:
        fail(f"{len(outside)} requests for something other than the page")
    summary["console_errors"] = [c["message"] for c in errors]
    summary["requests_outside"] = outside[:20]
    summary["requests"] = len(requests)
except Exception as e:  # noqa: BLE001 - any failure of the browser is a failed check
    fail(f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
finally:
    if driver is not None:
        try:
            driver.quit()
        except Exception:  # noqa: BLE001
            pass

summary["ok"] = not summary["failures"]
print(json.dumps(summary, ensure_ascii=False))
sys.exit(0 if summary["ok"] else 1)
