"""Headless Chromium through selenium, addressed by the console's `data-testid`s."""
import json
import os
import re

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from . import wait

DESKTOP = (1366, 768)
PHONE = (390, 844)


def _find(name, candidates):
    for path in candidates:
        if path and os.path.exists(path):
            return path
    raise RuntimeError(f"{name} not found (looked in {', '.join(c for c in candidates if c)})")


def testid(name):
    return f'[data-testid="{name}"]'


class Browser:
    """One person's browser (its own cookies): a journey opens one per signed-in user."""

    def __init__(self, artifacts, label, size=DESKTOP):
        options = webdriver.ChromeOptions()
        options.binary_location = _find("chromium", [os.environ.get("CHROMIUM"), "/usr/bin/chromium",
                                                     "/usr/bin/chromium-browser"])
        for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    f"--window-size={size[0]},{size[1]}", "--lang=zh-CN", "--no-first-run"]:
            options.add_argument(arg)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(_find("chromedriver", [os.environ.get("CHROMEDRIVER"), "/usr/bin/chromedriver"]))
        self.driver = webdriver.Chrome(options=options, service=service)
        # The viewport itself is the contract's size (the window would include browser chrome).
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": size == PHONE})
        self.artifacts = artifacts
        self.label = label
        self.shots = 0
        os.makedirs(artifacts, exist_ok=True)

    # MARK: finding and waiting

    def find(self, name):
        return self.driver.find_element(By.CSS_SELECTOR, testid(name))

    def all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def present(self, name):
        return bool(self.all(testid(name)))

    def visible(self, name):
        found = self.all(testid(name))
        return bool(found) and found[0].is_displayed()

    def wait(self, name, timeout=15, visible=True):
        """The element with `data-testid=name`, once present (and visible)."""
        def ready():
            found = self.all(testid(name))
            if found and (not visible or found[0].is_displayed()):
                return found[0]
            return None
        return wait.until(ready, timeout, f"[data-testid={name}] in {self.label} at {self.driver.current_url}")

    def wait_css(self, css, timeout=15):
        return wait.until(lambda: [e for e in self.all(css) if e.is_displayed()], timeout, f"{css} in {self.label}")

    def wait_attr(self, name, attr, value, timeout=15):
        def matches():
            found = self.all(testid(name))
            return bool(found) and found[0].get_attribute(attr) == value
        try:
            return wait.until(matches, timeout, f"[data-testid={name}] {attr}={value!r}")
        except wait.Timeout as error:
            current = [e.get_attribute(attr) for e in self.all(testid(name))]
            raise wait.Timeout(f"{error} (now {current})") from None

    def wait_attr_in(self, name, attr, values, timeout=15):
        """Waits until the attribute is one of `values`; returns it."""
        def matches():
            found = self.all(testid(name))
            value = found[0].get_attribute(attr) if found else None
            return value if value in values else None
        try:
            return wait.until(matches, timeout, f"[data-testid={name}] {attr} in {sorted(values)}")
        except wait.Timeout as error:
            current = [e.get_attribute(attr) for e in self.all(testid(name))]
            raise wait.Timeout(f"{error} (now {current})") from None

    def wait_text(self, name, pattern, timeout=15):
        def matches():
            found = self.all(testid(name))
            return found and re.search(pattern, found[0].text)
        return wait.until(matches, timeout, f"[data-testid={name}] to show /{pattern}/")

    def wait_error(self, timeout=15):
        """The message a refused form shows: `form-error` at its top or `field-error` by the field."""
        def shown():
            for e in self.all('[data-testid="form-error"], [data-testid="field-error"]'):
                if e.is_displayed() and e.text.strip():
                    return e
            return None
        return wait.until(shown, timeout, f"a form-error or field-error in {self.label} at {self.driver.current_url}")

    def click(self, name, timeout=15):
        element = self.wait(name, timeout)
        wait.until(lambda: element.is_enabled(), timeout, f"[data-testid={name}] to be enabled")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        return element

    def fill(self, name, text, timeout=15):
        element = self.wait(name, timeout)
        element.clear()
        if text:
            element.send_keys(text)
        return element

    def fill_css(self, css, text):
        element = wait.until(lambda: (self.all(css) or [None])[0], 15, css)
        element.clear()
        if text:
            element.send_keys(text)
        return element

    def select(self, name, value):
        Select(self.wait(name)).select_by_value(value)

    # MARK: navigation

    def open(self, url):
        self.driver.get(url)

    def go(self, hash_route):
        self.driver.execute_script("location.hash = arguments[0]", hash_route)

    def login(self, console_url, username, password):
        """Signs in on the login page and waits for the header to name the user."""
        self.open(console_url)
        self.fill("login-username", username)
        self.fill("login-password", password)
        self.click("login-submit")
        self.wait("who", timeout=20)

    def fetch_status(self, path):
        """The HTTP status of a GET the page itself makes (with its session cookie)."""
        return self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(arguments[0], {credentials: 'same-origin'}).then(r => done(r.status), e => done(String(e)));",
            path)

    # MARK: artifacts

    def shot(self, step):
        self.shots += 1
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", step)
        path = os.path.join(self.artifacts, f"{self.label}-{self.shots:02d}-{safe}.png")
        self.driver.save_screenshot(path)
        return path

    def dump_console_log(self):
        try:
            entries = self.driver.get_log("browser")
        except Exception:  # noqa: BLE001 - a driver that died has no log
            return
        with open(os.path.join(self.artifacts, f"{self.label}-console.log"), "w", encoding="utf-8") as f:
            for e in entries:
                f.write(json.dumps(e, ensure_ascii=False) + "\n")

    def close(self):
        try:
            self.driver.quit()
        except Exception:  # noqa: BLE001 - already gone
            pass
