"""End-to-end tests of the browser map that `crisismap serve` answers at /.

Headless Chromium driven by Selenium, against a live server on a loopback
port: sign-in for each role, the map's layers, placing a call by typing and
by clicking the map, the planner's heat layer and underserved table (its
month pickers send YYYY-MM; a private map draws no withheld or flagged cell
and its legend states the rule and the epsilon), a phone layout, keyboard
sign-in, and that the page sends no request beyond 127.0.0.1. Tools/browser-test.sh starts the server, makes the keys and runs
this file; it passes

    BASE_URL                    http://127.0.0.1:PORT
    DISPATCHER_KEY, PLANNER_KEY, ADMIN_KEY, CLINICIAN_KEY   (and *_NAME)
    SCREENSHOT_DIR              where a PNG of each key step goes

Waits are explicit (WebDriverWait), never sleeps; every request the browser
sends is read from Chromium's performance log (Network.requestWillBeSent).
"""
import datetime
import json
import os
import sys
import unittest
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
if "BASE_URL" not in os.environ:
    sys.exit("test_map.py: run through Tools/browser-test.sh (it starts the server and passes BASE_URL and the keys)")
BASE_URL = os.environ["BASE_URL"].rstrip("/")
ORIGIN = urllib.parse.urlsplit(BASE_URL)
assert ORIGIN.scheme == "http" and ORIGIN.hostname == "127.0.0.1" and ORIGIN.port, f"BASE_URL must be http://127.0.0.1:PORT, not {BASE_URL}"
ROLES = ("dispatcher", "planner", "admin", "clinician")
KEYS = {role: os.environ[f"{role.upper()}_KEY"] for role in ROLES}
NAMES = {role: os.environ.get(f"{role.upper()}_NAME") for role in ROLES}
SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", ROOT / ".build" / "browser-screenshots"))
WAIT = float(os.environ.get("BROWSER_WAIT_SECONDS", "15"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
PHONE = (390, 844)

# Chromium itself (not the page) asks nothing of the network: no updates,
# no metrics, no sync, no safe-browsing lists, no translation.
QUIET_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-default-apps", "--disable-sync", "--metrics-recording-only", "--disable-domain-reliability",
    "--disable-client-side-phishing-detection", "--disable-extensions", "--no-default-browser-check",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
    "--password-store=basic", "--use-mock-keychain",
    # Month fields then read month, year, whatever the machine's locale.
    "--lang=en-US",
]

RECOMMEND_PATHS = ("/v1/recommendations", "/v1/teams/nearest", "/v1/facilities/nearest")
PLANNING_PATHS = ("/v1/density", "/v1/heatmap.png", "/v1/areas/underserved")

# Every request any browser of this run sent, as (test, url): the loopback
# test checks them all, whichever test made them.
SEEN = []


def geodata(kind):
    with open(ROOT / "GeoData" / f"{kind}.geojson") as f:
        return json.load(f)["features"]


def positions(geometry):
    """Every [lon, lat] of a GeoJSON geometry."""
    def walk(c):
        if isinstance(c[0], (int, float)):
            yield c
        else:
            for part in c:
                yield from walk(part)
    return list(walk(geometry["coordinates"]))


def centroid(geometry):
    points = positions(geometry)
    return sum(p[1] for p in points) / len(points), sum(p[0] for p in points) / len(points)


# Inside the service area: the first facility of the demo data.
CALL_LAT, CALL_LON = centroid(geodata("facilities")[0]["geometry"])
# Where a click on the map may land: the data's extent, widened by half.
_all = [p for kind in ("areas", "facilities", "teams") for f in geodata(kind) for p in positions(f["geometry"])]
_w, _e = min(p[0] for p in _all), max(p[0] for p in _all)
_s, _n = min(p[1] for p in _all), max(p[1] for p in _all)
EXTENT = (_w - (_e - _w) / 2, _s - (_n - _s) / 2, _e + (_e - _w) / 2, _n + (_n - _s) / 2)


def is_local(url):
    if url.startswith(("data:", "blob:")):
        return True
    parts = urllib.parse.urlsplit(url)
    return parts.scheme == "http" and parts.netloc == ORIGIN.netloc and url.startswith(BASE_URL + "/")


def path_of(url):
    return urllib.parse.urlsplit(url).path


def api(method, path, key, body=None):
    """The API itself, to check what the page shows against it."""
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    request = urllib.request.Request(BASE_URL + path, data=data, method=method, headers={
        "Authorization": f"Bearer {key}", "Content-Type": "application/json", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=WAIT) as response:
        return json.load(response)


class Browser:
    """One Chromium with what it sent, read from its performance log."""

    def __init__(self, phone=False):
        options = Options()
        options.binary_location = CHROMIUM
        for flag in QUIET_FLAGS:
            options.add_argument(flag)
        if phone:
            options.add_argument(f"--window-size={PHONE[0]},{PHONE[1]}")
            options.add_experimental_option("mobileEmulation", {
                "deviceMetrics": {"width": PHONE[0], "height": PHONE[1], "pixelRatio": 3.0, "touch": True},
                "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                             "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
            })
        else:
            options.add_argument("--window-size=1280,800")
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
        self.driver.set_page_load_timeout(2 * WAIT)
        self.driver.set_script_timeout(WAIT)
        self.requests = {}  # requestId -> {url, method, post, done, status}
        self.order = []     # requestIds as sent

    def drain(self):
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            method, params = message.get("method"), message.get("params", {})
            rid = params.get("requestId")
            if method == "Network.requestWillBeSent":
                request = params["request"]
                if rid not in self.requests:
                    self.order.append(rid)
                    self.requests[rid] = {"urls": []}
                # A redirect keeps the id: the latest hop is what is fetched now.
                self.requests[rid].update(url=request["url"], method=request["method"], post=request.get("postData"),
                                          done=False, status=None)
                self.requests[rid]["urls"].append(request["url"])
            elif method == "Network.responseReceived" and rid in self.requests:
                self.requests[rid]["status"] = params["response"].get("status")
            elif method in ("Network.loadingFinished", "Network.loadingFailed") and rid in self.requests:
                self.requests[rid]["done"] = True

    def sent(self, start=0):
        """The requests sent since mark `start`, oldest first."""
        self.drain()
        return [self.requests[rid] for rid in self.order[start:]]

    def mark(self):
        self.drain()
        return len(self.order)

    def urls(self):
        self.drain()
        return [url for rid in self.order for url in self.requests[rid]["urls"]]

    def console_errors(self):
        try:
            return [e["message"] for e in self.driver.get_log("browser") if e.get("level") == "SEVERE"]
        except WebDriverException:
            return []

    def close(self, test):
        try:
            SEEN.extend((test, url) for url in self.urls())
        finally:
            self.driver.quit()


# Conditions for WebDriverWait: each takes the driver.
def _first(driver, css):
    found = driver.find_elements(By.CSS_SELECTOR, css)
    return found[0] if found else None


def displayed(css):
    def check(driver):
        element = _first(driver, css)
        return element is not None and element.is_displayed()
    return check


def not_displayed(css):
    def check(driver):
        element = _first(driver, css)
        return element is None or not element.is_displayed()
    return check


def has_text(css):
    def check(driver):
        element = _first(driver, css)
        return element is not None and element.is_displayed() and element.text.strip() != ""
    return check


PAGE_STATE_JS = """
const t = s => { const e = document.querySelector(s); if (!e) return null;
  return (e.hidden || e.offsetParent === null && getComputedStyle(e).position !== 'fixed' ? '[hidden] ' : '') + e.textContent.trim().slice(0, 200); };
const w = document.querySelector('#map-wrap');
return {url: location.href, message: t('#message'), signin_error: t('#signin-error'), whoami: t('#whoami'),
        call_status: t('#call-status'), heat_status: t('#heat-status'), map_wrap: w ? Object.assign({}, w.dataset) : null,
        team_rows: document.querySelectorAll('table#team-results tbody tr').length,
        facility_rows: document.querySelectorAll('table#facility-results tbody tr').length,
        underserved_rows: document.querySelectorAll('table#underserved-table tbody tr').length};
"""


class MapPage(unittest.TestCase):
    browser = None

    # --- set-up, screenshots, waits -------------------------------------------------

    def start(self, phone=False):
        self.browser = Browser(phone=phone)
        self.driver = self.browser.driver
        self.steps = 0
        self.addCleanup(self.browser.close, self._testMethodName)

    def tearDown(self):
        if self.browser is None:
            return
        try:
            self.shot("end")
            errors = self.browser.console_errors()
            if errors:
                print(f"\n  {self._testMethodName}: the browser console's errors:", file=sys.stderr)
                for line in errors[:20]:
                    print(f"    {line[:300]}", file=sys.stderr)
        except WebDriverException as error:
            print(f"\n  {self._testMethodName}: no final screenshot ({error.msg})", file=sys.stderr)

    def shot(self, step):
        self.steps += 1
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{self._testMethodName}-{self.steps:02d}-{step}.png"
        self.driver.save_screenshot(str(path))
        return path

    def page_state(self):
        try:
            return json.dumps(self.driver.execute_script(PAGE_STATE_JS))
        except WebDriverException as error:
            return f"(page state unreadable: {error.msg})"

    def wait(self, condition, what, timeout=WAIT):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.1,
                                 ignored_exceptions=(StaleElementReferenceException,)).until(condition)
        except TimeoutException:
            path = self.shot("timeout")
            self.fail(f"waited {timeout:g}s for: {what}\n  page: {self.page_state()}\n  screenshot: {path}")

    def find(self, css):
        found = self.driver.find_elements(By.CSS_SELECTOR, css)
        self.assertTrue(found, f"the page has no {css}")
        return found[0]

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def count(self, attribute):
        """A count the map states on #map-wrap; 0 while absent."""
        value = self.find("#map-wrap").get_attribute(f"data-{attribute}")
        try:
            return int(float(value)) if value not in (None, "") else 0
        except ValueError:
            self.fail(f"#map-wrap data-{attribute} is {value!r}, not a number")

    def counts_positive(self, *attributes):
        return lambda driver: all(self.count(a) > 0 for a in attributes)

    # --- steps shared by the tests --------------------------------------------------

    def open_page(self):
        self.driver.get(BASE_URL + "/")
        self.wait(displayed("form#signin input#key"), "the sign-in form with its key field (#key)")
        self.assertEqual(self.find("#key").get_attribute("type"), "password", "#key is a password field")

    def type_key(self, key):
        field = self.find("#key")
        field.clear()
        field.send_keys(key)

    def sign_in(self, role):
        self.open_page()
        self.type_key(KEYS[role])
        self.shot(f"{role}-key-typed")
        self.find("#signin-submit").click()
        self.check_signed_in(role)

    def check_signed_in(self, role):
        self.wait(lambda d: role in self.find("#whoami").text.lower(), f"#whoami to name the role {role!r}")
        if NAMES[role]:
            self.assertIn(NAMES[role].lower(), self.find("#whoami").text.lower(), "#whoami shows the key's name")
        self.wait(not_displayed("form#signin"), "the sign-in form to hide once signed in")
        self.wait(displayed("button#signout"), "the sign-out button")
        self.assertEqual(self.js("return window.sessionStorage.getItem('crisismap.key')"), KEYS[role],
                         "the key is kept in sessionStorage under crisismap.key")
        self.assertEqual(self.js("return window.localStorage.length"), 0, "nothing is written to localStorage")

    def check_views(self, shown, hidden):
        for view in shown:
            self.wait(displayed(f"section#{view}-view"), f"section#{view}-view to show")
        for view in hidden:
            self.find(f"section#{view}-view")
            self.wait(not_displayed(f"section#{view}-view"), f"section#{view}-view to stay hidden")

    def ranked_rows(self, table):
        """The ranks in the first cells of a result table, once it has rows."""
        rows = self.driver.find_elements(By.CSS_SELECTOR, f"table#{table} tbody tr")
        ranks = [row.find_element(By.CSS_SELECTOR, "th, td").text.strip() for row in rows]
        return ranks if ranks and all(row.is_displayed() for row in rows) else None

    def check_ranked(self, table):
        ranks = self.wait(lambda d: self.ranked_rows(table), f"ranked rows in table#{table}")
        self.assertEqual(ranks, [str(i + 1) for i in range(len(ranks))], f"table#{table} ranks rows 1, 2, ...")
        return ranks

    def wait_request(self, mark, paths, what):
        """The first request after `mark` to one of `paths`, once its answer arrived."""
        def sent(driver):
            return next((r for r in self.browser.sent(mark) if path_of(r["url"]) in paths), None)
        request = self.wait(sent, f"{what}: a request to {' or '.join(paths)}")
        self.wait(lambda d: self.browser.drain() or request["done"], f"{what}: the answer to {request['url']}")
        return request

    def check_against_api(self, request):
        """The first ranked team and facility are the API's, for the same body."""
        if path_of(request["url"]) != "/v1/recommendations" or not request["post"]:
            return
        answer = api("POST", "/v1/recommendations", KEYS["dispatcher"], request["post"].encode())
        for table, kind in (("team-results", "teams"), ("facility-results", "facilities")):
            results = answer[kind]["results"]
            rows = self.driver.find_elements(By.CSS_SELECTOR, f"table#{table} tbody tr")
            self.assertLessEqual(len(rows), len(results), f"table#{table} has no more rows than the API ranked")
            if results:
                top = results[0]
                names = [str(top[k]).lower() for k in ("name", "call_sign", "id") if top.get(k)]
                self.assertTrue(any(n in rows[0].text.lower() for n in names),
                                f"table#{table}'s first row {rows[0].text!r} names the API's first {kind[:-1]} {names}")

    def place_call_by_typing(self, lat, lon):
        for css, value in (("#call-lat", lat), ("#call-lon", lon)):
            field = self.find(css)
            field.clear()
            field.send_keys(f"{value:.6f}")
        self.shot("call-typed")
        mark = self.browser.mark()
        self.find("#call-submit").click()
        request = self.wait_request(mark, RECOMMEND_PATHS, "placing a typed call")
        self.check_ranked("team-results")
        self.check_ranked("facility-results")
        self.wait(has_text("#call-status"), "#call-status text once the call is ranked")
        self.find("#excluded-teams")
        self.find("#excluded-facilities")
        self.check_against_api(request)
        return request

    def click_map(self):
        """Clicks the map's centre (or, where a marker sits there, a spot beside it) to place a call."""
        canvas = self.find("canvas#map")
        for dx, dy in ((0, 0), (37, 23), (-41, 29), (53, -31), (-29, -47), (71, 5),
                       (-67, -9), (11, 61), (-13, -73), (89, 41), (-97, 37), (23, -89)):
            # A click on a marker shows its tip (#map-tip) instead of placing a call.
            # Off the map first, so a tip left by hovering a marker goes away.
            ActionChains(self.driver).move_to_element(self.find("#call-submit")).perform()
            self.wait(not_displayed("#map-tip"), "the map's tip to hide once the pointer leaves the map")
            mark = self.browser.mark()
            ActionChains(self.driver).move_to_element_with_offset(canvas, dx, dy).click().perform()

            def outcome(driver):
                if any(path_of(r["url"]) in RECOMMEND_PATHS for r in self.browser.sent(mark)):
                    return "call"
                tip = _first(driver, "#map-tip")
                return "marker" if tip is not None and tip.is_displayed() else None
            if self.wait(outcome, f"clicking the map {dx},{dy} px from its centre to place a call") == "call":
                return self.wait_request(mark, RECOMMEND_PATHS, "clicking the map")
            print(f"\n  the click {dx},{dy} px from the map's centre hit a marker "
                  f"({self.find('#map-tip').text!r}); trying beside it", file=sys.stderr)
        self.fail("every click on the map hit a marker")

    def set_month(self, css, month):
        """Types a (year, month) into a month picker, as a person would; checks it holds YYYY-MM."""
        field = self.find(css)
        self.assertEqual(field.get_attribute("type"), "month", f"{css} is a month picker (<input type=month>)")
        value = "%04d-%02d" % month
        # Chromium (en-US) shows the month by name and does not move on after two digits: the arrow does.
        field.send_keys("%02d" % month[1], Keys.ARROW_RIGHT, "%04d" % month[0])
        if field.get_property("value") != value:
            # Some builds take keys per locale differently; the value is what matters.
            print(f"\n  typing {value} into {css} gave {field.get_property('value')!r}; set it by script", file=sys.stderr)
            self.js("arguments[0].value = arguments[1];"
                    "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                    "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", field, value)
        self.assertEqual(field.get_property("value"), value, f"{css} holds {value}")
        return value

    def apply_planner_filter(self, since=(2025, 11), until=(2026, 10), category=True):
        """Picks another category (unless category=False) and a span of months; returns the category and a mark."""
        chosen = None
        if category:
            select = Select(self.find("select#category"))
            current = select.first_selected_option.get_attribute("value")
            values = [o.get_attribute("value") for o in select.options if o.get_attribute("value")]
            self.assertTrue(values, "select#category offers categories")
            chosen = next((v for v in ("welfare_check", "psychiatric") if v in values and v != current),
                          next(v for v in values if v != current))
            select.select_by_value(chosen)
        self.set_month("#since", since)
        self.set_month("#until", until)
        self.shot("filter-set")
        mark = self.browser.mark()
        self.find("#planner-apply").click()
        return chosen, mark

    def planning_queries(self, mark):
        """Once every planning request after `mark` was answered: {path: query} of the latest to each path."""
        new = lambda: [r for r in self.browser.sent(mark) if path_of(r["url"]) in ("/v1/density", "/v1/areas/underserved")]
        self.wait(lambda d: {path_of(r["url"]) for r in new()} == {"/v1/density", "/v1/areas/underserved"}
                  and all(r["done"] for r in new()), "the density and the ranking requested and answered")
        for r in new():
            self.assertEqual(r["status"], 200, f"{r['url']} answered {r['status']}")
        return {path_of(r["url"]): urllib.parse.parse_qs(urllib.parse.urlsplit(r["url"]).query) for r in new()}

    def canvas_digest(self):
        """A digest of the map canvas's pixels once two frames have drawn (any pending redraw is done)."""
        return self.driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            requestAnimationFrame(() => requestAnimationFrame(() => {
              const canvas = document.querySelector('#map');
              const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
              let h1 = 0x811c9dc5, h2 = 0, painted = 0;
              for (let i = 0; i < data.length; i += 4) {
                const v = data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24;
                h1 = Math.imul(h1 ^ v, 16777619) >>> 0;
                h2 = (h2 + Math.imul(v, i + 1)) >>> 0;
                if (data[i + 3]) painted++;
              }
              done(`${canvas.width}x${canvas.height} ${h1.toString(16)} ${h2.toString(16)} ${painted}`);
            }));""")

    def heat_on_off_digests(self):
        """The canvas with the heat layer shown, then hidden; the layer is shown again after."""
        box = self.find("#show-heat")
        self.assertTrue(box.is_selected(), "#show-heat starts checked")
        with_heat = self.canvas_digest()
        box.click()
        self.wait(lambda d: not self.find("#show-heat").is_selected(), "#show-heat to uncheck")
        without_heat = self.canvas_digest()
        self.find("#show-heat").click()
        self.wait(lambda d: self.find("#show-heat").is_selected(), "#show-heat to check again")
        self.canvas_digest()
        return with_heat, without_heat

    def wait_planner_loaded(self):
        self.wait(self.counts_positive("heat-cells"), "#map-wrap data-heat-cells > 0 (the heat layer)")
        self.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "table#underserved-table tbody tr")) >= 1,
                  "rows in table#underserved-table")
        self.wait(has_text("#heat-status"), "#heat-status text")

    def check_no_message(self, when):
        """The global error line (#message) stays hidden while all goes well."""
        self.assertFalse(displayed("#message")(self.driver),
                         f"#message shows an error {when}: {self.find('#message').text!r}")

    def check_no_calls_requested(self, mark=0):
        calls = [f"{r['method']} {r['url']}" for r in self.browser.sent(mark) if path_of(r["url"]).startswith("/v1/calls")]
        if calls:
            self.fail("a planner's page asked for single calls (/v1/calls):\n  " + "\n  ".join(calls))

    # --- the tests --------------------------------------------------------------------

    def test_a_dispatcher_places_calls(self):
        """Dispatcher: layers load; a typed call and a click on the map both give ranked teams and facilities."""
        self.start()
        self.sign_in("dispatcher")
        self.check_views(shown=["dispatch"], hidden=["planner"])
        self.wait(self.counts_positive("areas", "facilities", "teams"),
                  "#map-wrap data-areas, data-facilities and data-teams > 0")
        self.wait(displayed("div#map-wrap canvas#map"), "canvas#map inside div#map-wrap")
        self.wait(displayed("form#call-form"), "form#call-form")
        self.shot("layers-loaded")
        self.check_no_message("after the dispatcher's layers loaded")

        self.place_call_by_typing(CALL_LAT, CALL_LON)
        # The sample has roads: ETAs are by road and every result's drive is drawn.
        self.wait(self.counts_positive("routes"), "#map-wrap data-routes > 0 (road routes drawn)")
        self.assertEqual(self.find("#team-results").find_element(By.XPATH, "..").find_element(By.CSS_SELECTOR, ".eta-method").text,
                         "(ETA by road)")
        self.shot("typed-call-ranked")
        self.check_no_message("after a typed call was ranked")

        old_row = self.find("table#team-results tbody tr")
        old_text = self.find("table#team-results tbody").text
        old_status = self.find("#call-status").text
        request = self.click_map()
        if request["post"]:
            body = json.loads(request["post"])
            if "lat" in body and "lon" in body:
                west, south, east, north = EXTENT
                self.assertTrue(west <= body["lon"] <= east and south <= body["lat"] <= north,
                                f"the clicked point {body['lat']},{body['lon']} lies near the service area {EXTENT}")

        def rerendered(driver):
            try:
                old_row.is_displayed()
            except StaleElementReferenceException:
                return True
            return (self.find("table#team-results tbody").text != old_text
                    or self.find("#call-status").text != old_status)
        self.wait(rerendered, "the results to show the clicked call")
        self.check_ranked("team-results")
        self.check_ranked("facility-results")
        self.wait(has_text("#call-status"), "#call-status text once the clicked call is ranked")
        self.check_against_api(request)
        self.check_no_message("after a clicked call was ranked")
        self.shot("clicked-call-ranked")

    def test_i_team_moves_live(self):
        """Dispatcher: a position update sent to the API moves the team on the open page (event stream)."""
        self.start()
        self.sign_in("dispatcher")
        self.wait(displayed("#team-list tbody tr[data-team]"), "the team roster")
        self.wait(lambda d: self.find("#stream-state").text == "live", "#stream-state to say live")
        row = self.find("#team-list tbody tr[data-team]")
        team = row.get_attribute("data-team")
        lat, lon = CALL_LAT + 0.0123, CALL_LON - 0.0321
        fix_at = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=5)
        answer = api("PUT", f"/v1/teams/{team}/position", KEYS["dispatcher"],
                     {"lat": lat, "lon": lon, "fix_at": fix_at.strftime("%Y-%m-%dT%H:%M:%SZ")})
        self.assertTrue(answer["applied"], answer)
        selector = f'#team-list tbody tr[data-team="{team}"]'

        def moved(driver):
            moved_row = _first(driver, selector)
            return moved_row is not None and abs(float(moved_row.get_attribute("data-lat")) - lat) < 1e-9 \
                and abs(float(moved_row.get_attribute("data-lon")) - lon) < 1e-9
        self.wait(moved, f"team {team} to move to {lat},{lon} without a reload")
        self.shot("team-moved")

    def test_b_planner_sees_areas_not_calls(self):
        """Planner: heat layer and underserved table, no call form, no /v1/calls; filters reload."""
        self.start()
        self.sign_in("planner")
        self.check_views(shown=["planner"], hidden=["dispatch"])
        self.wait(not_displayed("form#call-form"), "no call form for a planner")
        self.wait_planner_loaded()
        self.assertEqual(self.count("teams"), 0, "a planner's map lists no teams (data-teams absent or 0)")
        self.wait(self.counts_positive("areas", "choropleth"), "#map-wrap data-areas and data-choropleth > 0")
        self.check_no_message("after the planner's layers loaded")
        self.shot("heat-loaded")
        before = self.find("#heat-status").text

        category, mark = self.apply_planner_filter()
        new = lambda: [r for r in self.browser.sent(mark) if path_of(r["url"]) in PLANNING_PATHS]
        self.wait(lambda d: any(f"category={category}" in r["url"] for r in new()),
                  f"a planning request with category={category} after Apply")
        self.wait(lambda d: any("since=" in r["url"] for r in new()), "a planning request with since= after Apply")
        self.wait(lambda d: all(r["done"] for r in new()), "the answers to the filtered planning requests")
        for path, query in self.planning_queries(mark).items():
            self.assertEqual((query.get("since"), query.get("until")), (["2025-11"], ["2026-10"]),
                             f"{path} is asked for whole months (YYYY-MM), not times")
        # One category over a year of GeoData rests on too few calls for its noise: the private map
        # may rightly draw nothing, and says the rule instead.
        self.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "table#underserved-table tbody tr")) >= 1,
                  "rows in table#underserved-table after the filter")
        self.wait(lambda d: "not shown" in self.find("#heat-status").text, "#heat-status states the rule after the filter")
        after = self.find("#heat-status").text
        print(f"\n  #heat-status: {before!r} -> {after!r}", file=sys.stderr)
        self.wait(not_displayed("form#call-form"), "still no call form")
        self.check_no_message("after applying the filter")
        self.check_no_calls_requested()
        self.shot("filtered")

    def test_j_planner_private_months(self):
        """Planner: month pickers send YYYY-MM; only released, shown cells are drawn; the legend states the rule and epsilon."""
        self.start()
        self.sign_in("planner")
        self.check_views(shown=["planner"], hidden=["dispatch"])
        self.wait_planner_loaded()
        for css in ("#since", "#until"):
            self.assertEqual(self.find(css).get_attribute("type"), "month", f"{css} is a month picker")

        # Half a year, all categories: both products are asked for these months, as months.
        _, mark = self.apply_planner_filter(since=(2026, 1), until=(2026, 6), category=False)
        queries = self.planning_queries(mark)
        for path, query in queries.items():
            self.assertEqual((query.get("since"), query.get("until")), (["2026-01"], ["2026-06"]),
                             f"{path} is asked for the picked months as YYYY-MM")
            self.assertNotIn("category", query, f"{path}: no category was picked")
        self.wait_planner_loaded()
        self.shot("months-applied")

        # What the page drew is what the private answer holds: no cell withheld or flagged.
        months = "since=2026-01&until=2026-06"
        density = api("GET", f"/v1/density?{months}", KEYS["planner"])
        header = density["crisismap"]
        self.assertEqual(header.get("privacy"), "private", f"a planner's density is private: {header}")
        self.assertGreaterEqual(header["min_count"], 11, "a private map never shows fewer than 11 calls")
        flagged = [f["properties"] for f in density["features"] if "suppressed" in f["properties"]]
        self.assertEqual(flagged, [], "a private density answer has no suppressed property: withheld cells are absent")
        self.assertTrue(all(isinstance(f["properties"].get("density"), (int, float)) for f in density["features"]),
                        "every cell of a private answer has a density")
        self.wait(lambda d: self.count("heat-cells") == len(density["features"]),
                  f"#map-wrap data-heat-cells == the {len(density['features'])} cells of the answer")

        status = self.find("#heat-status").text
        print(f"\n  #heat-status: {status!r}", file=sys.stderr)
        self.assertIn("Private map of", status, "#heat-status says the map is private")
        self.assertIn(f"fewer than {header['min_count']} calls are not shown", status, "#heat-status states the rule")
        self.assertIn(f"{len(density['features']):,} cells of {header['cell_size_m']:g} m shown", status,
                      "#heat-status counts the cells drawn")
        if "calls" in header:
            self.assertIn(f"about {header['calls']:,} calls", status, "#heat-status gives the noisy total")
        else:
            self.assertNotIn(" calls:", status, "no total where the answer gives none")
        for word in ("hidden", "grey", "suppressed", "withheld"):
            self.assertNotIn(word, status.lower(), f"#heat-status never mentions places not shown ({word!r})")

        self.wait(displayed("#legend-box"), "the legend")
        legend = self.find("#legend").text
        print(f"  #legend: {legend!r}", file=sys.stderr)
        self.assertIn("epsilon", legend, "the legend states the epsilon")
        self.assertIn(f"epsilon {header['epsilon']:g} ", legend, "the legend's epsilon is the answer's")
        self.assertIn("not shown", legend, "the legend states the rule for places not shown")
        self.assertIn(f"fewer than {header['min_count']} calls", legend, "the legend's threshold is the answer's")
        for word in ("hidden", "grey", "suppressed", "withheld"):
            self.assertNotIn(word, legend.lower(), f"the legend never counts or shows places not shown ({word!r})")

        # Rows: a withheld rate is '–', a shown one is the answer's.
        ranking = api("GET", f"/v1/areas/underserved?{months}", KEYS["planner"])
        self.assertEqual(ranking.get("privacy"), "private", "a planner's ranking is private")
        kinds = ", ".join(kind.replace("_", " ") for kind in ranking["supply_kinds"])
        self.assertIn(f"beds of {kinds};", legend, "the legend names the 2SFCA supply kinds of the answer")
        rows = self.driver.find_elements(By.CSS_SELECTOR, "table#underserved-table tbody tr")
        self.assertEqual(len(rows), len(ranking["rows"]), "the table has a row per ranked area")
        for tr, row in zip(rows, ranking["rows"]):
            cells = [td.text.strip() for td in tr.find_elements(By.CSS_SELECTOR, "td")]
            want = "–" if row.get("calls_per_1000") is None else f"{row['calls_per_1000']:.1f}"
            self.assertEqual(cells[3], want, f"calls / 1,000 of {row['name']}")
        withheld = sum(1 for row in ranking["rows"] if row.get("calls_per_1000") is None)
        print(f"  {len(ranking['rows'])} ranked areas, {withheld} without a rate", file=sys.stderr)

        # The heat layer draws: hiding it changes the canvas.
        shown, off = self.heat_on_off_digests()
        self.assertNotEqual(shown, off, "the heat layer draws the shown cells")

        # Defensively: a flagged or density-less cell, were an answer to carry one, is never drawn
        # (no grey). The page's density answers are replaced by such cells only, over the whole area.
        west, south, east, north = EXTENT
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        self.js("""
            const ring = arguments[0], original = window.fetch;
            window.fetch = async (input, init) => {
              const response = await original(input, init);
              const url = new URL(typeof input === 'string' ? input : input.url, location.href);
              if (url.pathname !== '/v1/density' || !response.ok) return response;
              const answer = await response.json();
              const cell = (properties) => ({type: 'Feature', geometry: {type: 'Polygon', coordinates: [ring]}, properties});
              answer.features = [cell({row: 0, col: 0, suppressed: true}), cell({row: 0, col: 1, suppressed: true, density: 5}),
                                 cell({row: 0, col: 2})];
              return new Response(JSON.stringify(answer), {status: 200, headers: {'Content-Type': 'application/geo+json'}});
            };""", ring)
        mark = self.browser.mark()
        self.find("#planner-apply").click()
        self.planning_queries(mark)
        self.wait(lambda d: self.count("heat-cells") == 0 and "0 cells of" in self.find("#heat-status").text,
                  "no cell drawn from an answer of flagged and density-less cells")
        status = self.find("#heat-status").text
        for word in ("hidden", "grey", "suppressed", "withheld", "3 cells"):
            self.assertNotIn(word, status.lower(), f"#heat-status never mentions cells not drawn ({word!r})")
        shown, off = self.heat_on_off_digests()
        self.assertEqual(shown, off, "flagged or density-less cells leave the map untouched (nothing grey is drawn)")
        self.check_no_message("after the months were applied")
        self.check_no_calls_requested()
        self.shot("nothing-withheld-drawn")

    def test_c_bad_key_is_refused(self):
        """A key the server does not know: an error, and no view."""
        self.start()
        self.open_page()
        self.type_key("cm_this-is-not-a-valid-key-0000000000")
        self.find("#signin-submit").click()
        self.wait(has_text("#signin-error"), "#signin-error to show a message")
        print(f"\n  #signin-error: {self.find('#signin-error').text!r}", file=sys.stderr)
        self.check_views(shown=[], hidden=["dispatch", "planner"])
        self.wait(displayed("form#signin"), "the sign-in form to stay")
        self.shot("refused")

    def test_d_admin_switches_views(self):
        """Admin: both views, switched by the tabs in nav#views."""
        self.start()
        self.sign_in("admin")
        dispatch_tab = self.wait(lambda d: _first(d, 'nav#views button[data-view="dispatch"]'), "the dispatch tab")
        planner_tab = self.wait(lambda d: _first(d, 'nav#views button[data-view="planner"]'), "the planner tab")
        self.wait(lambda d: dispatch_tab.is_displayed() and planner_tab.is_displayed(), "both tabs shown")
        self.shot("signed-in")

        planner_tab.click()
        self.check_views(shown=["planner"], hidden=["dispatch"])
        self.wait_planner_loaded()
        self.shot("planner-tab")

        dispatch_tab.click()
        self.check_views(shown=["dispatch"], hidden=["planner"])
        self.wait(displayed("form#call-form"), "form#call-form in the dispatch view")
        self.wait(displayed("canvas#map"), "the map in the dispatch view")
        self.check_no_message("after switching between the views")
        self.shot("dispatch-tab")

    def check_fits_phone(self, when):
        width, viewport = self.js("return [document.documentElement.scrollWidth, "
                                  "!!document.querySelector('meta[name=viewport]')]")
        self.assertLessEqual(width, PHONE[0] + 1,
                             f"the page scrolls sideways at {PHONE[0]} px {when}: scrollWidth {width}"
                             + ("" if viewport else " (the page has no <meta name=viewport>)"))

    def test_e_phone_width(self):
        """390 px wide: the call form and the map show, and nothing scrolls sideways."""
        self.start(phone=True)
        self.open_page()
        self.check_fits_phone("on the sign-in form")
        self.type_key(KEYS["dispatcher"])
        self.shot("phone-key-typed")
        self.find("#signin-submit").click()
        self.check_signed_in("dispatcher")
        self.check_views(shown=["dispatch"], hidden=["planner"])
        self.wait(displayed("form#call-form"), "form#call-form at phone width")
        self.wait(displayed("canvas#map"), "canvas#map at phone width")
        self.wait(self.counts_positive("areas", "facilities"), "the map's layers at phone width")
        self.shot("phone-signed-in")
        self.check_fits_phone("once signed in")
        canvas = self.find("canvas#map").rect
        self.assertLessEqual(canvas["x"] + canvas["width"], PHONE[0] + 1, "the map fits the phone's width")
        self.js("document.querySelector('#call-form').scrollIntoView()")
        self.shot("phone-call-form")

    def test_g_keyboard_sign_in(self):
        """TAB reaches #key and #signin-submit; Enter submits (from the field and from the button)."""
        self.start()
        self.open_page()

        def active_id():
            return self.driver.switch_to.active_element.get_attribute("id")

        def tab_to(element_id, presses=40):
            for count in range(presses + 1):
                if active_id() == element_id:
                    return count
                ActionChains(self.driver).send_keys(Keys.TAB).perform()
            self.fail(f"{presses} presses of TAB never focus #{element_id} (focus is on #{active_id()})")

        # Start from nothing focused (the page may have focused #key itself).
        self.js("document.activeElement && document.activeElement.blur()")
        print(f"\n  TAB presses to #key: {tab_to('key')}", file=sys.stderr)
        ActionChains(self.driver).send_keys("cm_not-a-key-typed-by-keyboard").send_keys(Keys.ENTER).perform()
        self.wait(has_text("#signin-error"), "Enter in #key submits the form (a wrong key shows #signin-error)")
        self.shot("enter-in-field")

        tab_to("key")
        ActionChains(self.driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL) \
            .send_keys(KEYS["dispatcher"]).perform()
        tab_to("signin-submit")
        self.shot("focus-on-submit")
        ActionChains(self.driver).send_keys(Keys.ENTER).perform()
        self.check_signed_in("dispatcher")
        self.check_views(shown=["dispatch"], hidden=["planner"])
        self.shot("signed-in")

    def test_h_clinician_dispatch_only(self):
        """Clinician: the dispatch view only."""
        self.start()
        self.sign_in("clinician")
        self.check_views(shown=["dispatch"], hidden=["planner"])
        self.wait(displayed("form#call-form"), "form#call-form for a clinician")
        self.shot("signed-in")

    def test_f_no_request_leaves_loopback(self):
        """Dispatcher then planner in one browser, and every test before: nothing beyond 127.0.0.1."""
        self.start()
        self.sign_in("dispatcher")
        self.wait(self.counts_positive("areas", "facilities", "teams"), "the dispatcher's layers")
        self.place_call_by_typing(CALL_LAT, CALL_LON)
        self.shot("dispatcher-done")
        self.find("button#signout").click()
        self.wait(displayed("form#signin input#key"), "the sign-in form after signing out")
        self.assertIsNone(self.js("return window.sessionStorage.getItem('crisismap.key')"),
                          "signing out forgets the key")
        self.shot("signed-out")

        mark = self.browser.mark()
        self.type_key(KEYS["planner"])
        self.find("#signin-submit").click()
        self.check_signed_in("planner")
        self.check_views(shown=["planner"], hidden=["dispatch"])
        self.wait_planner_loaded()
        _, applied = self.apply_planner_filter()
        self.wait(lambda d: any(path_of(r["url"]) in PLANNING_PATHS for r in self.browser.sent(applied)),
                  "a planning request after Apply")
        self.wait_planner_loaded()
        self.check_no_calls_requested(mark)
        self.shot("planner-done")

        own = self.browser.urls()
        self.assertTrue(any(path_of(u).startswith("/v1/") for u in own), "the performance log saw the API requests")
        everything = SEEN + [(self._testMethodName, u) for u in own]
        outside = sorted({f"{test}: {url[:200]}" for test, url in everything if not is_local(url)})
        print(f"\n  {len(everything)} requests checked, {len({u for _, u in everything})} distinct URLs", file=sys.stderr)
        if outside:
            self.fail(f"requests beyond {BASE_URL}/, data: and blob: ({len(outside)}):\n  " + "\n  ".join(outside))


def load_tests(loader, tests, pattern):
    """The loopback test last, so it also sees what every other test sent."""
    order = ["test_a_dispatcher_places_calls", "test_b_planner_sees_areas_not_calls", "test_j_planner_private_months",
             "test_c_bad_key_is_refused",
             "test_d_admin_switches_views", "test_e_phone_width", "test_g_keyboard_sign_in",
             "test_h_clinician_dispatch_only", "test_i_team_moves_live", "test_f_no_request_leaves_loopback"]
    names = loader.getTestCaseNames(MapPage)
    assert sorted(order) == sorted(names), f"load_tests lists {sorted(order)}, the class has {sorted(names)}"
    return unittest.TestSuite(MapPage(name) for name in order)


if __name__ == "__main__":
    unittest.main(verbosity=2)
