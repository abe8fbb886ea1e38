"""Tests for the kube-apiserver stand-in (kube_apiserver.py).

Every server binds 127.0.0.1 on a free port, is stopped by its fixture, and
every wait is bounded by a timeout.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import threading
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "kube_apiserver.py")
sys.path.insert(0, HERE)
import kube_apiserver  # noqa: E402

TOKEN = "s3cret-token"
NS = "argo-workflows"
WF_PATH = f"/apis/argoproj.io/v1alpha1/namespaces/{NS}/workflows"
WFT_PATH = f"/apis/argoproj.io/v1alpha1/namespaces/{NS}/workflowtemplates"


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

class Proc:
    def __init__(self, args: list[str], tmp_path, ssl_context=None):
        self.stderr_path = os.path.join(str(tmp_path), f"apiserver-{time.monotonic_ns()}.log")
        self.stderr = open(self.stderr_path, "w")
        self.p = subprocess.Popen([sys.executable, SCRIPT, "--bind", "127.0.0.1", "--port", "0", *args],
                                  stdout=subprocess.PIPE, stderr=self.stderr, text=True)
        self.ssl_context = ssl_context
        line = self._readline(timeout=20)
        m = re.fullmatch(r"LISTENING (\d+)\n", line or "")
        if not m:
            self.stop()
            raise RuntimeError(f"server did not start: {line!r}; log: {open(self.stderr_path).read()}")
        self.port = int(m.group(1))

    def _readline(self, timeout: float) -> str | None:
        out: list[str] = []
        t = threading.Thread(target=lambda: out.append(self.p.stdout.readline()), daemon=True)
        t.start()
        t.join(timeout)
        return out[0] if out else None

    def conn(self, timeout: float = 10, ssl_context=None):
        ctx = ssl_context or self.ssl_context
        if ctx is not None:
            return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=timeout, context=ctx)
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, token=TOKEN, headers=None, conn=None, timeout=10):
        c = conn or self.conn(timeout)
        h = {"Accept": "application/json"}
        if token:
            h["Authorization"] = f"Bearer {token}"
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        raw = r.read()
        if conn is None:
            c.close()
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = raw.decode()
        return r.status, r, data

    def control(self, method, path, body=None):
        status, _, data = self.request(method, "/_test/" + path, body=body, token=None)
        assert status < 300, (status, data)
        return data

    def stop(self):
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait(timeout=10)
        self.p.stdout.close()
        self.stderr.close()


def workflow(name=None, generate_name=None, labels=None, params=None, **spec):
    meta = {}
    if name:
        meta["name"] = name
    if generate_name:
        meta["generateName"] = generate_name
    if labels:
        meta["labels"] = labels
    body_spec = {"workflowTemplateRef": {"name": "facteur-dispatch"},
                 "arguments": {"parameters": params if params is not None else
                               [{"name": "action", "value": "plan"}]}}
    body_spec.update(spec)
    return {"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": meta, "spec": body_spec}


class Watch:
    """A watch stream read line by line with a bounded wait."""

    def __init__(self, srv: Proc, query: str, timeout: float = 10):
        self.c = srv.conn(timeout)
        self.c.request("GET", f"{WF_PATH}?{query}", headers={"Authorization": f"Bearer {TOKEN}"})
        self.r = self.c.getresponse()
        assert self.r.status == 200
        assert self.r.getheader("Transfer-Encoding") == "chunked"

    def next(self):
        line = self.r.readline()
        if not line:
            return None
        return json.loads(line)

    def close(self):
        self.c.close()


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    p = Proc(["--token", TOKEN, "--history-size", "50"], tmp_path_factory.mktemp("srv"))
    yield p
    p.stop()
    log = open(p.stderr_path).read()
    assert "Traceback" not in log and "internal error" not in log, log[-4000:]


@pytest.fixture(autouse=True)
def _reset(request):
    if "srv" in request.fixturenames:
        request.getfixturevalue("srv").control("POST", "reset")
    yield


# ---------------------------------------------------------------------------
# basics
# ---------------------------------------------------------------------------

def test_version_readyz_and_unknown_path(srv):
    status, _, data = srv.request("GET", "/version")
    assert status == 200 and data["major"] == "1" and data["minor"] == "30" and data["gitVersion"] == "v1.30.0"
    status, _, data = srv.request("GET", "/readyz")
    assert status == 200 and data == "ok"
    status, _, data = srv.request("GET", "/apis/nope/v1/things")
    assert status == 404
    assert data["kind"] == "Status" and data["reason"] == "NotFound" and data["code"] == 404


def test_keep_alive_reuses_connection(srv):
    c = srv.conn()
    try:
        for _ in range(3):
            status, r, _ = srv.request("GET", "/version", conn=c)
            assert status == 200 and r.getheader("Content-Length")
        sock = c.sock
        srv.request("GET", "/readyz", conn=c)
        assert c.sock is sock  # same socket, no reconnect
    finally:
        c.close()


def test_create_with_generate_name(srv):
    status, r, obj = srv.request("POST", WF_PATH, workflow(generate_name="plan-20240101-120000-"))
    assert status == 201, obj
    name = obj["metadata"]["name"]
    assert re.fullmatch(r"plan-20240101-120000-[a-z0-9]{5}", name)
    meta = obj["metadata"]
    assert meta["namespace"] == NS and meta["uid"] and meta["creationTimestamp"].endswith("Z")
    assert int(meta["resourceVersion"]) > 0
    status, _, got = srv.request("GET", f"{WF_PATH}/{name}")
    assert status == 200 and got == obj
    # resourceVersion is a global increasing counter
    _, _, obj2 = srv.request("POST", WF_PATH, workflow(generate_name="plan-"))
    assert int(obj2["metadata"]["resourceVersion"]) > int(meta["resourceVersion"])


def test_already_exists_status_shape(srv):
    assert srv.request("POST", WF_PATH, workflow(name="x"))[0] == 201
    status, _, data = srv.request("POST", WF_PATH, workflow(name="x"))
    assert status == 409
    assert data == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                    "message": 'workflows.argoproj.io "x" already exists', "reason": "AlreadyExists",
                    "details": {"name": "x", "group": "argoproj.io", "kind": "workflows"}, "code": 409}


def test_get_and_delete_not_found(srv):
    status, _, data = srv.request("GET", f"{WF_PATH}/missing")
    assert status == 404
    assert data["message"] == 'workflows.argoproj.io "missing" not found'
    assert data["details"] == {"name": "missing", "group": "argoproj.io", "kind": "workflows"}
    assert srv.request("DELETE", f"{WF_PATH}/missing")[0] == 404
    srv.request("POST", WF_PATH, workflow(name="gone"))
    status, _, data = srv.request("DELETE", f"{WF_PATH}/gone")
    assert status == 200 and data["metadata"]["name"] == "gone"
    assert srv.request("GET", f"{WF_PATH}/gone")[0] == 404


def test_concurrent_creates_of_one_name_yield_one_201(srv):
    results = []

    def create():
        results.append(srv.request("POST", WF_PATH, workflow(name="race"))[0])

    threads = [threading.Thread(target=create) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert sorted(results) == [201] + [409] * 7


def test_replace_with_stale_resource_version_conflicts(srv):
    _, _, obj = srv.request("POST", WF_PATH, workflow(name="upd"))
    obj["metadata"].setdefault("labels", {})["x"] = "y"
    status, _, new = srv.request("PUT", f"{WF_PATH}/upd", obj)
    assert status == 200 and new["metadata"]["labels"]["x"] == "y"
    assert new["metadata"]["uid"] == obj["metadata"]["uid"]
    status, _, data = srv.request("PUT", f"{WF_PATH}/upd", obj)  # obj carries the old resourceVersion
    assert status == 409 and data["reason"] == "Conflict"


def test_malformed_json_is_bad_request(srv):
    status, _, data = srv.request("POST", WF_PATH, body="{not json",
                                  headers={"Content-Type": "application/json"})
    assert status == 400 and data["reason"] == "BadRequest" and data["code"] == 400


def test_wrong_content_type_is_415(srv):
    status, _, data = srv.request("POST", WF_PATH, body=json.dumps(workflow(name="y")),
                                  headers={"Content-Type": "text/plain"})
    assert status == 415 and data["reason"] == "UnsupportedMediaType"


def test_chunked_request_body_is_read(srv):
    c = srv.conn()
    try:
        body = json.dumps(workflow(name="chunky")).encode()
        c.putrequest("POST", WF_PATH)
        c.putheader("Authorization", f"Bearer {TOKEN}")
        c.putheader("Content-Type", "application/json")
        c.putheader("Transfer-Encoding", "chunked")
        c.endheaders()
        c.send(b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
        r = c.getresponse()
        assert r.status == 201 and json.loads(r.read())["metadata"]["name"] == "chunky"
    finally:
        c.close()


# ---------------------------------------------------------------------------
# validation (Argo SDK)
# ---------------------------------------------------------------------------

def test_sdk_validator_directly():
    v = kube_apiserver.SdkValidator()
    assert v.available, v.error
    ok, causes, _ = v.validate("workflows", workflow(name="ok"))
    assert ok and causes == []
    ok, causes, _ = v.validate("workflows", workflow(name="bad", params={"action": "plan"}))
    assert not ok and causes[0]["field"] == "spec.arguments.parameters"
    ok, causes, _ = v.validate("workflows", workflow(name="bad", params=[{"name": "a", "value": 5}]))
    assert not ok and causes[0]["field"] == "spec.arguments.parameters[0].value"
    ok, causes, _ = v.validate("workflows", workflow(name="bad", params=[{"value": "x"}]))
    assert not ok and causes[0]["field"] == "spec.arguments.parameters[0].name"
    ok, _, warnings = v.validate("workflows", workflow(name="w", bogusField=1))
    assert ok and any("spec.bogusField" in w for w in warnings)
    # the caller's document is left untouched
    doc = workflow(name="ok")
    before = json.dumps(doc)
    v.validate("workflows", doc)
    assert json.dumps(doc) == before


@pytest.mark.parametrize("body,field", [
    (workflow(name="bad-params", params={"action": "plan"}), "spec.arguments.parameters"),
    (workflow(name="bad-value", params=[{"name": "a", "value": 5}]), "spec.arguments.parameters[0].value"),
    ({"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": {"name": "nospec"}}, "spec"),
    (workflow(name="a" * 64), "metadata.name"),
    (workflow(name="Bad_Name"), "metadata.name"),
    (workflow(name="bad-label", labels={"facteur/user-id": "x" * 64}), "metadata.labels"),
])
def test_invalid_workflow_is_422(srv, body, field):
    status, _, data = srv.request("POST", WF_PATH, body)
    assert status == 422, data
    assert data["kind"] == "Status" and data["reason"] == "Invalid" and data["code"] == 422
    name = body["metadata"]["name"]
    assert data["message"].startswith(f'Workflow.argoproj.io "{name}" is invalid: ')
    assert data["details"]["kind"] == "Workflow" and data["details"]["group"] == "argoproj.io"
    assert any(c["field"] == field for c in data["details"]["causes"]), data
    assert srv.request("GET", f"{WF_PATH}/{name}")[0] == 404
    vals = srv.control("GET", "validations")["validations"]
    assert vals[-1]["valid"] is False and vals[-1]["name"] == name


def test_type_error_message_resembles_schema_validation(srv):
    _, _, data = srv.request("POST", WF_PATH, workflow(name="t", params={"a": "b"}))
    cause = data["details"]["causes"][0]
    assert cause["reason"] == "FieldValueTypeInvalid"
    assert cause["message"] == ('Invalid value: "object": spec.arguments.parameters in body must be of '
                                'type array: "object"')


def test_validation_outcomes_recorded(srv):
    srv.request("POST", WF_PATH, workflow(name="good"))
    srv.request("POST", WF_PATH, workflow(name="bad", params={"x": "y"}))
    vals = srv.control("GET", "validations")["validations"]
    assert [(v["name"], v["valid"]) for v in vals] == [("good", True), ("bad", False)]
    assert vals[0]["sdk"] is True and vals[0]["namespace"] == NS
    srv.control("DELETE", "validations")
    assert srv.control("GET", "validations")["validations"] == []


def test_dry_run_does_not_store(srv):
    status, _, obj = srv.request("POST", WF_PATH + "?dryRun=All", workflow(name="dry"))
    assert status == 201 and obj["metadata"]["name"] == "dry"
    assert srv.request("GET", f"{WF_PATH}/dry")[0] == 404


# ---------------------------------------------------------------------------
# auth
# ---------------------------------------------------------------------------

def test_unauthorized_without_token_and_rotation(srv):
    status, _, data = srv.request("GET", f"{WF_PATH}", token=None)
    assert status == 401
    assert data == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                    "message": "Unauthorized", "reason": "Unauthorized", "code": 401}
    assert srv.request("GET", WF_PATH, token="wrong")[0] == 401
    srv.control("POST", "token", {"token": "rotated"})
    assert srv.request("GET", WF_PATH, token=TOKEN)[0] == 401
    assert srv.request("GET", WF_PATH, token="rotated")[0] == 200
    srv.control("POST", "reset")  # back to the command-line token
    assert srv.request("GET", WF_PATH, token=TOKEN)[0] == 200


def test_forbidden_namespace(srv):
    srv.control("POST", "forbidden", {"namespace": NS, "user": "system:serviceaccount:facteur:facteur"})
    status, _, data = srv.request("POST", WF_PATH, workflow(name="nope"))
    assert status == 403
    assert data["reason"] == "Forbidden" and data["code"] == 403
    assert data["message"] == ('workflows.argoproj.io is forbidden: User "system:serviceaccount:facteur:facteur" '
                               'cannot create resource "workflows" in API group "argoproj.io" in the '
                               f'namespace "{NS}"')
    assert data["details"] == {"group": "argoproj.io", "kind": "workflows"}
    status, _, data = srv.request("GET", WF_PATH)
    assert status == 403 and 'cannot list resource "workflows"' in data["message"]
    # verbs can be limited
    srv.control("POST", "forbidden", {"namespace": NS, "verbs": ["create"]})
    assert srv.request("GET", WF_PATH)[0] == 200
    assert srv.request("POST", WF_PATH, workflow(name="nope"))[0] == 403
    srv.control("DELETE", "forbidden")
    assert srv.request("POST", WF_PATH, workflow(name="nope"))[0] == 201


# ---------------------------------------------------------------------------
# list
# ---------------------------------------------------------------------------

def test_list_by_label_selector(srv):
    srv.request("POST", WF_PATH, workflow(name="w1", labels={"a": "b", "c": "d"}))
    srv.request("POST", WF_PATH, workflow(name="w2", labels={"a": "b", "c": "e"}))
    srv.request("POST", WF_PATH, workflow(name="w3", labels={"a": "z"}))
    status, _, data = srv.request("GET", f"{WF_PATH}?labelSelector=a%3Db%2Cc%3Dd")
    assert status == 200
    assert data["kind"] == "WorkflowList" and data["apiVersion"] == "argoproj.io/v1alpha1"
    assert data["metadata"]["resourceVersion"].isdigit()
    assert [i["metadata"]["name"] for i in data["items"]] == ["w1"]
    _, _, data = srv.request("GET", f"{WF_PATH}?labelSelector=a=b")
    assert [i["metadata"]["name"] for i in data["items"]] == ["w1", "w2"]
    _, _, data = srv.request("GET", f"{WF_PATH}?labelSelector=c%20in%20(d,e),a!=z")
    assert [i["metadata"]["name"] for i in data["items"]] == ["w1", "w2"]
    _, _, data = srv.request("GET", f"{WF_PATH}?labelSelector=!c")
    assert [i["metadata"]["name"] for i in data["items"]] == ["w3"]
    _, _, data = srv.request("GET", f"/apis/argoproj.io/v1alpha1/namespaces/other/workflows")
    assert data["items"] == []


def test_list_pagination(srv):
    for i in range(5):
        srv.request("POST", WF_PATH, workflow(name=f"p{i}"))
    names, cont = [], None
    for _ in range(10):
        q = "?limit=2" + (f"&continue={cont}" if cont else "")
        _, _, data = srv.request("GET", WF_PATH + q)
        names += [i["metadata"]["name"] for i in data["items"]]
        cont = data["metadata"].get("continue")
        if not cont:
            break
    assert names == [f"p{i}" for i in range(5)]


# ---------------------------------------------------------------------------
# workflow templates
# ---------------------------------------------------------------------------

def test_workflow_templates(srv):
    status, _, data = srv.request("GET", f"{WFT_PATH}/facteur-dispatch")
    assert status == 404 and data["message"] == 'workflowtemplates.argoproj.io "facteur-dispatch" not found'
    srv.control("POST", "workflowtemplates", {"metadata": {"name": "facteur-dispatch", "namespace": NS},
                                              "spec": {"entrypoint": "main"}})
    status, _, data = srv.request("GET", f"{WFT_PATH}/facteur-dispatch")
    assert status == 200 and data["kind"] == "WorkflowTemplate" and data["spec"]["entrypoint"] == "main"
    body = {"apiVersion": "argoproj.io/v1alpha1", "kind": "WorkflowTemplate",
            "metadata": {"name": "other"}, "spec": {"entrypoint": "main",
                                                    "templates": [{"name": "main"}]}}
    assert srv.request("POST", WFT_PATH, body)[0] == 201
    assert srv.request("POST", WFT_PATH, body)[0] == 409
    assert srv.request("GET", f"{WFT_PATH}/other")[0] == 200


# ---------------------------------------------------------------------------
# watch
# ---------------------------------------------------------------------------

def set_phase(srv, name, phase, **extra):
    return srv.control("POST", f"workflows/{NS}/{name}/phase", {"phase": phase, **extra})


def test_watch_receives_modified_after_phase_change(srv):
    _, _, obj = srv.request("POST", WF_PATH, workflow(generate_name="plan-"))
    srv.request("POST", WF_PATH, workflow(name="unrelated"))
    name, rv = obj["metadata"]["name"], obj["metadata"]["resourceVersion"]
    w = Watch(srv, f"watch=1&resourceVersion={rv}&fieldSelector=metadata.name%3D{name}&timeoutSeconds=10")
    try:
        set_phase(srv, "unrelated", "Running")
        set_phase(srv, name, "Running")
        ev = w.next()
        assert ev["type"] == "MODIFIED" and ev["object"]["metadata"]["name"] == name
        assert ev["object"]["status"]["phase"] == "Running" and ev["object"]["status"]["startedAt"]
        set_phase(srv, name, "Succeeded", startedAt="2024-01-01T00:00:00Z",
                  finishedAt="2024-01-01T00:01:23Z")
        ev = w.next()
        st = ev["object"]["status"]
        assert ev["type"] == "MODIFIED" and st["phase"] == "Succeeded"
        assert st["startedAt"] == "2024-01-01T00:00:00Z" and st["finishedAt"] == "2024-01-01T00:01:23Z"
        assert ev["object"]["metadata"]["labels"]["workflows.argoproj.io/completed"] == "true"
        assert int(ev["object"]["metadata"]["resourceVersion"]) > int(rv)
    finally:
        w.close()


def test_watch_without_rv_lists_existing_as_added(srv):
    srv.request("POST", WF_PATH, workflow(name="old"))
    w = Watch(srv, "watch=true&timeoutSeconds=10")
    try:
        ev = w.next()
        assert ev["type"] == "ADDED" and ev["object"]["metadata"]["name"] == "old"
        srv.request("POST", WF_PATH, workflow(name="new"))
        ev = w.next()
        assert ev["type"] == "ADDED" and ev["object"]["metadata"]["name"] == "new"
        srv.request("DELETE", f"{WF_PATH}/new")
        ev = w.next()
        assert ev["type"] == "DELETED" and ev["object"]["metadata"]["name"] == "new"
    finally:
        w.close()


def test_watch_label_selector_transitions(srv):
    _, _, obj = srv.request("POST", WF_PATH, workflow(name="lab", labels={"app.kubernetes.io/managed-by": "facteur"}))
    rv = obj["metadata"]["resourceVersion"]
    w = Watch(srv, f"watch=1&resourceVersion={rv}&timeoutSeconds=10"
                   "&labelSelector=workflows.argoproj.io/completed!%3Dtrue")
    try:
        set_phase(srv, "lab", "Running")
        assert w.next()["type"] == "MODIFIED"
        set_phase(srv, "lab", "Failed")  # leaves the selector: the real server says DELETED
        ev = w.next()
        assert ev["type"] == "DELETED" and ev["object"]["status"]["phase"] == "Failed"
    finally:
        w.close()


def test_resumed_watch_replays_missed_events(srv):
    _, _, obj = srv.request("POST", WF_PATH, workflow(name="resume"))
    rv0 = obj["metadata"]["resourceVersion"]
    m1 = set_phase(srv, "resume", "Running")
    set_phase(srv, "resume", "Succeeded")
    w = Watch(srv, f"watch=1&resourceVersion={m1['metadata']['resourceVersion']}&timeoutSeconds=5")
    try:
        ev = w.next()
        assert ev["type"] == "MODIFIED" and ev["object"]["status"]["phase"] == "Succeeded"
    finally:
        w.close()
    w = Watch(srv, f"watch=1&resourceVersion={rv0}&timeoutSeconds=5")
    try:
        phases = [w.next()["object"]["status"]["phase"] for _ in range(2)]
        assert phases == ["Running", "Succeeded"]
    finally:
        w.close()


def test_watch_from_compacted_rv_gets_410_expired(srv):
    _, _, obj = srv.request("POST", WF_PATH, workflow(name="exp"))
    rv = obj["metadata"]["resourceVersion"]
    set_phase(srv, "exp", "Running")
    srv.control("POST", "compact")
    w = Watch(srv, f"watch=1&resourceVersion={rv}&timeoutSeconds=5")
    try:
        ev = w.next()
        assert ev["type"] == "ERROR"
        o = ev["object"]
        assert o["kind"] == "Status" and o["code"] == 410 and o["reason"] == "Expired"
        assert o["message"].startswith(f"too old resource version: {rv} (")
        assert w.next() is None  # the stream ends after the error
    finally:
        w.close()


def test_bounded_history_expires_old_rvs(srv):
    _, _, obj = srv.request("POST", WF_PATH, workflow(name="hist"))
    rv = obj["metadata"]["resourceVersion"]
    for i in range(60):  # history-size is 50 for this server
        set_phase(srv, "hist", "Running" if i % 2 else "Pending")
    w = Watch(srv, f"watch=1&resourceVersion={rv}&timeoutSeconds=5")
    try:
        ev = w.next()
        assert ev["type"] == "ERROR" and ev["object"]["code"] == 410
    finally:
        w.close()


def test_watch_times_out_cleanly_and_connection_is_reusable(srv):
    c = srv.conn(10)
    try:
        rv = srv.request("GET", WF_PATH)[2]["metadata"]["resourceVersion"]
        t0 = time.monotonic()
        c.request("GET", f"{WF_PATH}?watch=1&resourceVersion={rv}&timeoutSeconds=1",
                  headers={"Authorization": f"Bearer {TOKEN}"})
        r = c.getresponse()
        assert r.read() == b""  # terminating chunk received: no IncompleteRead
        assert 0.9 <= time.monotonic() - t0 < 5
        status, _, _ = srv.request("GET", "/version", conn=c)
        assert status == 200
    finally:
        c.close()


def test_bookmarks(srv):
    rv = srv.request("GET", WF_PATH)[2]["metadata"]["resourceVersion"]
    w = Watch(srv, f"watch=1&resourceVersion={rv}&allowWatchBookmarks=true&timeoutSeconds=10")
    try:
        srv.control("POST", "bookmark")
        ev = w.next()
        assert ev["type"] == "BOOKMARK" and ev["object"]["metadata"]["resourceVersion"].isdigit()
    finally:
        w.close()


# ---------------------------------------------------------------------------
# recorded requests
# ---------------------------------------------------------------------------

def test_requests_recorded_with_traceparent(srv):
    tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    srv.request("POST", WF_PATH + "?fieldManager=facteur", workflow(name="rec"), headers={"traceparent": tp})
    reqs = srv.control("GET", "requests")["requests"]
    assert len(reqs) == 1
    r = reqs[0]
    assert r["method"] == "POST" and r["path"] == WF_PATH and r["query"] == {"fieldManager": "facteur"}
    assert r["traceparent"] == tp and r["headers"]["traceparent"] == tp
    assert r["headers"]["authorization"] == f"Bearer {TOKEN}"
    assert r["body"]["metadata"]["name"] == "rec" and r["status"] == 201
    assert srv.control("GET", "requests?clear=1")["requests"]
    assert srv.control("GET", "requests")["requests"] == []


# ---------------------------------------------------------------------------
# fault injection
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("code,reason", [(500, "InternalError"), (503, "ServiceUnavailable")])
def test_fault_status(srv, code, reason):
    srv.control("POST", "faults", {"method": "POST", "path": "/workflows$", "times": 2,
                                   "action": {"status": code}})
    for _ in range(2):
        status, _, data = srv.request("POST", WF_PATH, workflow(name="f"))
        assert status == code and data["reason"] == reason and data["code"] == code
    assert srv.request("POST", WF_PATH, workflow(name="f"))[0] == 201
    reqs = srv.control("GET", "requests")["requests"]
    assert [r["fault"] is not None for r in reqs] == [True, True, False]


def test_fault_429_retry_after(srv):
    srv.control("POST", "faults", {"rules": [{"method": "POST", "path": "workflows", "times": 1,
                                              "action": {"status": 429, "retry_after": 1}}]})
    status, r, data = srv.request("POST", WF_PATH, workflow(name="rl"))
    assert status == 429 and r.getheader("Retry-After") == "1"
    assert data["reason"] == "TooManyRequests" and data["details"] == {"retryAfterSeconds": 1}
    assert srv.request("POST", WF_PATH, workflow(name="rl"))[0] == 201


def test_fault_only_matches_method_and_path(srv):
    srv.control("POST", "faults", {"method": "GET", "path": "/workflowtemplates/", "times": 1,
                                   "action": {"status": 500}})
    assert srv.request("POST", WF_PATH, workflow(name="m"))[0] == 201
    assert srv.request("GET", f"{WF_PATH}/m")[0] == 200
    assert srv.request("GET", f"{WFT_PATH}/t")[0] == 500
    assert srv.request("GET", f"{WFT_PATH}/t")[0] == 404


def test_fault_drop_after_store(srv):
    srv.control("POST", "faults", {"method": "POST", "path": "/workflows$", "times": 1,
                                   "action": {"drop_after_store": True}})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        srv.request("POST", WF_PATH, workflow(name="lost"))
    rec = srv.control("GET", "requests")["requests"][0]
    assert rec["dropped"] is True and rec["status"] is None
    status, _, obj = srv.request("GET", f"{WF_PATH}/lost")
    assert status == 200  # stored although the answer never came
    status, _, data = srv.request("POST", WF_PATH, workflow(name="lost"))  # the client's retry
    assert status == 409 and data["reason"] == "AlreadyExists"


def test_fault_delay(srv):
    srv.control("POST", "faults", {"method": "GET", "path": "/version", "times": 1,
                                   "action": {"delay_ms": 700}})
    t0 = time.monotonic()
    assert srv.request("GET", "/version")[0] == 200
    assert time.monotonic() - t0 >= 0.65
    t0 = time.monotonic()
    assert srv.request("GET", "/version")[0] == 200
    assert time.monotonic() - t0 < 0.5


def test_fault_cut_watch_after_events(srv):
    _, _, obj = srv.request("POST", WF_PATH, workflow(name="cut"))
    rv = obj["metadata"]["resourceVersion"]
    srv.control("POST", "faults", {"method": "GET", "path": "/workflows$", "query": "watch=",
                                   "times": 1, "action": {"cut_watch_after_events": 1}})
    w = Watch(srv, f"watch=1&resourceVersion={rv}&timeoutSeconds=10")
    try:
        set_phase(srv, "cut", "Running")
        assert w.next()["type"] == "MODIFIED"
        set_phase(srv, "cut", "Succeeded")
        with pytest.raises((http.client.IncompleteRead, ConnectionError, ValueError)):
            line = w.r.readline()
            if not line:  # closed without the terminating chunk
                raise http.client.IncompleteRead(b"")
    finally:
        w.close()
    # a resumed watch (rule spent) sees what the cut stream missed
    w = Watch(srv, f"watch=1&resourceVersion={int(rv) + 1}&timeoutSeconds=5")
    try:
        ev = w.next()
        assert ev["type"] == "MODIFIED" and ev["object"]["status"]["phase"] == "Succeeded"
    finally:
        w.close()


def test_fault_rules_listed_and_cleared(srv):
    srv.control("POST", "faults", {"path": "x", "times": 3, "action": {"status": 500}})
    rules = srv.control("GET", "faults")["rules"]
    assert rules[0]["remaining"] == 3
    srv.control("DELETE", "faults")
    assert srv.control("GET", "faults")["rules"] == []


# ---------------------------------------------------------------------------
# state file
# ---------------------------------------------------------------------------

def test_state_file_survives_restart(tmp_path):
    state = str(tmp_path / "state.json")
    p = Proc(["--state-file", state], tmp_path)
    try:
        assert p.request("POST", WF_PATH, workflow(name="kept"), token=None)[0] == 201
    finally:
        p.stop()
    p = Proc(["--state-file", state], tmp_path)
    try:
        status, _, obj = p.request("GET", f"{WF_PATH}/kept", token=None)
        assert status == 200
        _, _, obj2 = p.request("POST", WF_PATH, workflow(name="next"), token=None)
        assert int(obj2["metadata"]["resourceVersion"]) > int(obj["metadata"]["resourceVersion"])
    finally:
        p.stop()


# ---------------------------------------------------------------------------
# TLS with client certificates
# ---------------------------------------------------------------------------

def _openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    if not shutil.which("openssl"):
        pytest.skip("openssl CLI not installed")
    d = str(tmp_path_factory.mktemp("pki"))
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
             "-days", "2", "-subj", "/CN=test-ca", cwd=d)
    with open(os.path.join(d, "server.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
    with open(os.path.join(d, "client.ext"), "w") as f:
        f.write("extendedKeyUsage=clientAuth\n")
    for who in ("server", "client"):
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{who}.key", "-out", f"{who}.csr",
                 "-subj", f"/CN={'localhost' if who == 'server' else 'system:serviceaccount:facteur:facteur'}",
                 cwd=d)
        _openssl("x509", "-req", "-in", f"{who}.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                 "-CAcreateserial", "-out", f"{who}.crt", "-days", "2", "-extfile", f"{who}.ext", cwd=d)
    # a client certificate from a CA the server does not trust
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rogue.key", "-out", "rogue.crt",
             "-days", "2", "-subj", "/CN=rogue", cwd=d)
    return d


def _client_ctx(pki, cert="client"):
    ctx = ssl.create_default_context(cafile=os.path.join(pki, "ca.crt"))
    if cert:
        ctx.load_cert_chain(os.path.join(pki, f"{cert}.crt"), os.path.join(pki, f"{cert}.key"))
    return ctx


def test_https_with_client_certificate(pki, tmp_path):
    p = Proc(["--token", TOKEN, "--tls-cert", os.path.join(pki, "server.crt"),
              "--tls-key", os.path.join(pki, "server.key"), "--client-ca", os.path.join(pki, "ca.crt")],
             tmp_path, ssl_context=_client_ctx(pki))
    try:
        status, _, data = p.request("GET", "/version")
        assert status == 200 and data["gitVersion"] == "v1.30.0"
        status, _, obj = p.request("POST", WF_PATH, workflow(generate_name="tls-"))
        assert status == 201
        reqs = p.control("GET", "requests")["requests"]
        assert reqs[-1]["client_cert_cn"] == "system:serviceaccount:facteur:facteur"
        # the token is still required when --token is set
        assert p.request("GET", "/version", token=None)[0] == 401
        # hostname verification works against the SAN DNS:localhost too
        c = http.client.HTTPSConnection("localhost", p.port, timeout=10, context=_client_ctx(pki))
        try:
            c.request("GET", "/readyz", headers={"Authorization": f"Bearer {TOKEN}"})
            assert c.getresponse().status == 200
        finally:
            c.close()
        # no client certificate, or one from another CA: the handshake fails
        for bad in (None, "rogue"):
            with pytest.raises((ssl.SSLError, ConnectionError, OSError)):
                p.request("GET", "/version", conn=p.conn(5, ssl_context=_client_ctx(pki, bad)))
        # the server keeps serving afterwards
        assert p.request("GET", "/version")[0] == 200
    finally:
        p.stop()


def test_https_watch(pki, tmp_path):
    p = Proc(["--tls-cert", os.path.join(pki, "server.crt"), "--tls-key", os.path.join(pki, "server.key"),
              "--client-ca", os.path.join(pki, "ca.crt")], tmp_path, ssl_context=_client_ctx(pki))
    try:
        _, _, obj = p.request("POST", WF_PATH, workflow(name="tw"), token=None)
        c = p.conn(10)
        try:
            c.request("GET", f"{WF_PATH}?watch=1&resourceVersion={obj['metadata']['resourceVersion']}"
                             "&timeoutSeconds=5")
            r = c.getresponse()
            p.control("POST", f"workflows/{NS}/tw/phase", {"phase": "Error"})
            ev = json.loads(r.readline())
            assert ev["type"] == "MODIFIED" and ev["object"]["status"]["phase"] == "Error"
        finally:
            c.close()
    finally:
        p.stop()
