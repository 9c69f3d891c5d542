"""Bad input in the forms (note, IVR menu; login and ticket create are in their journeys) gets a clear message and writes nothing.

Writes nothing is checked through the API: the ticket's event count and the IVR menu are
the same before and after the refused submit.
"""
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


def note_refused(ctx, nb):
    # A ticket assigned to tech-zhang, made through the API (the call journey makes one in the page).
    supervisor = nb.api("supervisor")
    ticket = supervisor.post("/api/v1/tickets", {"category": "repair", "title": f"门禁失灵 {secrets.token_hex(3)}",
                                                 "description": "测试：空白进展不应写入"})
    tid = ticket["id"]
    supervisor.post(f"/api/v1/tickets/{tid}/events",
                    {"type": "assigned", "assignee": "tech-zhang", "department": "工程部"})
    events = lambda: len(supervisor.get(f"/api/v1/tickets/{tid}/events").get("events", []))  # noqa: E731
    before = events()

    t = ctx.browser("technician", PHONE)
    t.login(nb.console, "tech-zhang", password())
    t.go("#/tech")
    t.click(f"tech-ticket-{tid}", timeout=20)
    t.click("tech-accept")
    t.wait_attr("ticket-status", "data-status", "accepted")
    before = events()
    t.fill("tech-note-text", "")
    t.click("tech-note-submit")
    error = t.wait("form-error")
    expect(error.text.strip(), "an empty note gave an empty message")
    t.shot("empty-note-refused")
    expect(events() == before, "an empty note was written")

    t.fill("tech-note-text", "长" * 5000)
    t.click("tech-note-submit")
    t.wait("form-error")
    t.shot("long-note-refused")
    expect(events() == before, "an over-long note was written")

    t.fill("tech-resolve-summary", "")
    t.click("tech-resolve")
    t.wait("form-error")
    expect(supervisor.get(f"/api/v1/tickets/{tid}")["status"] == "accepted", "an empty resolution was written")
    ctx.note("note and resolve: empty and over-long input refused, nothing written")


def ivr_refused(ctx, nb):
    s = ctx.browser("supervisor")
    s.login(nb.console, "supervisor", password())
    api = nb.api("supervisor")
    before = api.request("GET", "/api/v1/ivr/menu")
    s.go("#/wall")
    s.wait("wall-ivr", timeout=20)
    s.click("ivr-edit")
    s.fill("ivr-prompt", "")
    s.click("ivr-submit")
    s.wait("form-error")
    s.shot("ivr-refused")
    expect(api.request("GET", "/api/v1/ivr/menu") == before, "a refused IVR menu changed the menu")
    ctx.note("IVR menu: an empty prompt refused, menu unchanged")
