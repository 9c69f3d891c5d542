"""Login: a wrong password shows the error and signs nobody in; the right one lands on the role's home."""
from .common import LOGINS, expect, landed, password

NAME = "login"
NEEDS = ["index.html", "core.js"]


def run(ctx):
    node = ctx.cluster["north-bay"]
    b = ctx.browser("login")
    b.open(node.console)
    b.wait("login-username")
    b.shot("login-page")

    # Wrong password: the error is shown, no session is made.
    b.fill("login-username", "cs-chen")
    b.fill("login-password", "not-the-password")
    b.click("login-submit")
    error = b.wait("form-error")
    expect(error.text.strip(), "the login error is empty")
    expect("密码" in error.text, f"the login error is not in the page's language (Chinese): {error.text!r}")
    b.shot("wrong-password")
    expect(not b.visible("who"), "a wrong password showed the signed-in header")
    expect(b.fetch_status("/api/v1/auth/me") == 401, "a wrong password left a session")

    # Empty fields: refused in the page or by the API, with a message, no session.
    b.fill("login-username", "")
    b.fill("login-password", "")
    b.click("login-submit")
    b.wait("form-error")
    expect(b.fetch_status("/api/v1/auth/me") == 401, "an empty login left a session")

    # The right password lands on the role's home.
    b.fill("login-username", "cs-chen")
    b.fill("login-password", password())
    b.click("login-submit")
    b.wait_text("who", "cs-chen|陈静")
    expect(b.fetch_status("/api/v1/auth/me") == 200, "the right password made no session")
    b.shot("signed-in")
    ctx.note("agent signed in")

    for role, (username, home) in sorted(LOGINS.items()):
        if not landed(ctx.cluster, home):
            ctx.note(f"{role}: home #/{home} not landed yet; only the sign-in checked")
        rb = ctx.browser(f"home-{role}")
        rb.login(node.console, username, password())
        if landed(ctx.cluster, home):
            from harness import wait
            wait.until(lambda: rb.driver.execute_script("return location.hash").startswith(f"#/{home}"), 15,
                       f"{role} to land on #/{home} (at {rb.driver.current_url})")
        rb.shot(f"home-{home}")
        rb.close()
        ctx.browsers.remove(rb)

    # Logging out ends the session.
    b.click("logout")
    b.wait("login-username")
    expect(b.fetch_status("/api/v1/auth/me") == 401, "logout left the session valid")
    b.shot("logged-out")
