"""What the journeys share: demo logins, each role's home and nav, small checks."""
from harness.cluster import DEMO_PASSWORD

# The demo logins (Sources/CourtyardCLI/AccountSetup.swift) and the page each lands on.
LOGINS = {
    "agent": ("cs-chen", "agent"),
    "technician": ("tech-zhang", "tech"),
    "site_supervisor": ("supervisor", "wall"),
    "hq_analyst": ("analyst", "hq"),
}
PAGE_ASSETS = {"agent": "agent.js", "tech": "tech.js", "wall": "wall.js", "hq": "hq.js",
               "reports": "reports.js", "tickets": "ticket.js"}

# Nav entries each role must see and must not see (the API enforces the same, see roles.py).
NAV_SEES = {
    "agent": ["agent"],
    "technician": ["tech"],
    "site_supervisor": ["wall"],
    "hq_analyst": ["hq", "reports"],
    "admin": ["hq"],
}
NAV_HIDDEN = {
    "agent": ["tech", "wall", "hq", "reports"],
    "technician": ["agent", "wall", "hq", "reports", "tickets"],
    "site_supervisor": ["tech"],
    "hq_analyst": ["agent", "tech"],
}


def landed(cluster, page):
    return cluster["hq"].api().has_asset(PAGE_ASSETS[page])


def password():
    return DEMO_PASSWORD


def expect(condition, message):
    if not condition:
        raise AssertionError(message)
