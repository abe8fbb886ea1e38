#!/usr/bin/env python3
"""A local stand-in for kube-apiserver, limited to the calls facteur makes.

Serves Argo Workflows custom resources (argoproj.io/v1alpha1 workflows and
workflowtemplates) with the real API's conventions: metav1 Status errors,
resourceVersion, generateName, label/field selectors, chunked watch streams
with resumable history and 410 Expired.  Create requests are validated with
the official Argo Workflows Python SDK model.  A test control API under
/_test/ drives it (see README.md beside this file).

Standard library only, apart from the optional `argo_workflows` SDK used for
validation.  Run `python3 kube_apiserver.py --help` for the command line.
"""

from __future__ import annotations

import argparse
import base64
import collections
import copy
import datetime as _dt
import inspect
import json
import os
import random
import re
import select
import signal
import socket
import ssl
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

GROUP = "argoproj.io"
VERSION = "v1alpha1"
API_VERSION = f"{GROUP}/{VERSION}"

# plural -> (Kind, ListKind, SDK model module, SDK class name)
RESOURCES = {
    "workflows": ("Workflow", "WorkflowList",
                  "argo_workflows.model.io_argoproj_workflow_v1alpha1_workflow",
                  "IoArgoprojWorkflowV1alpha1Workflow"),
    "workflowtemplates": ("WorkflowTemplate", "WorkflowTemplateList",
                          "argo_workflows.model.io_argoproj_workflow_v1alpha1_workflow_template",
                          "IoArgoprojWorkflowV1alpha1WorkflowTemplate"),
}

PHASES = ("Pending", "Running", "Succeeded", "Failed", "Error")
FINISHED_PHASES = ("Succeeded", "Failed", "Error")

# Characters kube-apiserver uses for generateName suffixes (no vowels, no
# easily-confused digits): a subset of lowercase alphanumerics.
GENERATE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1123_LABEL_MSG = ("a lowercase RFC 1123 label must consist of lower case alphanumeric "
                     "characters or '-', and must start and end with an alphanumeric character "
                     "(e.g. 'my-name',  or '123-abc', regex used for validation is "
                     "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')")

LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
LABEL_VALUE_MSG = ("a valid label must be an empty string or consist of alphanumeric characters, "
                   "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
                   "'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                   "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")

REASONS = {
    400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
    405: "MethodNotAllowed", 406: "NotAcceptable", 409: "AlreadyExists", 410: "Expired",
    413: "RequestEntityTooLarge", 415: "UnsupportedMediaType", 422: "Invalid",
    429: "TooManyRequests", 500: "InternalError", 503: "ServiceUnavailable",
    504: "Timeout",
}
DEFAULT_MESSAGES = {
    500: "Internal error occurred: injected fault",
    503: "the server is currently unable to handle the request",
    429: "Too many requests, please try again later.",
    504: "the server was unable to return a response in the time allotted, but may still be processing the request",
}


def now_rfc3339() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def status_obj(code: int, message: str, reason: str | None = None, details: dict | None = None) -> dict:
    """A metav1.Status shaped like kube-apiserver's (field order included)."""
    body = {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason if reason is not None else REASONS.get(code, ""),
    }
    if details is not None:
        body["details"] = details
    body["code"] = code
    return body


class ApiError(Exception):
    def __init__(self, code: int, message: str, reason: str | None = None,
                 details: dict | None = None, headers: dict | None = None):
        super().__init__(message)
        self.code = code
        self.status = status_obj(code, message, reason, details)
        self.headers = headers or {}


def not_found(plural: str, name: str) -> ApiError:
    return ApiError(404, f'{plural}.{GROUP} "{name}" not found', "NotFound",
                    {"name": name, "group": GROUP, "kind": plural})


def already_exists(plural: str, name: str) -> ApiError:
    return ApiError(409, f'{plural}.{GROUP} "{name}" already exists', "AlreadyExists",
                    {"name": name, "group": GROUP, "kind": plural})


def invalid(kind: str, name: str, causes: list[dict]) -> ApiError:
    """422 Invalid, message built like apimachinery's NewInvalid."""
    parts = []
    for c in causes:
        field = c.get("field")
        parts.append(f"{field}: {c['message']}" if field else c["message"])
    joined = parts[0] if len(parts) == 1 else "[" + ", ".join(parts) + "]"
    return ApiError(422, f'{kind}.{GROUP} "{name}" is invalid: {joined}', "Invalid",
                    {"name": name, "group": GROUP, "kind": kind, "causes": causes})


# --------------------------------------------------------------------------
# Validation with the Argo Workflows SDK
# --------------------------------------------------------------------------

_SDK_TO_JSON_TYPE = {"list": "array", "dict": "object", "str": "string", "int": "integer",
                     "float": "number", "bool": "boolean", "datetime": "string", "date": "string"}


def _json_type_name(v) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if v is None:
        return "null"
    return "object"


def _value_at(doc, path):
    cur = doc
    for p in (path or [])[1:]:
        try:
            cur = cur[p]
        except Exception:
            return None
    return cur


class SdkValidator:
    """Validates a dict against the Argo SDK's generated OpenAPI models.

    Two passes, both driven by the SDK's model metadata:
      1. a walk over the document using each model's `attribute_map`,
         `openapi_types` and the required positional arguments of
         `_from_openapi_data`, to report missing required fields and unknown
         fields with their JSON paths (the SDK itself raises a bare TypeError
         without a path for a missing required field);
      2. `model_utils.validate_and_convert_types(doc, (Model,), ...)` with a
         `Configuration`, which deserializes the whole document into the SDK
         model exactly as `ApiClient.deserialize` does, checking every type,
         enum and nested model.  It raises ApiTypeError / ApiValueError /
         ApiKeyError carrying `path_to_item`.
    The SDK mutates the dict it converts, so a JSON round-tripped copy is used.
    """

    def __init__(self):
        self.available = False
        self.error = None
        try:
            from argo_workflows import model_utils  # noqa: F401
            from argo_workflows.configuration import Configuration
            import importlib
            self.model_utils = model_utils
            self.configuration = Configuration()
            self.models = {}
            for plural, (_, _, module, cls) in RESOURCES.items():
                self.models[plural] = getattr(importlib.import_module(module), cls)
            self.available = True
        except Exception as exc:  # pragma: no cover - depends on environment
            self.error = f"{type(exc).__name__}: {exc}"
        self._required_cache: dict[type, list[str]] = {}

    # -- pass 1 -----------------------------------------------------------
    def _required(self, cls) -> list[str]:
        if cls not in self._required_cache:
            params = inspect.signature(cls._from_openapi_data).parameters
            names = [p.name for p in params.values()
                     if p.kind == p.POSITIONAL_OR_KEYWORD and p.name not in ("cls", "self")]
            self._required_cache[cls] = names
        return self._required_cache[cls]

    def _walk(self, value, types, path, errors, warnings):
        mu = self.model_utils
        if value is None:
            return
        for t in types:
            if isinstance(t, list) and isinstance(value, list):
                for i, item in enumerate(value):
                    self._walk(item, tuple(t), f"{path}[{i}]", errors, warnings)
                return
            if isinstance(t, dict) and isinstance(value, dict):
                inner = next(iter(t.values()))
                for k, item in value.items():
                    self._walk(item, inner, f"{path}[{k}]", errors, warnings)
                return
            if (inspect.isclass(t) and issubclass(t, mu.ModelNormal)
                    and isinstance(value, dict)):
                attr_map = t.attribute_map  # python name -> json name
                json_to_py = {v: k for k, v in attr_map.items()}
                otypes = t.openapi_types
                for py_name in self._required(t):
                    json_name = attr_map.get(py_name, py_name)
                    if json_name not in value:
                        errors.append({"reason": "FieldValueRequired",
                                       "message": "Required value",
                                       "field": f"{path}.{json_name}".lstrip(".")})
                for k, item in value.items():
                    py = json_to_py.get(k)
                    if py is None:
                        warnings.append(f'unknown field "{(path + "." + k).lstrip(".")}"')
                        continue
                    self._walk(item, otypes[py], f"{path}.{k}", errors, warnings)
                return

    # -- pass 2 -----------------------------------------------------------
    @staticmethod
    def _json_path(path_to_item) -> str:
        out = ""
        for p in path_to_item or []:
            if p == "body" and out == "":
                continue
            if isinstance(p, int):
                out += f"[{p}]"
            else:
                out += f".{p}" if out else str(p)
        return out

    def validate(self, plural: str, doc: dict) -> tuple[bool, list[dict], list[str]]:
        """Returns (valid, causes, warnings)."""
        if not self.available:
            return True, [], [f"argo_workflows SDK unavailable ({self.error}); not validated"]
        model = self.models[plural]
        doc = json.loads(json.dumps(doc))
        errors: list[dict] = []
        warnings: list[str] = []
        try:
            self._walk(doc, (model,), "", errors, warnings)
        except Exception as exc:  # the walk is best effort
            warnings.append(f"schema walk failed: {exc}")
        if errors:
            return False, errors, warnings
        try:
            self.model_utils.validate_and_convert_types(
                json.loads(json.dumps(doc)), (model,), ["body"], True, True, configuration=self.configuration)
        except Exception as exc:
            path = getattr(exc, "path_to_item", None)
            field = self._json_path(path)
            msg = re.sub(r" at \['body'\].*$", "", str(exc))
            m = re.search(r"Required value type is (\w+) and passed type was (\w+)", msg)
            if m:
                # Phrase it like the apiserver's OpenAPI schema validation.
                actual = _json_type_name(_value_at(doc, path))
                expected = _SDK_TO_JSON_TYPE.get(m.group(1), "object")
                errors.append({"reason": "FieldValueTypeInvalid",
                               "message": f'Invalid value: "{actual}": {field} in body must be of '
                                          f'type {expected}: "{actual}"',
                               "field": field,
                               "sdkError": f"{type(exc).__name__}: {msg}"})
            else:
                errors.append({"reason": "FieldValueInvalid",
                               "message": f"Invalid value: {msg}",
                               "field": field,
                               "sdkError": f"{type(exc).__name__}: {msg}"})
            return False, errors, warnings
        return True, [], warnings


# --------------------------------------------------------------------------
# Selectors
# --------------------------------------------------------------------------

def _split_top(s: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def parse_label_selector(sel: str):
    reqs = []
    for term in _split_top(sel or ""):
        m = re.match(r"^([^\s!=]+)\s+(in|notin)\s+\((.*)\)$", term)
        if m:
            vals = {v.strip() for v in m.group(3).split(",") if v.strip()}
            reqs.append((m.group(1), m.group(2), vals))
            continue
        m = re.match(r"^([^\s!=]+)\s*(==|!=|=)\s*([^\s]*)$", term)
        if m:
            op = {"==": "=", "=": "=", "!=": "!="}[m.group(2)]
            reqs.append((m.group(1), op, m.group(3)))
            continue
        m = re.match(r"^!\s*([^\s!=]+)$", term)
        if m:
            reqs.append((m.group(1), "!exists", None))
            continue
        m = re.match(r"^([^\s!=()]+)$", term)
        if m:
            reqs.append((m.group(1), "exists", None))
            continue
        raise ApiError(400, f'unable to parse requirement: found \'{term}\', expected: valid label selector')
    return reqs


def labels_match(reqs, labels: dict) -> bool:
    for key, op, val in reqs:
        has = key in labels
        cur = labels.get(key)
        if op == "=" and cur != val:
            return False
        if op == "!=" and has and cur == val:
            return False
        if op == "in" and (not has or cur not in val):
            return False
        if op == "notin" and has and cur in val:
            return False
        if op == "exists" and not has:
            return False
        if op == "!exists" and has:
            return False
    return True


def parse_field_selector(sel: str):
    reqs = []
    for term in _split_top(sel or ""):
        m = re.match(r"^([^!=]+)(==|!=|=)(.*)$", term)
        if not m:
            raise ApiError(400, f'invalid selector: \'{sel}\'; can\'t understand \'{term}\'')
        field, op, val = m.group(1).strip(), m.group(2), m.group(3).strip()
        if field not in ("metadata.name", "metadata.namespace"):
            raise ApiError(400, f'field label not supported: {field}')
        reqs.append((field, "!=" if op == "!=" else "=", val))
    return reqs


def fields_match(reqs, obj: dict) -> bool:
    meta = obj.get("metadata", {})
    for field, op, val in reqs:
        cur = meta.get(field.split(".", 1)[1], "")
        if (op == "=") != (cur == val):
            return False
    return True


# --------------------------------------------------------------------------
# State
# --------------------------------------------------------------------------

class State:
    def __init__(self, token: str | None, history_size: int, state_file: str | None):
        self.cond = threading.Condition(threading.RLock())
        self.initial_token = token
        self.state_file = state_file
        self.history_size = history_size
        self.rv = 0
        self.objects: dict[str, dict[tuple[str, str], dict]] = {p: {} for p in RESOURCES}
        self.events: collections.deque = collections.deque()
        self.compacted_rv = 0  # events with rv <= this are gone from history
        self.epoch = 0         # bumped by reset: open watches end
        self.bookmark_gen = 0
        self.shutting_down = False
        self.reset(keep_rv=False, save=False)
        self._load()

    def reset(self, keep_rv: bool = True, save: bool = True):
        with self.cond:
            if not keep_rv:
                self.rv = 0
            for p in self.objects:
                self.objects[p] = {}
            self.events.clear()
            self.compacted_rv = self.rv
            self.token = self.initial_token
            self.forbidden: dict[str, dict] = {}
            self.faults: list[dict] = []
            self.requests: list[dict] = []
            self.validations: list[dict] = []
            self.epoch += 1
            self.cond.notify_all()
            if save:
                self._save()

    # persistence -----------------------------------------------------------
    def _load(self):
        if not self.state_file or not os.path.exists(self.state_file):
            return
        with open(self.state_file) as f:
            data = json.load(f)
        with self.cond:
            self.rv = int(data.get("resourceVersion", 0))
            self.compacted_rv = self.rv
            for plural, items in data.get("objects", {}).items():
                if plural in self.objects:
                    for obj in items:
                        m = obj["metadata"]
                        self.objects[plural][(m["namespace"], m["name"])] = obj

    def _save(self):
        if not self.state_file:
            return
        data = {"resourceVersion": str(self.rv),
                "objects": {p: list(objs.values()) for p, objs in self.objects.items()}}
        tmp = self.state_file + ".tmp"
        with open(tmp, "w") as f:
            json.dump(data, f)
        os.replace(tmp, self.state_file)

    # mutation --------------------------------------------------------------
    def next_rv(self) -> int:
        self.rv += 1
        return self.rv

    def emit(self, plural: str, etype: str, old: dict | None, new: dict, rv: int):
        """Record an event (called with the lock held) and wake watchers."""
        self.events.append({"rv": rv, "plural": plural, "type": etype,
                            "old": copy.deepcopy(old), "object": copy.deepcopy(new)})
        while len(self.events) > self.history_size:
            dropped = self.events.popleft()
            self.compacted_rv = max(self.compacted_rv, dropped["rv"])
        self._save()
        self.cond.notify_all()

    def store_new(self, plural: str, ns: str, obj: dict) -> dict:
        with self.cond:
            name = obj["metadata"]["name"]
            if (ns, name) in self.objects[plural]:
                raise already_exists(plural, name)
            rv = self.next_rv()
            meta = obj["metadata"]
            meta["namespace"] = ns
            meta["uid"] = str(uuid.uuid4())
            meta["resourceVersion"] = str(rv)
            meta["generation"] = 1
            meta["creationTimestamp"] = now_rfc3339()
            self.objects[plural][(ns, name)] = obj
            self.emit(plural, "ADDED", None, obj, rv)
            return copy.deepcopy(obj)

    def update(self, plural: str, ns: str, name: str, mutate) -> dict:
        with self.cond:
            cur = self.objects[plural].get((ns, name))
            if cur is None:
                raise not_found(plural, name)
            old = copy.deepcopy(cur)
            mutate(cur)
            rv = self.next_rv()
            cur["metadata"]["resourceVersion"] = str(rv)
            self.emit(plural, "MODIFIED", old, cur, rv)
            return copy.deepcopy(cur)

    def delete(self, plural: str, ns: str, name: str) -> dict:
        with self.cond:
            cur = self.objects[plural].pop((ns, name), None)
            if cur is None:
                raise not_found(plural, name)
            rv = self.next_rv()
            cur["metadata"]["resourceVersion"] = str(rv)
            self.emit(plural, "DELETED", cur, cur, rv)
            return copy.deepcopy(cur)

    def compact(self):
        with self.cond:
            self.events.clear()
            self.compacted_rv = self.rv

    # faults ------------------------------------------------------------------
    def take_fault(self, method: str, path: str, query: str) -> dict | None:
        with self.cond:
            for rule in self.faults:
                if rule.get("remaining") is not None and rule["remaining"] <= 0:
                    continue
                if rule.get("method") and rule["method"].upper() != method:
                    continue
                if rule.get("path") and not re.search(rule["path"], path):
                    continue
                if rule.get("query") and not re.search(rule["query"], query):
                    continue
                if rule.get("remaining") is not None:
                    rule["remaining"] -= 1
                rule["hits"] = rule.get("hits", 0) + 1
                return copy.deepcopy(rule)
            return None


# --------------------------------------------------------------------------
# HTTP handler
# --------------------------------------------------------------------------

class DropConnection(Exception):
    """Close the socket without sending (the rest of) a response."""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kube-apiserver-standin/1.0"
    sys_version = ""
    timeout = 600  # idle keep-alive connections

    # BaseHTTPRequestHandler dispatch -------------------------------------------
    def do_GET(self): self._dispatch()
    def do_POST(self): self._dispatch()
    def do_PUT(self): self._dispatch()
    def do_DELETE(self): self._dispatch()
    def do_PATCH(self): self._dispatch()
    def do_HEAD(self): self._dispatch()

    @property
    def state(self) -> State:
        return self.server.state

    def log_message(self, fmt, *args):
        sys.stderr.write("[kube-apiserver] %s %s\n" % (self.address_string(), fmt % args))
        sys.stderr.flush()

    # body ------------------------------------------------------------------------
    def _read_body(self) -> bytes:
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            out = b""
            while True:
                line = self.rfile.readline(65537)
                if not line:
                    raise DropConnection()
                size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while True:  # trailers
                        t = self.rfile.readline(65537)
                        if t in (b"\r\n", b"\n", b""):
                            break
                    return out
                out += self.rfile.read(size)
                self.rfile.readline(3)
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    # responses -------------------------------------------------------------------
    def _send_json(self, code: int, obj, headers: dict | None = None):
        data = (json.dumps(obj) + "\n").encode() if not isinstance(obj, (bytes, str)) else (
            obj.encode() if isinstance(obj, str) else obj)
        self._record["status"] = code  # before the client can see the answer
        self.send_response(code)
        ctype = "application/json" if not isinstance(obj, (bytes, str)) else "text/plain; charset=utf-8"
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Audit-Id", str(uuid.uuid4()))
        self.send_header("Cache-Control", "no-cache, private")
        for k, v in (headers or {}).items():
            self.send_header(k, str(v))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.wfile.flush()

    def _drop(self):
        self.close_connection = True
        self._record["dropped"] = True
        try:
            self.wfile.flush()
        except Exception:
            pass
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except Exception:
            pass

    # main dispatch ---------------------------------------------------------------
    def _dispatch(self):
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query_raw = parts.query
        query = {k: v[-1] for k, v in parse_qs(query_raw, keep_blank_values=True).items()}
        self._record = {"status": None}
        try:
            body = self._read_body()
        except (DropConnection, ValueError):
            self._drop()
            return
        if path.startswith("/_test/") or path == "/_test":
            try:
                self._control(path, query, body)
            except ApiError as e:
                self._send_json(e.code, e.status, e.headers)
            except Exception as e:  # pragma: no cover
                self._send_json(500, status_obj(500, f"control error: {e}"))
            return

        record = {
            "time": time.time(),
            "method": self.command,
            "path": path,
            "query": query,
            "raw_query": query_raw,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "traceparent": self.headers.get("traceparent"),
            "body": None,
            "user": None,
            "status": None,
            "fault": None,
        }
        if body:
            try:
                record["body"] = json.loads(body)
            except Exception:
                record["body"] = body.decode("utf-8", "replace")
        peer = getattr(self.connection, "getpeercert", None)
        if peer is not None:
            try:
                cert = self.connection.getpeercert()
                if cert:
                    subject = dict(x[0] for x in cert.get("subject", ()))
                    record["client_cert_cn"] = subject.get("commonName")
            except Exception:
                pass
        self._record = record
        with self.state.cond:
            self.state.requests.append(record)

        ctx = {"drop_after_store": False, "cut_after": None}
        try:
            fault = self.state.take_fault(self.command, path, query_raw)
            if fault:
                action = fault.get("action", {})
                record["fault"] = action
                if action.get("delay_ms"):
                    time.sleep(action["delay_ms"] / 1000.0)
                if action.get("drop"):
                    self._drop()
                    return
                if action.get("status"):
                    code = int(action["status"])
                    hdrs = {}
                    details = None
                    if action.get("retry_after") is not None:
                        hdrs["Retry-After"] = str(action["retry_after"])
                        details = {"retryAfterSeconds": int(action["retry_after"])}
                    msg = action.get("message") or DEFAULT_MESSAGES.get(code, f"injected fault {code}")
                    raise ApiError(code, msg, action.get("reason"), details, hdrs)
                ctx["drop_after_store"] = bool(action.get("drop_after_store"))
                if action.get("cut_watch_after_events") is not None:
                    ctx["cut_after"] = int(action["cut_watch_after_events"])
            self._authenticate()
            self._route(path, query, body, ctx)
        except DropConnection:
            self._drop()
        except ApiError as e:
            self._send_json(e.code, e.status, e.headers)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            self.close_connection = True
        except Exception as e:  # a bug here must still answer like a server would
            sys.stderr.write(f"[kube-apiserver] internal error: {type(e).__name__}: {e}\n")
            try:
                self._send_json(500, status_obj(500, f"Internal error occurred: {e}", "InternalError"))
            except Exception:
                self.close_connection = True

    def _authenticate(self):
        token = self.state.token
        if token is None:
            return
        auth = self.headers.get("Authorization") or ""
        if auth != f"Bearer {token}":
            raise ApiError(401, "Unauthorized", "Unauthorized")
        self._record["user"] = "token"

    def _authorize(self, verb: str, plural: str, ns: str | None):
        if ns is None:
            return
        rule = self.state.forbidden.get(ns)
        if not rule:
            return
        verbs = rule.get("verbs")
        if verbs and verb not in verbs:
            return
        user = rule.get("user") or "system:serviceaccount:facteur:facteur"
        raise ApiError(
            403,
            f'{plural}.{GROUP} is forbidden: User "{user}" cannot {verb} resource "{plural}" '
            f'in API group "{GROUP}" in the namespace "{ns}"',
            "Forbidden", {"group": GROUP, "kind": plural})

    def _respond(self, code: int, obj, ctx):
        if ctx.get("drop_after_store"):
            raise DropConnection()
        self._send_json(code, obj)

    # routing ---------------------------------------------------------------------
    def _route(self, path: str, query: dict, body: bytes, ctx: dict):
        method = self.command
        if path in ("/readyz", "/livez", "/healthz") and method in ("GET", "HEAD"):
            return self._respond(200, "ok", ctx)
        if path == "/version" and method == "GET":
            return self._respond(200, {
                "major": "1", "minor": "30", "gitVersion": "v1.30.0",
                "gitCommit": "0000000000000000000000000000000000000000", "gitTreeState": "clean",
                "buildDate": "2024-04-17T00:00:00Z", "goVersion": "go1.22.2", "compiler": "gc",
                "platform": "linux/amd64"}, ctx)
        if path == f"/apis/{GROUP}/{VERSION}" and method == "GET":
            return self._respond(200, {
                "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": API_VERSION,
                "resources": [{"name": p, "singularName": RESOURCES[p][0].lower(), "namespaced": True,
                               "kind": RESOURCES[p][0],
                               "verbs": ["create", "delete", "get", "list", "watch", "update"]}
                              for p in RESOURCES]}, ctx)

        m = re.match(rf"^/apis/{re.escape(GROUP)}/{VERSION}(?:/namespaces/([^/]+))?/([^/]+)(?:/([^/]+))?/?$", path)
        if not m or m.group(2) not in RESOURCES:
            raise ApiError(404, "the server could not find the requested resource", "NotFound",
                           {"causes": [{"reason": "UnexpectedServerResponse", "message": "404 page not found"}]})
        ns, plural, name = m.group(1), m.group(2), m.group(3)
        if name is None:
            if method == "GET":
                watch = query.get("watch", "").lower() in ("1", "true")
                self._authorize("watch" if watch else "list", plural, ns)
                if watch:
                    return self._watch(plural, ns, query, ctx)
                return self._list(plural, ns, query, ctx)
            if method == "POST" and ns is not None:
                self._authorize("create", plural, ns)
                return self._create(plural, ns, query, body, ctx)
        elif ns is not None:
            if method in ("GET", "HEAD"):
                self._authorize("get", plural, ns)
                with self.state.cond:
                    obj = self.state.objects[plural].get((ns, name))
                    obj = copy.deepcopy(obj)
                if obj is None:
                    raise not_found(plural, name)
                return self._respond(200, obj, ctx)
            if method == "DELETE":
                self._authorize("delete", plural, ns)
                if query.get("dryRun") == "All":
                    with self.state.cond:
                        obj = copy.deepcopy(self.state.objects[plural].get((ns, name)))
                    if obj is None:
                        raise not_found(plural, name)
                    return self._respond(200, obj, ctx)
                obj = self.state.delete(plural, ns, name)
                return self._respond(200, obj, ctx)
            if method == "PUT":
                self._authorize("update", plural, ns)
                return self._replace(plural, ns, name, body, ctx)
        raise ApiError(405, f"the server does not allow this method on the requested resource",
                       "MethodNotAllowed")

    # create / replace --------------------------------------------------------------
    def _parse_object(self, plural: str, ns: str, body: bytes) -> dict:
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype and ctype not in ("application/json", "*/*"):
            raise ApiError(415, f'the body of the request was in an unknown format - accepted media '
                                f'types include: application/json, application/yaml, '
                                f'application/vnd.kubernetes.protobuf', "UnsupportedMediaType")
        kind = RESOURCES[plural][0]
        try:
            obj = json.loads(body.decode("utf-8"))
        except Exception as e:
            raise ApiError(400, f"couldn't get version/kind; json parse error: {e}", "BadRequest")
        if not isinstance(obj, dict):
            raise ApiError(400, "couldn't get version/kind; json parse error: json: cannot unmarshal "
                                f"{type(obj).__name__} into Go value of type struct", "BadRequest")
        if not obj.get("kind"):
            raise ApiError(400, f"Object 'Kind' is missing in '{body.decode('utf-8', 'replace')[:200]}'",
                           "BadRequest")
        api_version = obj.get("apiVersion") or ""
        if api_version != API_VERSION:
            raise ApiError(400, f"the API version in the data ({api_version}) does not match the "
                                f"expected API version ({API_VERSION})", "BadRequest")
        if obj["kind"] != kind:
            raise ApiError(400, f"the kind in the data ({obj['kind']}) does not match the expected "
                                f"kind ({kind})", "BadRequest")
        meta = obj.get("metadata")
        if meta is None:
            obj["metadata"] = meta = {}
        if not isinstance(meta, dict):
            raise ApiError(400, f"{kind} in version \"{VERSION}\" cannot be handled as a {kind}: "
                                f"metadata must be an object", "BadRequest")
        if meta.get("namespace") and meta["namespace"] != ns:
            raise ApiError(400, "the namespace of the provided object does not match the namespace "
                                "sent on the request", "BadRequest")
        return obj

    def _validate(self, plural: str, ns: str, obj: dict, name_for_msg: str, generated: bool):
        kind = RESOURCES[plural][0]
        meta = obj["metadata"]
        causes = []
        name = meta.get("name") or ""
        if not name:
            causes.append({"reason": "FieldValueRequired",
                           "message": "Required value: name or generateName is required",
                           "field": "metadata.name"})
        else:
            if len(name) > 63:
                causes.append({"reason": "FieldValueInvalid",
                               "message": f'Invalid value: "{name}": must be no more than 63 characters',
                               "field": "metadata.name"})
            if not DNS1123_LABEL.match(name):
                causes.append({"reason": "FieldValueInvalid",
                               "message": f'Invalid value: "{name}": {DNS1123_LABEL_MSG}',
                               "field": "metadata.name"})
        labels = meta.get("labels")
        if isinstance(labels, dict):
            for key, val in labels.items():
                if not isinstance(val, str):
                    continue  # the SDK pass reports the type
                if len(val) > 63:
                    causes.append({"reason": "FieldValueInvalid",
                                   "message": f'Invalid value: "{val}": must be no more than 63 characters',
                                   "field": "metadata.labels"})
                elif val and not LABEL_VALUE.match(val):
                    causes.append({"reason": "FieldValueInvalid",
                                   "message": f'Invalid value: "{val}": {LABEL_VALUE_MSG}',
                                   "field": "metadata.labels"})
        valid, sdk_causes, warnings = self.server.validator.validate(plural, obj)
        causes.extend(sdk_causes)
        outcome = {
            "time": time.time(), "kind": kind, "namespace": ns, "name": name_for_msg,
            "generateName": meta.get("generateName"), "valid": not causes,
            "causes": causes, "warnings": warnings, "sdk": self.server.validator.available,
        }
        with self.state.cond:
            self.state.validations.append(outcome)
        self._record["validation"] = outcome
        if causes:
            raise invalid(kind, name_for_msg, causes)
        return warnings

    def _create(self, plural: str, ns: str, query: dict, body: bytes, ctx: dict):
        obj = self._parse_object(plural, ns, body)
        meta = obj["metadata"]
        for k in ("uid", "resourceVersion", "creationTimestamp", "generation", "selfLink",
                  "deletionTimestamp", "managedFields"):
            meta.pop(k, None)
        generated = False
        if not meta.get("name") and meta.get("generateName"):
            base = str(meta["generateName"])[:58]
            meta["name"] = base + "".join(random.choice(GENERATE_ALPHABET) for _ in range(5))
            generated = True
        self._validate(plural, ns, obj, meta.get("name") or "", generated)
        if query.get("dryRun") == "All":
            with self.state.cond:
                if (ns, meta["name"]) in self.state.objects[plural]:
                    raise already_exists(plural, meta["name"])
            meta["namespace"] = ns
            return self._respond(201, obj, ctx)
        stored = self.state.store_new(plural, ns, obj)
        self._record["created"] = stored["metadata"]["name"]
        return self._respond(201, stored, ctx)

    def _replace(self, plural: str, ns: str, name: str, body: bytes, ctx: dict):
        obj = self._parse_object(plural, ns, body)
        meta = obj["metadata"]
        if meta.get("name") != name:
            raise ApiError(400, "the name of the object (%s) does not match the name on the URL (%s)"
                           % (meta.get("name"), name), "BadRequest")
        self._validate(plural, ns, obj, name, False)

        def mutate(cur):
            rv = meta.get("resourceVersion")
            if rv and rv != cur["metadata"]["resourceVersion"]:
                raise ApiError(409, f'Operation cannot be fulfilled on {plural}.{GROUP} "{name}": the '
                                    f'object has been modified; please apply your changes to the latest '
                                    f'version and try again', "Conflict",
                               {"name": name, "group": GROUP, "kind": plural})
            keep = {k: cur["metadata"][k] for k in ("uid", "creationTimestamp", "namespace", "generation")
                    if k in cur["metadata"]}
            if obj.get("spec") != cur.get("spec"):
                keep["generation"] = cur["metadata"].get("generation", 1) + 1
            cur.clear()
            cur.update(copy.deepcopy(obj))
            cur["metadata"].update(keep)

        return self._respond(200, self.state.update(plural, ns, name, mutate), ctx)

    # list / watch -------------------------------------------------------------------
    def _matcher(self, ns, query):
        lreqs = parse_label_selector(query.get("labelSelector", ""))
        freqs = parse_field_selector(query.get("fieldSelector", ""))

        def match(obj):
            if obj is None:
                return False
            meta = obj.get("metadata", {})
            if ns is not None and meta.get("namespace") != ns:
                return False
            return labels_match(lreqs, meta.get("labels") or {}) and fields_match(freqs, obj)
        return match

    def _list(self, plural: str, ns: str | None, query: dict, ctx: dict):
        match = self._matcher(ns, query)
        with self.state.cond:
            items = [copy.deepcopy(o) for k, o in sorted(self.state.objects[plural].items())
                     if match(o)]
            rv = self.state.rv
        kind, list_kind = RESOURCES[plural][0], RESOURCES[plural][1]
        list_meta = {"resourceVersion": str(rv)}
        cont = query.get("continue")
        if cont:
            try:
                token = json.loads(base64.urlsafe_b64decode(cont.encode()))
                start = tuple(token["start"])
                list_meta["resourceVersion"] = str(token["rv"])
                items = [o for o in items
                         if (o["metadata"]["namespace"], o["metadata"]["name"]) > start]
            except Exception:
                raise ApiError(400, "continue key is not valid: invalid continue token", "BadRequest")
        limit = int(query.get("limit") or 0)
        if limit > 0 and len(items) > limit:
            items = items[:limit]
            last = items[-1]["metadata"]
            list_meta["continue"] = base64.urlsafe_b64encode(json.dumps(
                {"rv": int(list_meta["resourceVersion"]),
                 "start": [last["namespace"], last["name"]]}).encode()).decode()
        for o in items:
            o.setdefault("apiVersion", API_VERSION)
            o.setdefault("kind", kind)
        return self._respond(200, {"kind": list_kind, "apiVersion": API_VERSION,
                                   "metadata": list_meta, "items": items}, ctx)

    def _write_chunk(self, data: bytes):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _client_gone(self) -> bool:
        """True when the peer closed its end (plain sockets only)."""
        sock = self.connection
        if isinstance(sock, ssl.SSLSocket):
            try:
                r, _, _ = select.select([sock], [], [], 0)
                if not r:
                    return False
                return socket.socket.recv(sock, 1, socket.MSG_PEEK) == b""
            except Exception:
                return False
        try:
            r, _, _ = select.select([sock], [], [], 0)
            if not r:
                return False
            return sock.recv(1, socket.MSG_PEEK) == b""
        except Exception:
            return True

    def _watch(self, plural: str, ns: str | None, query: dict, ctx: dict):
        match = self._matcher(ns, query)
        st = self.state
        timeout = float(query.get("timeoutSeconds") or self.server.watch_timeout)
        bookmarks = query.get("allowWatchBookmarks", "").lower() in ("1", "true")
        rv_param = query.get("resourceVersion", "")
        kind = RESOURCES[plural][0]
        pending: list[dict] = []
        with st.cond:
            epoch = st.epoch
            bookmark_gen = st.bookmark_gen
            if rv_param in ("", "0"):
                for key, o in sorted(st.objects[plural].items()):
                    if match(o):
                        pending.append({"type": "ADDED", "object": copy.deepcopy(o)})
                last = st.rv
            else:
                try:
                    last = int(rv_param)
                except ValueError:
                    raise ApiError(400, f'invalid resource version: "{rv_param}"', "BadRequest")
                if last < st.compacted_rv:
                    pending.append({"type": "ERROR", "object": status_obj(
                        410, f"too old resource version: {last} ({st.compacted_rv})", "Expired")})
                    last = None

        self._record["status"] = 200
        self._record["watch"] = True
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Audit-Id", str(uuid.uuid4()))
        self.send_header("Cache-Control", "no-cache, private")
        self.end_headers()
        self.wfile.flush()

        sent = 0
        cut_after = ctx.get("cut_after")
        deadline = time.monotonic() + timeout

        def send(ev):
            nonlocal sent
            if cut_after is not None and sent >= cut_after:
                raise DropConnection()
            self._write_chunk((json.dumps(ev) + "\n").encode())
            sent += 1
            if cut_after is not None and sent >= cut_after:
                raise DropConnection()

        try:
            for ev in pending:
                send(ev)
            if last is None:  # ERROR sent: the real server ends the stream
                self._write_chunk(b"")
                return
            if cut_after == 0:
                raise DropConnection()
            while True:
                out = []
                with st.cond:
                    while True:
                        if st.shutting_down or st.epoch != epoch:
                            break
                        for e in st.events:
                            if e["rv"] > last and e["plural"] == plural:
                                out.append(e)
                        if out:
                            break
                        if bookmarks and st.bookmark_gen != bookmark_gen:
                            break
                        remaining = deadline - time.monotonic()
                        if remaining <= 0:
                            break
                        st.cond.wait(min(remaining, 0.5))
                        if self._client_gone():
                            raise DropConnection()
                    stop = st.shutting_down or st.epoch != epoch
                    bm = bookmarks and st.bookmark_gen != bookmark_gen
                    bookmark_gen = st.bookmark_gen
                    current_rv = st.rv
                for e in out:
                    last = e["rv"]
                    old_match, new_match = match(e["old"]), match(e["object"])
                    etype = e["type"]
                    if etype == "DELETED":
                        if not old_match:
                            continue
                    elif old_match and not new_match:
                        etype = "DELETED"
                    elif new_match and not old_match:
                        etype = "ADDED"
                    elif not new_match:
                        continue
                    send({"type": etype, "object": e["object"]})
                if stop:
                    raise DropConnection()
                if bm:
                    send({"type": "BOOKMARK", "object": {
                        "kind": kind, "apiVersion": API_VERSION,
                        "metadata": {"resourceVersion": str(max(last, current_rv))}}})
                    last = max(last, current_rv)
                if time.monotonic() >= deadline:
                    break
            self._write_chunk(b"")  # clean end of stream; connection stays usable
        except DropConnection:
            self._drop()

    # control API ----------------------------------------------------------------------
    def _control(self, path: str, query: dict, body: bytes):
        st = self.state
        method = self.command
        try:
            data = json.loads(body) if body else {}
        except Exception as e:
            raise ApiError(400, f"bad JSON: {e}")
        p = path.rstrip("/")

        if p == "/_test/reset" and method == "POST":
            st.reset()
            return self._send_json(200, {"ok": True, "resourceVersion": str(st.rv)})
        if p == "/_test/state" and method == "GET":
            with st.cond:
                return self._send_json(200, {
                    "resourceVersion": str(st.rv), "compactedResourceVersion": str(st.compacted_rv),
                    "token": st.token, "forbidden": st.forbidden,
                    "objects": {pl: list(o.values()) for pl, o in st.objects.items()}})
        if p == "/_test/requests":
            with st.cond:
                reqs = list(st.requests)
                if method == "DELETE" or query.get("clear") in ("1", "true"):
                    st.requests.clear()
            if method in ("GET", "DELETE"):
                return self._send_json(200, {"requests": reqs})
        if p == "/_test/validations":
            with st.cond:
                vals = list(st.validations)
                if method == "DELETE" or query.get("clear") in ("1", "true"):
                    st.validations.clear()
            if method in ("GET", "DELETE"):
                return self._send_json(200, {"validations": vals})
        if p == "/_test/token" and method == "POST":
            with st.cond:
                st.token = data.get("token")
            return self._send_json(200, {"ok": True})
        if p == "/_test/forbidden":
            with st.cond:
                if method == "POST":
                    ns = data.get("namespace")
                    if not ns:
                        raise ApiError(400, "namespace is required")
                    if data.get("forbidden", True):
                        st.forbidden[ns] = {"user": data.get("user"), "verbs": data.get("verbs")}
                    else:
                        st.forbidden.pop(ns, None)
                elif method == "DELETE":
                    st.forbidden.clear()
                return self._send_json(200, {"forbidden": st.forbidden})
        if p == "/_test/faults":
            with st.cond:
                if method == "POST":
                    rules = data.get("rules") if isinstance(data, dict) and "rules" in data else data
                    if isinstance(rules, dict):
                        rules = [rules]
                    for r in rules:
                        if not isinstance(r, dict) or not isinstance(r.get("action"), dict):
                            raise ApiError(400, "each rule needs an action object")
                        if r.get("path"):
                            re.compile(r["path"])
                        rule = dict(r)
                        times = r.get("times", 1)
                        rule["remaining"] = None if times in (None, 0, -1) else int(times)
                        rule["hits"] = 0
                        st.faults.append(rule)
                elif method == "DELETE":
                    st.faults.clear()
                return self._send_json(200, {"rules": st.faults})
        if p == "/_test/compact" and method == "POST":
            st.compact()
            return self._send_json(200, {"ok": True, "resourceVersion": str(st.rv)})
        if p == "/_test/bookmark" and method == "POST":
            with st.cond:
                st.bookmark_gen += 1
                st.cond.notify_all()
            return self._send_json(200, {"ok": True})

        m = re.match(r"^/_test/(workflowtemplates|workflows)$", p)
        if m and method == "POST":
            plural = m.group(1)
            obj = copy.deepcopy(data)
            obj.setdefault("apiVersion", API_VERSION)
            obj.setdefault("kind", RESOURCES[plural][0])
            meta = obj.setdefault("metadata", {})
            ns = meta.get("namespace") or query.get("namespace") or "default"
            if not meta.get("name"):
                if meta.get("generateName"):
                    meta["name"] = meta["generateName"] + "".join(
                        random.choice(GENERATE_ALPHABET) for _ in range(5))
                else:
                    raise ApiError(400, "metadata.name is required")
            obj.setdefault("spec", {})
            status = obj.pop("status", None)
            stored = st.store_new(plural, ns, obj)
            if status is not None:
                stored = st.update(plural, ns, meta["name"], lambda cur: cur.__setitem__("status", status))
            return self._send_json(201, stored)

        m = re.match(r"^/_test/(workflowtemplates|workflows)/([^/]+)/([^/]+)$", p)
        if m and method == "DELETE":
            return self._send_json(200, st.delete(m.group(1), m.group(2), m.group(3)))

        m = re.match(r"^/_test/workflows/([^/]+)/([^/]+)/(phase|labels)$", p)
        if m and method == "POST":
            ns, name, what = m.groups()
            if what == "labels":
                def mutate_labels(cur):
                    lbls = cur["metadata"].setdefault("labels", {})
                    for k, v in (data.get("labels") or {}).items():
                        if v is None:
                            lbls.pop(k, None)
                        else:
                            lbls[k] = v
                return self._send_json(200, st.update("workflows", ns, name, mutate_labels))
            phase = data.get("phase")
            if phase not in PHASES:
                raise ApiError(400, f"phase must be one of {', '.join(PHASES)}")

            def mutate(cur):
                status = cur.setdefault("status", {})
                now = now_rfc3339()
                status["phase"] = phase
                if data.get("startedAt"):
                    status["startedAt"] = data["startedAt"]
                elif not status.get("startedAt"):
                    status["startedAt"] = now
                if phase in FINISHED_PHASES:
                    status["finishedAt"] = data.get("finishedAt") or now
                else:
                    status["finishedAt"] = data.get("finishedAt")
                if data.get("message") is not None:
                    status["message"] = data["message"]
                if data.get("progress") is not None:
                    status["progress"] = data["progress"]
                lbls = cur["metadata"].setdefault("labels", {})
                lbls["workflows.argoproj.io/phase"] = phase
                if phase in FINISHED_PHASES:
                    lbls["workflows.argoproj.io/completed"] = "true"
                else:
                    lbls.pop("workflows.argoproj.io/completed", None)
            return self._send_json(200, st.update("workflows", ns, name, mutate))

        raise ApiError(404, f"unknown control endpoint {method} {path}")


# --------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------

class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, addr, state: State, ssl_context: ssl.SSLContext | None,
                 watch_timeout: float):
        self.state = state
        self.ssl_context = ssl_context
        self.watch_timeout = watch_timeout
        self.validator = SdkValidator()
        if not self.validator.available:
            sys.stderr.write(f"[kube-apiserver] WARNING: Argo SDK unavailable: {self.validator.error}\n")
        super().__init__(addr, Handler)

    def finish_request(self, request, client_address):
        # TLS handshake happens on the per-connection thread, not in accept().
        if self.ssl_context is not None:
            try:
                request.settimeout(15)
                request = self.ssl_context.wrap_socket(request, server_side=True)
                request.settimeout(None)
            except (ssl.SSLError, OSError) as e:
                sys.stderr.write(f"[kube-apiserver] TLS handshake with {client_address} failed: {e}\n")
                try:
                    request.close()
                except Exception:
                    pass
                return
        try:
            super().finish_request(request, client_address)
        finally:
            if self.ssl_context is not None:
                try:
                    request.close()
                except Exception:
                    pass

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, ssl.SSLError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def build_ssl_context(cert: str, key: str, client_ca: str | None) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(cert, key)
    if client_ca:
        ctx.load_verify_locations(client_ca)
        ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Local kube-apiserver stand-in for facteur's tests")
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0, help="0 picks a free port")
    ap.add_argument("--token", default=None, help="required bearer token")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--client-ca", help="require client certificates signed by this CA")
    ap.add_argument("--state-file", help="load objects from / persist objects to this JSON file")
    ap.add_argument("--history-size", type=int, default=1000, help="watch events kept for resumption")
    ap.add_argument("--watch-timeout", type=float, default=300.0,
                    help="default watch duration when timeoutSeconds is absent")
    args = ap.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        ap.error("--tls-cert and --tls-key go together")
    if args.client_ca and not args.tls_cert:
        ap.error("--client-ca needs --tls-cert/--tls-key")

    ctx = build_ssl_context(args.tls_cert, args.tls_key, args.client_ca) if args.tls_cert else None
    state = State(args.token, args.history_size, args.state_file)
    server = Server((args.bind, args.port), state, ctx, args.watch_timeout)
    port = server.server_address[1]

    def stop(signum, frame):
        with state.cond:
            state.shutting_down = True
            state.cond.notify_all()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    sys.stderr.write(f"[kube-apiserver] serving {'https' if ctx else 'http'}://{args.bind}:{port}\n")
    sys.stdout.write(f"LISTENING {port}\n")
    sys.stdout.flush()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
