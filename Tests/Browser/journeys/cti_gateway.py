"""The fake telephony gateway drives a real call through the node (API only, no page): the harness's own check.

A south-lake resident calls south-lake; the site supervisor, signed in to the ACD through
the agent API, is rung (bridge), picks up, the caller hangs up, the agent finishes wrap-up
and signs out. The browser journeys rely on exactly this path.
"""
import secrets

from harness import wait
from harness.cluster import GATEWAY_ID
from harness.cti import FakeGateway

from .call_to_close import resident_caller
from .common import expect

NAME = "cti-gateway"
NEEDS = []


def run(ctx):
    sl = ctx.cluster["south-lake"]
    api = sl.api("supervisor")
    caller, names = resident_caller(api, site="south-lake")
    agent = "/api/v1/agents/supervisor"
    api.post(f"{agent}/login", {})
    state = lambda: api.get(agent)["state"]  # noqa: E731
    try:
        wait.until(lambda: state() == "available", 10, "the agent to be available")
        gateway = FakeGateway(sl.http, GATEWAY_ID, ctx.cluster.cti_token).connect()
        call = f"gw-{secrets.token_hex(4)}"
        gateway.offer(call, caller)
        bridge = gateway.wait_bridge(call)
        expect(bridge["agent"] == "supervisor", f"bridged to {bridge['agent']}")
        expect(state() == "reserved", f"the rung agent is {state()}, not reserved")
        pop = api.get(f"/api/v1/screen-pop?caller={caller}")
        expect({r["name"] for r in pop["residents"]} & set(names), f"the pop shows {pop['residents']}")
        gateway.answer(call, "supervisor")
        wait.until(lambda: state() == "onCall", 10, "the agent to be on the call")
        gateway.hang_up(call)
        wait.until(lambda: state() == "wrapUp", 10, "wrap-up after the hang-up")
        expect(not gateway.errors, f"the node refused frames: {gateway.errors}")
        gateway.close()
        ctx.note(f"call {gateway.call_id(call)} from {caller} ({names[0]}) rang, was answered and ended")
    finally:
        if state() == "wrapUp":
            api.post(f"{agent}/wrapup-done", {})
        api.request("POST", f"{agent}/logout", {})
