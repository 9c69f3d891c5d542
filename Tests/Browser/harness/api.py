"""A small JSON-over-HTTP client for one node, signed in with a bearer token."""
import json
import urllib.error
import urllib.parse
import urllib.request


class ApiError(Exception):
    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body[:500]}")
        self.status = status
        self.body = body


class Api:
    def __init__(self, base, token=None):
        self.base = base.rstrip("/")
        self.token = token

    def request(self, method, path, body=None, timeout=15):
        """Returns (status, parsed JSON or text); never raises on an HTTP status."""
        data = None if body is None else json.dumps(body).encode()
        # Non-ASCII and '+' in a path or query are sent percent-encoded.
        quoted = urllib.parse.quote(path, safe="/?&=%:")
        req = urllib.request.Request(self.base + quoted, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                status, raw = resp.status, resp.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        text = raw.decode("utf-8", "replace")
        try:
            return status, json.loads(text) if text else None
        except ValueError:
            return status, text

    def get_bytes(self, path, timeout=30):
        """Returns (status, raw bytes) of a GET; never raises on an HTTP status."""
        req = urllib.request.Request(self.base + urllib.parse.quote(path, safe="/?&=%:"), method="GET")
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def get(self, path):
        status, body = self.request("GET", path)
        if status != 200:
            raise ApiError(status, str(body))
        return body

    def post(self, path, body):
        status, answer = self.request("POST", path, body)
        if status >= 300:
            raise ApiError(status, str(answer))
        return answer

    def login(self, username, password):
        """Signs in (bearer token) and returns self."""
        status, body = self.request("POST", "/api/v1/auth/login",
                                    {"username": username, "password": password, "bearer": True})
        if status != 200:
            raise ApiError(status, str(body))
        self.token = body["token"]
        return self

    def has_asset(self, name):
        """True when the node serves /console/<name> (a page that has landed)."""
        status, _ = self.request("GET", f"/console/{name}")
        return status == 200
