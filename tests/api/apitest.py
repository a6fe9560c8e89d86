"""What the small API test scripts share (test_tls.py, test_hardening.py,
test_threads.py, test_pg_two_servers.py, ...): the binary under test, a free
loopback port, one request, a case to create, and a tally of named checks that
prints "NAME: N passed, M failed" and gives the exit code. Standard library
only."""
import http.client
import json
import os
import socket
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BIN = os.environ.get("RETORNO_BIN", os.path.join(REPO, "retorno"))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def request(port, method, path, token=None, body=None, headers=None, timeout=120):
    """One HTTP request to the server on the loopback port: (status, headers
    with lower-case names, body bytes). body: JSON to send."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    h = dict(headers or {})
    if token:
        h["Authorization"] = "Bearer " + token
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    try:
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        payload = r.read()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), payload
    finally:
        c.close()


# a valid new case for POST /api/v1/cases
NEW_CASE = {
    "program": "avr", "office": "mx", "registration_point": "tijuana",
    "registration_date": "2021-03-01", "sex": "female", "age": 31, "nationality": "HND",
    "country_of_return": "HND", "unaccompanied_minor": "no", "given_names": "Lucía",
    "family_names": "Pérez Núñez",
}


class Tally:
    """Named checks; safe to call from several threads."""

    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0
        self.lock = threading.Lock()

    def check(self, cond, what, detail=""):
        with self.lock:
            if cond:
                self.passed += 1
            else:
                self.failed += 1
                print("FAIL: %s%s" % (what, (": " + str(detail)[:300]) if detail else ""),
                      file=sys.stderr)
        return cond

    def finish(self):
        print("%s: %d passed, %d failed" % (self.name, self.passed, self.failed))
        return 1 if self.failed else 0
