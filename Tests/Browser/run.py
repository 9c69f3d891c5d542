#!/usr/bin/env python3
"""Courtyard's browser tests: real nodes (HQ and two demo sites), headless Chromium.

    python3 Tests/Browser/run.py [--binary .build/debug/courtyard] [--artifacts test-artifacts/browser]
                                 [--only NAME[,NAME]] [--require-all] [--keep-data]

Each journey needs some console pages (assets). A journey whose pages the node does not
serve yet is SKIPPED and says which asset is missing (with --require-all, or
COURTYARD_BROWSER_REQUIRE_ALL=1, that is a failure). Screenshots of every step, and of
every open browser on failure, go to the artifacts folder, with each node's log.
"""
import argparse
import os
import shutil
import signal
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness.browser import DESKTOP, Browser  # noqa: E402
from harness.cluster import Cluster  # noqa: E402
from journeys import JOURNEYS  # noqa: E402


class Skip(Exception):
    """The journey cannot run yet (a page has not landed)."""


class Context:
    """What a journey gets: the cluster, browsers it opens (closed for it), its artifacts."""

    def __init__(self, cluster, artifacts, name):
        self.cluster = cluster
        self.artifacts = os.path.join(artifacts, name)
        # Files a journey uploads (photos, oversized files) live with the nodes' data, not the artifacts.
        self.scratch = os.path.join(cluster.root, "uploads", name)
        self.browsers = []
        self.notes = []

    def browser(self, label, size=DESKTOP):
        b = Browser(self.artifacts, label, size)
        self.browsers.append(b)
        return b

    def note(self, text):
        self.notes.append(text)
        print(f"    · {text}", flush=True)

    def close(self, failed):
        for b in self.browsers:
            if failed:
                try:
                    b.shot("FAILED")
                except Exception:  # noqa: BLE001 - best effort
                    pass
            b.dump_console_log()
            b.close()


def missing_assets(cluster, journey):
    api = cluster["hq"].api()
    return [name for name in journey.NEEDS if not api.has_asset(name)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/debug/courtyard")
    parser.add_argument("--artifacts", default="test-artifacts/browser")
    parser.add_argument("--only", default="")
    parser.add_argument("--require-all", action="store_true",
                        default=os.environ.get("COURTYARD_BROWSER_REQUIRE_ALL") == "1")
    parser.add_argument("--keep-data", action="store_true")
    args = parser.parse_args()
    # A SIGTERM (the script's timeout, CI) unwinds like Ctrl-C, so every node and browser is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    shutil.rmtree(args.artifacts, ignore_errors=True)
    os.makedirs(args.artifacts, exist_ok=True)
    only = {n for n in args.only.split(",") if n}
    journeys = [j for j in JOURNEYS if not only or j.NAME in only]

    started = time.monotonic()
    cluster = Cluster(args.binary, args.artifacts)
    results = []
    try:
        print("browser: starting hq, north-bay and south-lake", flush=True)
        cluster.start()
        print(f"browser: cluster up in {time.monotonic() - started:.0f}s: "
              + ", ".join(f"{s} {n.console}" for s, n in cluster.nodes.items()), flush=True)
        for journey in journeys:
            results.append(run_one(cluster, journey, args))
    except Exception:  # noqa: BLE001 - a harness failure fails the run
        traceback.print_exc()
        results.append(("harness", "FAIL", "the cluster did not start (see node logs in the artifacts)"))
    finally:
        cluster.stop(keep=args.keep_data)

    passed = sum(1 for _, r, _ in results if r == "PASS")
    failed = sum(1 for _, r, _ in results if r == "FAIL")
    skipped = sum(1 for _, r, _ in results if r == "SKIP")
    if args.require_all:
        failed, skipped = failed + skipped, 0
    print(f"browser: screenshots and logs in {args.artifacts}/ ({time.monotonic() - started:.0f}s)")
    for name, result, detail in results:
        print(f"  {result:4} {name}{': ' + detail if detail else ''}")
    print(f"browser: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


def run_one(cluster, journey, args):
    missing = missing_assets(cluster, journey)
    if missing:
        detail = f"page not landed yet: /console/{', /console/'.join(missing)} is not served"
        print(f"SKIP {journey.NAME}: {detail}", flush=True)
        return (journey.NAME, "SKIP", detail)
    print(f"RUN  {journey.NAME}: {journey.__doc__.strip().splitlines()[0]}", flush=True)
    ctx = Context(cluster, args.artifacts, journey.NAME)
    t0 = time.monotonic()
    failed = True
    try:
        journey.run(ctx)
        failed = False
        print(f"PASS {journey.NAME} ({time.monotonic() - t0:.0f}s)", flush=True)
        return (journey.NAME, "PASS", "")
    except Exception as error:  # noqa: BLE001 - reported per journey
        traceback.print_exc()
        print(f"FAIL {journey.NAME} ({time.monotonic() - t0:.0f}s): {error}", flush=True)
        return (journey.NAME, "FAIL", str(error).splitlines()[0][:300] if str(error) else type(error).__name__)
    finally:
        ctx.close(failed)


if __name__ == "__main__":
    sys.exit(main())
