"""Roles: each role's nav shows only what it may; a technician at #/wall is refused by the page and the API."""
from harness import wait

from .common import LOGINS, NAV_HIDDEN, NAV_SEES, expect, landed, password

NAME = "roles"
NEEDS = ["index.html", "core.js"]


def run(ctx):
    node = ctx.cluster["north-bay"]
    logins = dict(LOGINS, admin=("admin", None))
    for role, (username, _) in sorted(logins.items()):
        b = ctx.browser(f"nav-{role}")
        b.login(node.console, username, password())
        nav = b.wait("nav", visible=False)
        for page in NAV_SEES.get(role, []):
            if landed(ctx.cluster, page):
                b.wait(f"nav-{page}", timeout=10)
            else:
                ctx.note(f"{role}: nav-{page} not checked (page not landed)")
        for page in NAV_HIDDEN.get(role, []):
            shown = [e for e in b.all(f'[data-testid="nav-{page}"]') if e.is_displayed()]
            expect(not shown, f"{role} sees nav-{page} (nav: {nav.text!r})")
        b.shot("nav")
        if role != "technician":
            b.close()
            ctx.browsers.remove(b)
            continue

        # A technician typing #/wall: the page says it is not allowed, and the API refuses.
        if landed(ctx.cluster, "wall"):
            b.go("#/wall")
            b.wait("forbidden", timeout=10)
            b.shot("wall-forbidden")
        else:
            ctx.note("technician at #/wall: page check skipped (wall.js not landed); API checked")
        for path in ["/api/v1/agents", "/api/v1/audit", "/api/v1/accounts", "/api/v1/reports/calls"]:
            status = b.fetch_status(path)
            expect(status == 403, f"a technician's GET {path} answered {status}, not 403")
        # And a technician may not write a ticket event of another kind.
        status = b.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch('/api/v1/tickets', {method: 'POST', credentials: 'same-origin',"
            " headers: {'content-type': 'application/json'},"
            " body: JSON.stringify({category: 'repair', title: 'technician may not create'})})"
            ".then(r => done(r.status), e => done(String(e)));")
        expect(status == 403, f"a technician's POST /api/v1/tickets answered {status}, not 403")
        if landed(ctx.cluster, "wall"):
            wait.until(lambda: b.visible("forbidden"), 5, "the forbidden message to stay")
        ctx.note("technician: the API answered 403 to the supervisor's, HQ's and admin's routes")
