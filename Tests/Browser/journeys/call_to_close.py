"""The whole journey: a call pops a resident, the agent opens a ticket, a technician on another node resolves it (with a photo the agent's node fetches from there), a callback closes it, HQ sees it closed and a report drills down to it.

Nodes: the agent (cs-chen) works at north-bay; the technician (tech-zhang) signs in at
south-lake; the analyst watches from hq. The call comes from a fake CTI gateway on
north-bay's /cti/v1, from the number of a north-bay resident.
"""
import os
import secrets
import struct
import zlib

from harness import wait
from harness.browser import PHONE
from harness.cluster import GATEWAY_ID
from harness.cti import FakeGateway

from .common import expect, password

NAME = "call-to-close"
NEEDS = ["index.html", "core.js", "agent.js", "ticket.js", "tech.js", "hq.js", "reports.js"]

READY = {"available", "ready"}
RINGING = {"reserved", "ringing"}
TALKING = {"onCall", "talking"}


def tiny_png(folder):
    """A real 4x4 PNG (a site photo stand-in) written to `folder`; its path."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x40\x80\xc0" * 4 for _ in range(4))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    os.makedirs(folder, exist_ok=True)
    path = os.path.abspath(os.path.join(folder, "site-photo.png"))
    with open(path, "wb") as f:
        f.write(png)
    return path


def resident_caller(api, site="north-bay"):
    """A resident of `site` with a phone, and the names the pop must show for that number."""
    for prefix in ["+86", "86"]:
        for r in api.get(f"/api/v1/search?q={prefix}&limit=50")["residents"]:
            phones = r.get("phones") or []
            if r.get("site") == site and phones:
                pop = api.get(f"/api/v1/screen-pop?caller={phones[0]}")
                names = [x["name"] for x in pop.get("residents", [])]
                if names:
                    return phones[0], names
    raise AssertionError(f"no {site} resident with a phone number in the demo data")


def run(ctx):
    nb, sl, hq = ctx.cluster["north-bay"], ctx.cluster["south-lake"], ctx.cluster["hq"]
    agent_api = ctx.agent_api = nb.api("cs-chen")
    caller, names = resident_caller(agent_api)
    ctx.note(f"caller {caller} is {', '.join(names)}")

    ticket_id = take_call_and_open_ticket(ctx, nb, agent_api, caller, names)
    dispatch(ctx, ctx.agent, ticket_id)
    resolve_as_technician(ctx, sl, ticket_id)
    callback_and_close(ctx, nb, ticket_id)
    photo_follows_the_ticket(ctx, agent_api, ticket_id)
    hq_sees_closed(ctx, hq, ticket_id)
    report_drills_down(ctx, hq, ticket_id)


# MARK: steps

def take_call_and_open_ticket(ctx, nb, agent_api, caller, names):
    b = ctx.agent = ctx.browser("agent")
    b.login(nb.console, "cs-chen", password())
    b.go("#/agent")
    b.click("agent-signin")
    # Signing in to the ACD may already make the agent available (示闲); else press it.
    state = b.wait_attr_in("agent-state", "data-state", READY | {"notReady", "onBreak"})
    if state not in READY:
        b.click("agent-ready")
        b.wait_attr_in("agent-state", "data-state", READY)
    b.shot("agent-ready")

    gateway = FakeGateway(nb.http, GATEWAY_ID, ctx.cluster.cti_token).connect()
    ctx.gateway = gateway
    call = f"gw-{secrets.token_hex(4)}"
    gateway.offer(call, caller)
    bridge = gateway.wait_bridge(call, timeout=40)
    expect(bridge["agent"] == "cs-chen", f"the call was bridged to {bridge['agent']}, not cs-chen")
    call_id = gateway.call_id(call)
    ctx.note(f"call {call_id} rings cs-chen")

    pop = b.wait("pop", timeout=15)
    expect(pop.get_attribute("data-call-id") == call_id,
           f"the pop is for {pop.get_attribute('data-call-id')}, not {call_id}")
    b.wait_attr_in("agent-state", "data-state", RINGING)
    b.wait_text("pop-caller", caller[-4:])
    resident = b.wait("pop-resident").text
    expect(any(n in resident for n in names), f"the pop shows {resident!r}, not the resident {names}")
    b.shot("pop-ringing")
    if b.visible("pop-answer"):
        b.click("pop-answer")
    gateway.answer(call, "cs-chen")
    b.wait_attr_in("agent-state", "data-state", TALKING, timeout=15)
    b.shot("pop-talking")

    # One click from the pop to a prefilled ticket; a missing title is refused first.
    b.click("pop-create-ticket")
    b.wait("ticket-form")
    marker = f"browser-{secrets.token_hex(3)}"
    b.fill("ticket-title", "")
    b.fill("ticket-description", f"厨房水管漏水 {marker}")
    b.click("ticket-submit")
    b.wait_error()
    b.shot("ticket-form-refused")
    found = agent_api.get(f"/api/v1/search?q={marker}&limit=5")["tickets"]
    expect(not found, f"a refused ticket form wrote {found}")

    b.fill("ticket-title", f"厨房水管漏水 {marker}")
    b.select("ticket-category", "repair")
    b.click("ticket-submit")
    created = b.wait("ticket-created", timeout=15)
    ticket_id = created.get_attribute("data-ticket-id")
    if not ticket_id:
        link = created.find_element("css selector", "a[href*='#/ticket/']").get_attribute("href")
        ticket_id = link.split("#/ticket/")[1].split("?")[0]
    ticket = agent_api.get(f"/api/v1/tickets/{ticket_id}")
    expect(marker in ticket.get("title", ""), f"ticket {ticket_id} has title {ticket.get('title')!r}")
    expect(ticket.get("callerPhone") or ticket.get("residentID"),
           f"ticket {ticket_id} is not linked to the caller: {ticket}")
    ctx.note(f"ticket {ticket_id} created from the pop")
    b.shot("ticket-created")

    gateway.hang_up(call)
    b.wait_attr_in("agent-state", "data-state", {"wrapUp"} | READY, timeout=15)
    if b.visible("agent-wrapup-done"):
        b.click("agent-wrapup-done")
    b.wait_attr_in("agent-state", "data-state", READY, timeout=15)
    gateway.close()

    # 示忙 with a reason, then 示闲 again.
    reason = b.find("agent-reason")
    options = [o.get_attribute("value") for o in reason.find_elements("css selector", "option") if o.get_attribute("value")]
    expect(options, "the not-ready reason list is empty")
    b.select("agent-reason", options[0])
    b.click("agent-notready")
    b.wait_attr("agent-state", "data-state", "notReady")
    expect(agent_api.get("/api/v1/agents/cs-chen").get("reason") == options[0], "the reason did not reach the ACD")
    b.shot("agent-not-ready")
    b.click("agent-ready")
    b.wait_attr_in("agent-state", "data-state", READY)
    return ticket_id


def dispatch(ctx, b, ticket_id):
    """Dispatch (派工) to tech-zhang in the ticket page's form.

    The demo site's dispatch rules may have assigned the new ticket already (to tech-zhang,
    工程部): then the form re-assigns it (二次指派) to tech-zhang in another department, so the
    form is exercised either way and must succeed.
    """
    b.go(f"#/ticket/{ticket_id}")
    status = b.wait_attr_in("ticket-status", "data-status", {"open", "dispatched"})
    before = ctx.agent_api.get(f"/api/v1/tickets/{ticket_id}")
    ctx.note(f"ticket {status}, assignee {before.get('assignee')!r}, department {before.get('department')!r}")
    kind = "assigned" if status == "open" else "reassigned"
    department = "维修部" if before.get("department") == "工程部" else "工程部"
    b.click("ticket-action-dispatch")
    b.fill("dispatch-assignee", "tech-zhang")
    b.fill("dispatch-department", department)
    b.click("dispatch-submit")
    b.wait(f"timeline-{kind}", timeout=15)
    after = ctx.agent_api.get(f"/api/v1/tickets/{ticket_id}")
    expect(after.get("assignee") == "tech-zhang" and after.get("department") == department,
           f"after the dispatch form: {after.get('assignee')!r} / {after.get('department')!r}")
    b.wait_attr("ticket-status", "data-status", "dispatched")
    b.shot("dispatched")


def resolve_as_technician(ctx, sl, ticket_id):
    t = ctx.browser("technician", PHONE)
    t.login(sl.console, "tech-zhang", password())
    t.go("#/tech")
    t.wait("tech-list")
    # The ticket replicates from north-bay to south-lake; the list updates live or on reload.
    def listed():
        if t.present(f"tech-ticket-{ticket_id}"):
            return True
        t.driver.refresh()
        t.wait("tech-list", timeout=10)
        return t.present(f"tech-ticket-{ticket_id}")
    wait.until(listed, 60, f"ticket {ticket_id} in tech-zhang's list at south-lake", interval=1)
    t.shot("tech-list")
    t.click(f"tech-ticket-{ticket_id}")
    t.click("tech-accept")
    t.wait_attr("ticket-status", "data-status", "accepted")
    t.click("tech-arrive")
    t.wait_attr("ticket-status", "data-status", "onSite")
    t.fill("tech-note-text", "已关闭总阀，更换三通接头。")
    t.find("tech-note-photo").send_keys(tiny_png(ctx.scratch))
    t.click("tech-note-submit")
    t.wait_css('[data-testid^="tech-photo-"]', timeout=20)
    t.fill("tech-resolve-summary", "更换厨房水管三通接头，试水无渗漏。")
    t.click("tech-resolve")
    t.wait_attr("ticket-status", "data-status", "resolved")
    t.shot("tech-resolved")


def callback_and_close(ctx, nb, ticket_id):
    b = ctx.agent
    b.go(f"#/ticket/{ticket_id}")
    def resolved_here():
        b.driver.refresh()
        b.wait("ticket-status", timeout=10)
        return b.find("ticket-status").get_attribute("data-status") == "resolved"
    wait.until(resolved_here, 60, f"the resolution of {ticket_id} to reach north-bay", interval=1)
    b.click("ticket-action-callback")
    b.select("callback-satisfaction", "5")
    b.click("callback-submit")
    b.wait("timeline-callback")
    if b.find("ticket-status").get_attribute("data-status") != "closed":
        b.click("ticket-action-close")
        b.click("close-submit")
    b.wait_attr("ticket-status", "data-status", "closed")
    b.shot("closed")


def photo_follows_the_ticket(ctx, agent_api, ticket_id):
    """The technician's photo was uploaded at south-lake; north-bay fetches it from there."""
    photos = [p for e in agent_api.get(f"/api/v1/tickets/{ticket_id}/events")["events"]
              for p in (e.get("photos") or [])]
    assert len(photos) == 1, f"expected the technician's one photo in the replicated note, got {photos}"
    with open(tiny_png(ctx.scratch), "rb") as f:
        original = f.read()
    status, raw = agent_api.get_bytes(f"/api/v1/tickets/{ticket_id}/attachments/{photos[0]}")
    assert status == 200 and raw == original, f"north-bay answered {status} with {len(raw)} bytes for {photos[0]}"
    ctx.note(f"photo {photos[0]} taken at south-lake served by north-bay ({len(raw)} bytes, identical)")


def hq_sees_closed(ctx, hq, ticket_id):
    h = ctx.analyst = ctx.browser("hq")
    h.login(hq.console, "analyst", password())
    h.go("#/hq")
    for site in ["north-bay", "south-lake"]:
        h.wait_attr(f"hq-tile-{site}", "data-reachable", "true", timeout=30)
    h.wait_attr(f"hq-ticket-{ticket_id}", "data-status", "closed", timeout=60)
    h.shot("hq-closed")


def report_drills_down(ctx, hq, ticket_id):
    h = ctx.analyst
    h.go("#/reports")
    h.wait("report-figure-tickets-closed", timeout=20)
    h.shot("reports")
    h.click("report-drill-tickets-closed")
    h.wait("report-drill-list")
    csv = h.find("report-csv-tickets").get_attribute("href") if h.present("report-csv-tickets") else None
    if csv:
        expect(h.fetch_status(csv) == 200, f"the ticket CSV export {csv} failed")
    h.click(f"report-drill-ticket-{ticket_id}", timeout=20)
    wait.until(lambda: f"#/ticket/{ticket_id}" in h.driver.current_url, 10, "the drill-down to open the ticket")
    h.wait_attr("ticket-status", "data-status", "closed")
    h.shot("report-drilled-to-ticket")
