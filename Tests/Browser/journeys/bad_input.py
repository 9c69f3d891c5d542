"""Bad input in the forms (technician note and resolve, IVR menu; login and ticket create are in their journeys) gets a clear message and writes nothing.

Writes nothing is checked through the API: the ticket's events and status, and the IVR
menu, are the same before and after each refused submit.
"""
import os
import secrets

from harness.browser import PHONE

from .common import expect, landed, password

NAME = "bad-input"
NEEDS = ["index.html", "core.js", "tech.js"]


def run(ctx):
    nb = ctx.cluster["north-bay"]
    note_refused(ctx, nb)
    if landed(ctx.cluster, "wall"):
        ivr_refused(ctx, nb)
    else:
        ctx.note("IVR menu form not checked: wall.js has not landed")


def write_file(folder, name, size, head=b""):
    os.makedirs(folder, exist_ok=True)
    path = os.path.abspath(os.path.join(folder, name))
    with open(path, "wb") as f:
        f.write(head + b"\0" * (size - len(head)))
    return path


def note_refused(ctx, nb):
    # A ticket assigned to tech-zhang, made through the API (the call journey makes one in the page).
    supervisor = nb.api("supervisor")
    ticket = supervisor.post("/api/v1/tickets", {"category": "repair", "title": f"门禁失灵 {secrets.token_hex(3)}",
                                                 "description": "测试：无效的进展不应写入"})
    tid = ticket["id"]
    # The site's dispatch rules may have assigned it already: then re-assign.
    current = supervisor.get(f"/api/v1/tickets/{tid}")
    if current.get("assignee") != "tech-zhang":
        kind = "assigned" if current["status"] == "open" else "reassigned"
        supervisor.post(f"/api/v1/tickets/{tid}/events",
                        {"type": kind, "assignee": "tech-zhang", "department": current.get("department") or "工程部"})

    def events():
        return supervisor.get(f"/api/v1/tickets/{tid}/events")["events"]

    t = ctx.browser("technician", PHONE)
    t.login(nb.console, "tech-zhang", password())
    t.go("#/tech")
    t.click(f"tech-ticket-{tid}", timeout=20)
    t.click("tech-accept")
    t.wait_attr("ticket-status", "data-status", "accepted")
    before = events()

    t.fill("tech-note-text", "")
    t.click("tech-note-submit")
    t.wait_error()
    t.shot("empty-note-refused")
    expect(events() == before, "an empty note was written")

    big = write_file(ctx.scratch, "too-large.jpg", 6 * 1024 * 1024, b"\xff\xd8\xff\xe0")
    t.fill("tech-note-text", "现场照片")
    t.find("tech-note-photo").send_keys(big)
    t.click("tech-note-submit")
    t.wait_error()
    t.shot("large-photo-refused")
    expect(events() == before, "a note with a 6 MB photo was written")

    t.driver.refresh()
    t.wait("tech-note-text")
    text = write_file(ctx.scratch, "not-a-photo.txt", 100, b"hello")
    t.fill("tech-note-text", "附件")
    t.find("tech-note-photo").send_keys(text)
    t.click("tech-note-submit")
    t.wait_error()
    t.shot("text-file-refused")
    expect(events() == before, "a note with a text file as photo was written")

    t.fill("tech-resolve-summary", "")
    t.click("tech-resolve")
    t.wait_error()
    t.shot("empty-resolution-refused")
    expect(supervisor.get(f"/api/v1/tickets/{tid}")["status"] == "accepted", "an empty resolution was written")
    expect(events() == before, "an empty resolution wrote an event")
    ctx.note("note and resolve: empty text, a 6 MB photo, a text file refused; nothing written")


def ivr_refused(ctx, nb):
    s = ctx.browser("supervisor")
    s.login(nb.console, "supervisor", password())
    api = nb.api("supervisor")
    before = api.get("/api/v1/ivr/menu")
    s.go("#/wall")
    s.wait("wall-ivr-form", timeout=20)

    s.fill_css('[data-testid="wall-ivr-form"] textarea[name="root"]', "")
    s.click("wall-ivr-submit")
    s.wait_error()
    s.shot("ivr-empty-prompt-refused")
    expect(api.get("/api/v1/ivr/menu") == before, "a menu with an empty prompt was saved")

    s.driver.refresh()
    s.wait("wall-ivr-json-form", timeout=20, visible=False)
    s.driver.execute_script("document.querySelector('[data-testid=\"wall-ivr-json-form\"]').closest('details').open = true")
    s.fill("wall-ivr-json", "{ 这不是 JSON")
    s.click("wall-ivr-json-submit")
    s.wait_error()
    s.shot("ivr-bad-json-refused")
    expect(api.get("/api/v1/ivr/menu") == before, "a bad JSON menu changed the menu")
    ctx.note("IVR menu: an empty prompt and malformed JSON refused, menu unchanged")
