"""Real `courtyard` nodes on loopback: HQ and two demo sites in one mutual-TLS cluster.

Ports are chosen at run time (HTTP on port 0, the node prints the address it bound; cluster
ports reported free by the OS), authentication is enforced with the demo logins, and every
process is stopped at the end, also when a test fails.
"""
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading

from . import wait
from .api import Api

DEMO_PASSWORD = "courtyard-demo"
CLUSTER_NAME = "browser-test"
GATEWAY_ID = "browser"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Node:
    """One `courtyard node` process; its output is kept (bounded) for failure reports."""

    def __init__(self, binary, site, args, env, log_path):
        self.site = site
        self.log_path = log_path
        self._lines = []
        self._lock = threading.Lock()
        self._log = open(log_path, "w", encoding="utf-8")
        self.process = subprocess.Popen(
            [binary, "node", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.http = None

    def _read(self):
        for raw in self.process.stdout:
            line = raw.decode("utf-8", "replace")
            self._log.write(line)
            self._log.flush()
            with self._lock:
                self._lines.append(line)
                if len(self._lines) > 5000:
                    del self._lines[:1000]

    def output(self):
        with self._lock:
            return "".join(self._lines)

    def wait_listening(self, timeout=120):
        def listening():
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.site} exited early ({self.process.returncode}):\n{self.output()[-3000:]}")
            m = re.search(r"COURTYARD_LISTENING http=(\S+)", self.output())
            return m.group(1) if m else None
        self.http = "http://" + wait.until(listening, timeout, f"{self.site} to listen")
        return self.http

    @property
    def console(self):
        return self.http + "/console/"

    def api(self, username=None, password=DEMO_PASSWORD):
        client = Api(self.http)
        return client.login(username, password) if username else client

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._reader.join(timeout=5)
        self._log.close()


class Cluster:
    """HQ (`hq`, no demo data) and two demo sites (`north-bay`, `south-lake`)."""

    SITES = [("hq", False), ("north-bay", True), ("south-lake", True)]

    def __init__(self, binary, log_dir):
        self.binary = os.path.abspath(binary)
        self.log_dir = log_dir
        self.root = tempfile.mkdtemp(prefix="courtyard-browser-")
        self.cti_token = secrets.token_hex(16)
        self.nodes = {}

    def _run(self, *args):
        subprocess.run([self.binary, *args], check=True, stdout=subprocess.DEVNULL, timeout=120)

    def start(self):
        certs = os.path.join(self.root, "certs")
        self._run("certs", "init", "--dir", certs, "--cluster", CLUSTER_NAME)
        ports = {site: free_port() for site, _ in self.SITES}
        env = dict(os.environ, COURTYARD_DEMO_LOGINS="1", COURTYARD_ADMIN_PASSWORD=DEMO_PASSWORD)
        env.pop("COURTYARD_AUTH", None)
        for site, demo in self.SITES:
            self._run("certs", "issue", "--dir", certs, "--site", site)
            seeds = ",".join(f"127.0.0.1:{p}" for s, p in ports.items() if s != site)
            args = ["--site", site, "--data", os.path.join(self.root, site), "--http", "127.0.0.1:0",
                    "--log-level", "notice", "--cluster", f"127.0.0.1:{ports[site]}", "--join", seeds,
                    "--certs", certs, "--cluster-name", CLUSTER_NAME, "--auth", "enforced",
                    "--bcrypt-cost", "10", "--cti-token", f"{GATEWAY_ID}={self.cti_token}"]
            if demo:
                args.append("--demo")
            self.nodes[site] = Node(self.binary, site, args, env, os.path.join(self.log_dir, f"node-{site}.log"))
        for node in self.nodes.values():
            node.wait_listening()
        self._wait_members()
        return self

    def _wait_members(self):
        admins = {site: node.api("admin") for site, node in self.nodes.items()}
        expected = {site for site, _ in self.SITES}

        def all_alive():
            for api in admins.values():
                members = api.get("/api/v1/cluster/members")["members"]
                if {m["site"] for m in members if m["status"] == "alive"} != expected:
                    return False
            return True
        wait.until(all_alive, 90, "every node to see all three sites alive")

    def __getitem__(self, site):
        return self.nodes[site]

    def stop(self, keep=False):
        for node in self.nodes.values():
            node.stop()
        if not keep:
            shutil.rmtree(self.root, ignore_errors=True)
