"""Starts a real `unstuck serve` for the API tests: the built host (UNSTUCK_HOST), a temporary config with two
bearer tokens, a SQLite store, the replay carrier over the demo's recorded responses and the outbox ticketing
plugin, at a frozen clock."""

import hashlib
import json
import os
import pathlib
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import jsonschema
import pytest
import yaml

SOURCE = pathlib.Path(__file__).resolve().parents[2]
DEMO = SOURCE / "samples" / "demo"
SPEC_PATH = SOURCE / "docs" / "api" / "openapi.yaml"
NOW = "2024-07-16T20:00:00Z"
WRITE_TOKEN = "write-token-for-the-api-tests"
READ_TOKEN = "read-token-for-the-api-tests"


def sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


def demo_orders():
    """The demo's order cases, parsed, in file order."""
    with open(DEMO / "orders.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def order_key(case):
    return f"{case.get('marketplace', 'tiktok-shop')}:{case.get('shop_id', '')}:{case['order_id']}"


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.text = body.decode("utf-8", "replace")
        ctype = headers.get("Content-Type", "")
        self.json = json.loads(self.text) if ctype.startswith("application/json") and self.text else None


class Api:
    """The service over HTTP; every answer is validated against openapi.yaml's schema for its path
    template, method and status, and the (method, template) pairs seen are kept."""

    def __init__(self, base, spec):
        self.base = base
        self.spec = spec
        self.seen = set()

    def call(self, method, template, params=None, query=None, body=None, token=WRITE_TOKEN, raw_body=None,
             headers=None):
        path = template
        for name, value in (params or {}).items():
            path = path.replace("{" + name + "}", urllib.parse.quote(value, safe=""))
        url = self.base + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = raw_body if raw_body is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", "Bearer " + token)
        for k, v in (headers or {}).items():
            request.add_header(k, v)
        try:
            with urllib.request.urlopen(request, timeout=60) as r:
                reply = Reply(r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            reply = Reply(e.code, e.headers, e.read())
        self.validate(method, template, reply)
        return reply

    def validate(self, method, template, reply):
        operation = self.spec["paths"][template][method.lower()]
        responses = operation["responses"]
        key = str(reply.status)
        assert key in responses, f"{method} {template}: status {reply.status} is not in openapi.yaml: {reply.text}"
        response = self.resolve(responses[key])
        content = response.get("content", {})
        ctype = reply.headers.get("Content-Type", "")
        if ctype.startswith("application/json"):
            assert "application/json" in content, f"{method} {template} {key}: no JSON body in openapi.yaml"
            schema = dict(content["application/json"]["schema"])
            schema["components"] = self.spec["components"]
            schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
            jsonschema.Draft202012Validator(
                schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
            ).validate(reply.json)
        else:
            assert any(ctype.startswith(t) for t in content), f"{method} {template} {key}: {ctype} not described"
        self.seen.add((method.upper(), template))

    def resolve(self, node):
        while "$ref" in node:
            parts = node["$ref"].lstrip("#/").split("/")
            node = self.spec
            for p in parts:
                node = node[p]
        return node


@pytest.fixture(scope="session")
def spec():
    with open(SPEC_PATH, encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="session")
def service(spec):
    host = os.environ.get("UNSTUCK_HOST") or str(SOURCE / "build" / "debug" / "bin" / "unstuck")
    work = pathlib.Path(tempfile.mkdtemp(prefix="unstuck-api-"))
    shutil.copytree(DEMO / "files", work / "files")
    config = {
        "store": {"sqlite": "unstuck.db"},
        "sweep": {
            "concurrency": 2,
            "evidence_dir": "evidence",
            "carrier_plugins": {"ups": "replay", "fedex": "replay", "usps": "replay", "dhl": "replay"},
            "detect": ["ups", "fedex", "usps", "dhl"],
        },
        "routes": [{"marketplace": "tiktok-shop", "backend": "outbox"}],
        "plugins": {"replay": {"dir": str(DEMO / "responses")}, "outbox": {"dir": "outbox"}},
        "log": {"level": "warn"},
        "serve": {
            "tokens": [
                {"name": "erp", "sha256": sha256(WRITE_TOKEN), "scopes": ["read", "write"]},
                {"name": "viewer", "sha256": sha256(READ_TOKEN), "scopes": ["read"]},
            ],
            "rate_limit": {"requests_per_second": 1000, "burst": 1000},
            "scheduler": {"enabled": False},
        },
    }
    (work / "unstuck.json").write_text(json.dumps(config))
    port_file = work / "port"
    stderr = open(work / "stderr.log", "wb")
    process = subprocess.Popen(
        [host, "--config", str(work / "unstuck.json"), "serve", "--listen", "127.0.0.1:0", "--port-file",
         str(port_file), "--now", NOW],
        cwd=work, stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.time() + 30
    while not port_file.exists() and process.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    if not port_file.exists():
        process.kill()
        pytest.fail("unstuck serve did not start: " + (work / "stderr.log").read_text())
    api = Api(f"http://127.0.0.1:{int(port_file.read_text())}", spec)
    api.work = work
    yield api
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    stderr.close()
    shutil.rmtree(work, ignore_errors=True)
