#!/usr/bin/python3
"""A loopback stand-in for Entra ID and Microsoft Graph, over real TLS, for Bulwark's tests.

It checks every request against the documented contract and answers as the real services do:
  POST /{tenant}/oauth2/v2.0/token   client credentials grant; a client secret, or a JWT client
                                     assertion whose RS256 signature, x5t#S256, aud, iss/sub,
                                     lifetime and unique jti are verified with PyJWT (an
                                     implementation independent of Bulwark's)
  GET  /v1.0/me                      any Graph call: needs a valid, unexpired bearer token
  PATCH /v1.0/chats/{c}/messages/{m}?model=A, /v1.0/teams/{t}/channels/{c}/messages/{m}?model=A,
        .../messages/{p}/replies/{m}?model=A
                                     the body must hold only a well-formed policyViolation;
                                     a message id ending in -429 is throttled once (Retry-After),
                                     -503 fails twice, -503x always, -403 is forbidden, -404
                                     is gone
  GET/POST /v1.0/subscriptions, PATCH/DELETE /v1.0/subscriptions/{id}
                                     create checks changeType, the EventHub: notificationUrl,
                                     resource, expiry (future, at most 4,320 min), the lifecycle
                                     URL past an hour, the encryption certificate (a DER X.509)
                                     and its id, clientState length; a duplicate is 409 Conflict
  POST /control/expire-tokens        test control: every issued token is rejected from now on
  POST /control/add-subscription     test control: a subscription made by "someone else"
  POST /control/hide-next-list       test control: the next list answers empty (a race)
Every request is appended to --log as one JSON line {method, path, status, violation?}; a
contract violation answers 400 and is logged with what was wrong. Prints "port: N" when ready.
"""
import argparse
import base64
import datetime
import hashlib
import json
import ssl
import threading
import time
import re
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.RLock()  # record() is also called with it held
        self.tokens = {}  # token -> expiry (epoch seconds)
        self.patches = {}  # message id -> PATCHes received
        self.subscriptions = {}  # id -> subscription JSON
        self.hide_next_list = False
        self.jtis = set()
        self.issued = 0
        self.log = open(args.log, "a", buffering=1)
        self.cert = None
        if args.client_cert:
            pem = open(args.client_cert, "rb").read()
            self.cert = x509.load_pem_x509_certificate(pem)
            self.thumb = b64url(hashlib.sha256(self.cert.public_bytes(Encoding.DER)).digest())

    def record(self, entry):
        entry["t"] = time.time()  # last: the tests grep the fields before it
        with self.lock:
            self.log.write(json.dumps(entry) + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet: the JSON log is the record
        pass

    def reply(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def violation(self, what, oauth=True):
        state.record({"method": self.command, "path": self.path, "status": 400, "violation": what})
        if oauth:
            self.reply(400, {"error": "invalid_request", "error_description": "contract: " + what})
        else:
            self.reply(400, {"error": {"code": "BadRequest", "message": "contract: " + what}})

    def read_body(self):
        n = int(self.headers.get("Content-Length", "0"))
        return self.rfile.read(n) if n else b""

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/control/add-subscription":
            sub = json.loads(self.read_body())
            with state.lock:
                sub["id"] = "sub-%d" % (len(state.subscriptions) + 1)
                state.subscriptions[sub["id"]] = sub
            return self.reply(200, sub)
        if path == "/control/hide-next-list":
            self.read_body()
            state.hide_next_list = True
            return self.reply(200, {})
        if path == "/v1.0/subscriptions":
            return self.create_subscription()
        m = re.match(r"^/v1\.0/subscriptions/([^/]+)/reauthorize$", path)
        if m:
            self.read_body()
            if not self.authorized():
                return self.reply(401, {"error": {"code": "InvalidAuthenticationToken", "message": "expired"}})
            with state.lock:
                known = m.group(1) in state.subscriptions
            state.record({"method": "POST", "path": self.path, "status": 200 if known else 404})
            if not known:
                return self.reply(404, {"error": {"code": "ResourceNotFound", "message": "no such subscription"}})
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/control/expire-tokens":
            self.read_body()
            with state.lock:
                for t in state.tokens:
                    state.tokens[t] = 0
            return self.reply(200, {"expired": True})
        if path == "/%s/oauth2/v2.0/token" % state.args.tenant:
            return self.token()
        self.read_body()
        self.violation("no such endpoint: POST " + path)

    def token(self):
        body = self.read_body().decode()
        if self.headers.get("Content-Type", "").split(";")[0] != "application/x-www-form-urlencoded":
            return self.violation("token request Content-Type must be application/x-www-form-urlencoded")
        form = urllib.parse.parse_qs(body, keep_blank_values=True)
        one = {k: v[0] for k, v in form.items() if len(v) == 1}
        if len(one) != len(form):
            return self.violation("a form field is repeated")
        if one.get("grant_type") != "client_credentials":
            return self.violation("grant_type must be client_credentials")
        if one.get("scope") != GRAPH_SCOPE:
            return self.violation("scope must be " + GRAPH_SCOPE)
        if one.get("client_id") != state.args.client_id:
            return self.reply(400, {"error": "unauthorized_client",
                                    "error_description": "AADSTS700016: Application not found"})
        if "client_secret" in one:
            if "client_assertion" in one:
                return self.violation("both client_secret and client_assertion")
            if one["client_secret"] != state.args.secret:
                state.record({"method": "POST", "path": self.path, "status": 401, "credential": "secret"})
                return self.reply(401, {"error": "invalid_client", "error_description":
                                        "AADSTS7000215: Invalid client secret provided."})
            credential = "secret"
        else:
            if one.get("client_assertion_type") != ASSERTION_TYPE:
                return self.violation("client_assertion_type must be " + ASSERTION_TYPE)
            problem = self.check_assertion(one.get("client_assertion", ""))
            if problem:
                return self.violation("client assertion: " + problem)
            credential = "certificate"
        time.sleep(state.args.token_delay_ms / 1000.0)
        with state.lock:
            state.issued += 1
            token = "tok-%d-%s" % (state.issued, b64url(hashlib.sha256(str(time.time()).encode()).digest())[:12])
            state.tokens[token] = time.time() + state.args.token_lifetime
        state.record({"method": "POST", "path": self.path, "status": 200, "credential": credential})
        self.reply(200, {"token_type": "Bearer", "expires_in": state.args.token_lifetime,
                         "ext_expires_in": state.args.token_lifetime, "access_token": token})

    def check_assertion(self, assertion):
        if state.cert is None:
            return "no certificate is registered for this app"
        try:
            header = jwt.get_unverified_header(assertion)
        except jwt.PyJWTError as e:
            return "not a JWT (%s)" % e
        if header.get("alg") != "RS256":
            return "alg must be RS256"
        if header.get("x5t#S256") != state.thumb:
            return "x5t#S256 is not the registered certificate's SHA-256 thumbprint"
        audience = "https://127.0.0.1:%d/%s/oauth2/v2.0/token" % (state.port, state.args.tenant)
        try:
            claims = jwt.decode(assertion, state.cert.public_key(), algorithms=["RS256"],
                                audience=audience, options={"require": ["exp", "nbf", "jti", "iss", "sub", "aud"]})
        except jwt.PyJWTError as e:
            return "rejected by PyJWT: %s" % e
        if claims["iss"] != state.args.client_id or claims["sub"] != state.args.client_id:
            return "iss and sub must be the client id"
        if claims["exp"] - claims["nbf"] > 600:
            return "lifetime over 10 minutes"
        with state.lock:
            if claims["jti"] in state.jtis:
                return "jti reused"
            state.jtis.add(claims["jti"])
        return None

    def authorized(self):
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return False
        with state.lock:
            expiry = state.tokens.get(auth[len("Bearer "):])
        return expiry is not None and expiry >= time.time()

    def graph_json_body(self):
        """The JSON body of a Graph call after the auth and Content-Type checks, or None."""
        raw = self.read_body()
        if not self.authorized():
            state.record({"method": self.command, "path": self.path, "status": 401})
            self.reply(401, {"error": {"code": "InvalidAuthenticationToken", "message": "expired"}})
            return None
        if self.headers.get("Content-Type", "").split(";")[0] != "application/json":
            self.violation("Content-Type must be application/json", oauth=False)
            return None
        try:
            return json.loads(raw)
        except ValueError:
            self.violation("the body is not JSON", oauth=False)
            return None

    def create_subscription(self):
        body = self.graph_json_body()
        if body is None:
            return
        problem = subscription_problem(body)
        if problem:
            return self.violation("subscription: " + problem, oauth=False)
        with state.lock:
            for s in state.subscriptions.values():
                if s["resource"].lstrip("/") == body["resource"].lstrip("/") and s["notificationUrl"] == body["notificationUrl"]:
                    state.record({"method": "POST", "path": self.path, "status": 409})
                    return self.reply(409, {"error": {"code": "Conflict", "message": "subscription exists"}})
            sub = {k: v for k, v in body.items() if k != "clientState"}
            sub["id"] = "sub-%d" % (len(state.subscriptions) + 1)
            sub["resource"] = body["resource"].lstrip("/")
            state.subscriptions[sub["id"]] = sub
        state.record({"method": "POST", "path": self.path, "status": 201})
        self.reply(201, sub)

    def update_subscription(self, sid):
        body = self.graph_json_body()
        if body is None:
            return
        if not isinstance(body, dict) or not set(body) <= {"expirationDateTime", "encryptionCertificate", "encryptionCertificateId"}:
            return self.violation("a subscription PATCH may change expiry and certificate only", oauth=False)
        if ("encryptionCertificate" in body) != ("encryptionCertificateId" in body):
            return self.violation("encryptionCertificate and encryptionCertificateId go together", oauth=False)
        problem = expiry_problem(body.get("expirationDateTime"), False)
        if problem:
            return self.violation(problem, oauth=False)
        with state.lock:
            sub = state.subscriptions.get(sid)
            if sub is not None:
                sub.update(body)
        if sub is None:
            return self.reply(404, {"error": {"code": "ResourceNotFound", "message": "no such subscription"}})
        state.record({"method": "PATCH", "path": self.path, "status": 200, "body": sorted(body)})
        self.reply(200, sub)

    def do_DELETE(self):
        path = urllib.parse.urlsplit(self.path).path
        sid = path[len("/v1.0/subscriptions/"):] if path.startswith("/v1.0/subscriptions/") else None
        if sid is None or not self.authorized():
            return self.violation("DELETE needs /v1.0/subscriptions/{id} and a token", oauth=False)
        with state.lock:
            gone = state.subscriptions.pop(sid, None)
        state.record({"method": "DELETE", "path": self.path, "status": 204 if gone else 404})
        self.send_response(204 if gone else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_PATCH(self):
        split = urllib.parse.urlsplit(self.path)
        if split.path.startswith("/v1.0/subscriptions/"):
            return self.update_subscription(split.path[len("/v1.0/subscriptions/"):])
        raw = self.read_body()
        match = next((m for m in (p.match(split.path) for p in PATCH_PATHS) if m), None)
        if match is None:
            return self.violation("no such message path: " + split.path, oauth=False)
        if split.query != "model=A":
            return self.violation("the query must be model=A (licensing model A)", oauth=False)
        if not self.authorized():
            state.record({"method": "PATCH", "path": self.path, "status": 401})
            return self.reply(401, {"error": {"code": "InvalidAuthenticationToken", "message": "expired"}})
        if self.headers.get("Content-Type", "").split(";")[0] != "application/json":
            return self.violation("Content-Type must be application/json", oauth=False)
        try:
            body = json.loads(raw)
        except ValueError:
            return self.violation("the body is not JSON", oauth=False)
        problem = policy_violation_problem(body)
        if problem:
            return self.violation(problem, oauth=False)
        mid = match.group("m")
        with state.lock:
            seen = state.patches.get(mid, 0)
            state.patches[mid] = seen + 1
        status, answer, headers = 204, None, {}
        if mid.endswith("-429") and seen == 0:
            status, headers = 429, {"Retry-After": "1"}
            answer = {"error": {"code": "TooManyRequests", "message": "throttled"}}
        elif (mid.endswith("-503") and seen < 2) or mid.endswith("-503x"):
            status, answer = 503, {"error": {"code": "ServiceUnavailable", "message": "try later"}}
        elif mid.endswith("-403"):
            status = 403
            answer = {"error": {"code": "Forbidden", "message": "Missing role Chat.UpdatePolicyViolation.All",
                                "innerError": {"request-id": "req-403"}}}
        elif mid.endswith("-404"):
            status, answer = 404, {"error": {"code": "NotFound", "message": "message not found"}}
        state.record({"method": "PATCH", "path": self.path, "status": status, "body": body})
        if answer is None:
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.reply(status, answer, headers)

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if not path.startswith("/v1.0/"):
            return self.violation("no such endpoint: GET " + path, oauth=False)
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return self.violation("Authorization: Bearer <token> is required", oauth=False)
        with state.lock:
            expiry = state.tokens.get(auth[len("Bearer "):])
        if expiry is None or expiry < time.time():
            state.record({"method": "GET", "path": self.path, "status": 401})
            return self.reply(401, {"error": {"code": "InvalidAuthenticationToken",
                                              "message": "Access token has expired or is not yet valid.",
                                              "innerError": {"request-id": "req-401"}}})
        if path == "/v1.0/subscriptions":
            with state.lock:
                subs = [] if state.hide_next_list else list(state.subscriptions.values())
                state.hide_next_list = False
            state.record({"method": "GET", "path": self.path, "status": 200})
            return self.reply(200, {"value": subs})
        state.record({"method": "GET", "path": self.path, "status": 200})
        self.reply(200, {"id": "app", "ok": True}, {"request-id": "req-200"})


PATCH_PATHS = [
    re.compile(r"^/v1\.0/chats/[^/?#]+/messages/(?P<m>[^/?#]+)$"),
    re.compile(r"^/v1\.0/teams/[^/?#]+/channels/[^/?#]+/messages/(?P<m>[^/?#]+)$"),
    re.compile(r"^/v1\.0/teams/[^/?#]+/channels/[^/?#]+/messages/[^/?#]+/replies/(?P<m>[^/?#]+)$"),
]
VERDICT_FLAGS = {"none", "allowFalsePositiveOverride", "allowOverrideWithoutJustification",
                 "allowOverrideWithJustification"}


def expiry_problem(text, required):
    if text is None:
        return "expirationDateTime is required" if required else None
    try:
        t = datetime.datetime.strptime(text.rstrip("Z").split(".")[0], "%Y-%m-%dT%H:%M:%S")
    except (ValueError, AttributeError):
        return "expirationDateTime is not ISO 8601 UTC"
    minutes = (t.replace(tzinfo=datetime.timezone.utc).timestamp() - time.time()) / 60
    if minutes <= 0:
        return "expirationDateTime is in the past"
    if minutes > 4320 + 1:
        return "expirationDateTime is more than 4,320 minutes ahead (Teams messages)"
    return None


def subscription_problem(body):
    if not isinstance(body, dict):
        return "the body is not an object"
    allowed = {"changeType", "notificationUrl", "lifecycleNotificationUrl", "resource", "expirationDateTime",
               "includeResourceData", "encryptionCertificate", "encryptionCertificateId", "clientState"}
    if not set(body) <= allowed:
        return "unknown members " + ", ".join(sorted(set(body) - allowed))
    if not isinstance(body.get("changeType"), str) or not set(body["changeType"].split(",")) <= {"created", "updated", "deleted"}:
        return "changeType must be comma-separated created, updated, deleted"
    url = body.get("notificationUrl", "")
    if not url.startswith("EventHub:https://") or "?tenantId=" not in url:
        return "notificationUrl must be EventHub:https://<ns>.servicebus.windows.net/eventhubname/<hub>?tenantId=<tid>"
    if body.get("resource", "").lstrip("/") not in ("chats/getAllMessages?model=A", "teams/getAllMessages?model=A"):
        return "resource must be /chats/getAllMessages?model=A or /teams/getAllMessages?model=A"
    problem = expiry_problem(body.get("expirationDateTime"), True)
    if problem:
        return problem
    t = datetime.datetime.strptime(body["expirationDateTime"].rstrip("Z").split(".")[0], "%Y-%m-%dT%H:%M:%S")
    minutes = (t.replace(tzinfo=datetime.timezone.utc).timestamp() - time.time()) / 60
    if minutes > 60 and not body.get("lifecycleNotificationUrl"):
        return "lifecycleNotificationUrl is required past one hour"
    if body.get("includeResourceData") is not True:
        return "includeResourceData must be true (Bulwark needs the message)"
    try:
        x509.load_der_x509_certificate(base64.b64decode(body.get("encryptionCertificate", ""), validate=True))
    except Exception:
        return "encryptionCertificate is not a base64 DER X.509 certificate"
    if not body.get("encryptionCertificateId"):
        return "encryptionCertificateId is required"
    if len(body.get("clientState", "")) > 128:
        return "clientState is over 128 characters"
    return None


def policy_violation_problem(body):
    if not isinstance(body, dict) or list(body) != ["policyViolation"]:
        return "the body must hold only policyViolation"
    pv = body["policyViolation"]
    if not isinstance(pv, dict) or not set(pv) <= {"dlpAction", "verdictDetails", "policyTip"}:
        return "policyViolation may hold dlpAction, verdictDetails and policyTip only"
    if pv.get("dlpAction") not in ("blockAccess", "notifySender"):
        return "dlpAction must be blockAccess or notifySender"
    flags = pv.get("verdictDetails", "none")
    if not isinstance(flags, str) or not set(flags.split(",")) <= VERDICT_FLAGS:
        return "verdictDetails must be comma-separated camelCase flags"
    tip = pv.get("policyTip")
    if not isinstance(tip, dict) or not set(tip) <= {"generalText", "complianceUrl", "matchedConditionDescriptions"}:
        return "policyTip may hold generalText, complianceUrl and matchedConditionDescriptions only"
    if not isinstance(tip.get("generalText"), str) or not tip["generalText"]:
        return "policyTip.generalText must be a non-empty string"
    if "complianceUrl" in tip and not str(tip["complianceUrl"]).startswith("https://"):
        return "policyTip.complianceUrl must be an https URL"
    conds = tip.get("matchedConditionDescriptions")
    if not isinstance(conds, list) or not all(isinstance(c, str) for c in conds):
        return "policyTip.matchedConditionDescriptions must be a list of strings"
    return None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--tenant", required=True)
    p.add_argument("--client-id", required=True)
    p.add_argument("--secret", default="")
    p.add_argument("--client-cert", default="")
    p.add_argument("--token-lifetime", type=int, default=3599)
    p.add_argument("--token-delay-ms", type=int, default=0)
    p.add_argument("--log", required=True)
    args = p.parse_args()
    global state
    state = State(args)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    state.port = server.server_address[1]
    print("port: %d" % state.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
