"""JupyterLab + jupyterlab-lsp, in headless Chromium, driving `critique lsp`.

Usage: python3 jupyterlab_e2e.py JUPYTER_BIN WORKSPACE CONFIG_DIR OUT_DIR

JUPYTER_BIN is the `jupyter` of a venv with jupyterlab, jupyterlab-lsp and jupyter-lsp;
WORKSPACE is made by `critique init` (its sample critique has deliberate findings);
CONFIG_DIR is EditorConfigs/jupyterlab (jupyter_server_config.json, overrides.json); `critique`
must be on PATH. Steps: start JupyterLab with the shipped config, open the sample critique,
wait for the diagnostics to be drawn in the editor, type `#` and wait for the tag completion.
Screenshots and the browser console go to OUT_DIR. Prints PASS:/FAIL: lines and exits 0 when
every step passed.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

jupyter, workspace, config_dir, out_dir = sys.argv[1:5]
os.makedirs(out_dir, exist_ok=True)
failures = 0


def check(ok, step, detail=""):
    global failures
    print(("PASS: " if ok else "FAIL: ") + step + (f" ({detail})" if detail else ""), flush=True)
    if not ok:
        failures += 1
    return ok


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


home = tempfile.mkdtemp(prefix="critique-jlab-")
jconfig = os.path.join(home, "config")
settings = os.path.join(home, "settings")
os.makedirs(jconfig)
os.makedirs(settings)
shutil.copy(os.path.join(config_dir, "jupyter_server_config.json"), jconfig)
# Where the README says overrides.json goes: <prefix>/share/jupyter/lab/settings/.
prefix_settings = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(jupyter))), "share", "jupyter", "lab", "settings")
os.makedirs(prefix_settings, exist_ok=True)
shutil.copy(os.path.join(config_dir, "overrides.json"), prefix_settings)
port = free_port()
env = dict(os.environ, HOME=home, JUPYTER_CONFIG_DIR=jconfig, JUPYTER_RUNTIME_DIR=os.path.join(home, "runtime"),
           JUPYTER_DATA_DIR=os.path.join(home, "data"), JUPYTERLAB_SETTINGS_DIR=os.path.join(home, "user-settings"),
           JUPYTERLAB_WORKSPACES_DIR=os.path.join(home, "workspaces"))
log = open(os.path.join(out_dir, "jupyterlab.log"), "w")
lab = subprocess.Popen([jupyter, "lab", "--no-browser", "--allow-root", f"--port={port}", "--ip=127.0.0.1",
                        "--ServerApp.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
                        f"--ServerApp.root_dir={workspace}",
                        "--LabApp.expose_app_in_browser=True"],
                       env=env, stdout=log, stderr=subprocess.STDOUT)
driver = None
try:
    deadline = time.time() + 60
    up = False
    while time.time() < deadline and not up:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                up = True
        except OSError:
            time.sleep(0.3)
    check(up, "JupyterLab started", f"port {port}")

    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800", "--disable-dev-shm-usage"]:
        options.add_argument(a)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    opened = time.time()
    driver.get(f"http://127.0.0.1:{port}/lab/tree/critiques/T-0042.critique.md")

    def wait(pred, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            try:
                v = pred()
                if v:
                    return v
            except Exception:
                pass
            time.sleep(0.2)
        return None

    editor = wait(lambda: driver.find_element(By.CSS_SELECTOR, ".jp-FileEditor .cm-content"))
    check(editor is not None, "the critique opens in the file editor")
    editor_visible = time.time()
    marks = wait(lambda: driver.find_elements(By.CSS_SELECTOR, ".cm-lintRange-error, .cm-lintRange-warning"), 90)
    check(bool(marks), "diagnostics drawn in the editor",
          f"{len(marks or [])} ranges, {time.time() - editor_visible:.1f} s after the editor, {time.time() - opened:.1f} s after opening")
    status = json.loads(subprocess.run(["curl", "-s", f"http://127.0.0.1:{port}/lsp/status"], capture_output=True, text=True).stdout or "{}")
    sessions = status.get("sessions", {})
    check("critique" in sessions, "jupyter-lsp runs the critique server", json.dumps({k: v.get("status") for k, v in sessions.items()}))
    # The diagnostics panel lists each finding with its rule id.
    driver.execute_script("window.jupyterapp.commands.execute('lsp:show-diagnostics-panel')")
    listing = wait(lambda: driver.find_element(By.CSS_SELECTOR, ".lsp-diagnostics-listing").text, 20) or ""
    check("tag-unknown" in listing and "score-off-step" in listing, "diagnostics by rule id in the panel", " ".join(listing.split())[:200])
    driver.save_screenshot(os.path.join(out_dir, "jupyterlab-diagnostics-1280.png"))

    # Completion after `#`: type at the end of line 13 (prose of the first section).
    lines = driver.find_elements(By.CSS_SELECTOR, ".jp-FileEditor .cm-line")
    target = lines[12] if len(lines) > 12 else lines[-1]
    target.click()
    actions = webdriver.ActionChains(driver)
    actions.send_keys(Keys.END).perform()
    # (Request at the `#`, then narrow by typing: JupyterLab inserts an item at the cursor
    # without replacing a word typed before the request, whatever the textEdit range says.)
    for ch in " #":
        webdriver.ActionChains(driver).send_keys(ch).perform()
        time.sleep(0.15)
    def completer_items():
        return [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".jp-Completer-item .jp-Completer-match") if e.text]
    # As you type (the shipped overrides turn autoCompletion on); else Tab, JupyterLab's key.
    items = wait(completer_items, 5)
    how = "as you type"
    if not items:
        webdriver.ActionChains(driver).send_keys(Keys.TAB).perform()
        items = wait(completer_items, 20)
        how = "on Tab"
    manager = json.loads(subprocess.run(["curl", "-s", f"http://127.0.0.1:{port}/lab/api/settings/@jupyterlab/completer-extension:manager"],
                                        capture_output=True, text=True).stdout or "{}")
    auto = manager.get("settings", {}).get("autoCompletion", manager.get("schema", {}).get("properties", {}).get("autoCompletion", {}).get("default"))
    check(bool(items) and any("hallucination" in t for t in items), "completion after # lists the rubric's tags",
          f"{how}; autoCompletion setting {'on' if auto else 'off'}; " + ", ".join(items or []))
    if items:
        webdriver.ActionChains(driver).send_keys("hallu").perform()
        time.sleep(0.5)
        webdriver.ActionChains(driver).send_keys(Keys.ENTER).perform()
        time.sleep(0.5)
        text = driver.execute_script("return document.querySelector('.jp-FileEditor .cm-content').innerText")
        line = next((l for l in text.split("\n") if "#hallucination" in l and "was asked for" in l), "")
        check("#hallucination" in line and "##" not in line, "the completed tag has one #", line)
    driver.save_screenshot(os.path.join(out_dir, "jupyterlab-completion-1280.png"))

    # Go to definition of `#hallucination` (line 19): the rubric opens at the tag.
    lines = driver.find_elements(By.CSS_SELECTOR, ".jp-FileEditor .cm-line")
    tag = next((l for l in lines if l.text.startswith("B: 3 #hallucination")), None)
    if tag is not None:
        webdriver.ActionChains(driver).move_to_element_with_offset(tag, -tag.size["width"] // 2 + 60, 0).click().perform()
        time.sleep(0.3)
        driver.execute_script("window.jupyterapp.commands.execute('lsp:jump-to-definition')")
        tab = wait(lambda: [t.text for t in driver.find_elements(By.CSS_SELECTOR, ".lm-TabBar-tabLabel") if "rubric.json" in t.text], 20)
        check(bool(tab), "go to definition opens the rubric", ", ".join(tab or []))
        driver.save_screenshot(os.path.join(out_dir, "jupyterlab-definition-1280.png"))
    else:
        check(False, "go to definition opens the rubric", "line 19 not found")
    driver.set_window_size(390, 844)
    time.sleep(0.5)
    driver.save_screenshot(os.path.join(out_dir, "jupyterlab-390.png"))

    logs = driver.get_log("browser")
    with open(os.path.join(out_dir, "console.json"), "w") as f:
        json.dump(logs, f, indent=1)
    known = ("has no transformers yet", "Settings failed to load")
    errors = [l["message"] for l in logs if l.get("level") == "SEVERE" and not any(k in l["message"] for k in known)]
    check(not errors, "no console error", "; ".join(errors)[:500])
finally:
    if driver:
        driver.quit()
    lab.terminate()
    try:
        lab.wait(timeout=15)
    except subprocess.TimeoutExpired:
        lab.kill()
    log.close()
    shutil.rmtree(home, ignore_errors=True)

print("all passed" if failures == 0 else f"{failures} step(s) failed", flush=True)
sys.exit(0 if failures == 0 else 1)
