#!/usr/bin/env python3
"""`retorno serve --tls-cert --tls-key`: HTTPS on loopback with a throwaway
self-signed certificate (made with openssl), the session cookie marked Secure,
plain HTTP refused on the same port, and a clear error for a key without its
certificate. Prints "tls: N passed, M failed".

    RETORNO_BIN=./retorno python3 tests/api/test_tls.py
"""
import http.client
import json
import os
import signal
import ssl
import subprocess
import sys
import tempfile

from apitest import BIN, Tally, free_port


T = Tally("tls")
check = T.check


def main():
    work = tempfile.mkdtemp(prefix="retorno-tls-")
    db, cert, key = (os.path.join(work, n) for n in ("t.db", "cert.pem", "key.pem"))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "1", "-subj", "/CN=localhost"],
                   check=True, capture_output=True)
    subprocess.run([BIN, "--db", db, "user", "add", "ana", "--role", "caseworker",
                    "--office", "mx"], input="tls-test-pass-1\n", text=True, check=True,
                   capture_output=True)
    p = subprocess.run([BIN, "--db", db, "serve", "--tls-key", key], capture_output=True,
                       text=True, timeout=30)
    check(p.returncode != 0 and "--tls-cert and --tls-key go together" in p.stderr,
          "a key without its certificate is refused, saying why", p.stderr)
    port = free_port()
    srv = subprocess.Popen([BIN, "--db", db, "serve", "--listen", "127.0.0.1:%d" % port,
                            "--tls-cert", cert, "--tls-key", key],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = srv.stdout.readline().strip()
    check(line == "https://127.0.0.1:%d/" % port, "prints its https address", line)
    ctx = ssl.create_default_context(cafile=cert)
    ctx.check_hostname = False      # the certificate names localhost; we dial 127.0.0.1
    c = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=30)
    c.request("GET", "/healthz")
    r = c.getresponse()
    check(r.status == 200 and json.loads(r.read()) == {"status": "ok"}, "healthz over TLS")
    c.request("POST", "/api/v1/session", body=json.dumps(
        {"username": "ana", "password": "tls-test-pass-1"}),
        headers={"Content-Type": "application/json"})
    r = c.getresponse()
    r.read()
    cookie = r.getheader("Set-Cookie") or ""
    check(r.status == 200, "sign in over TLS", r.status)
    for attr in ("HttpOnly", "SameSite=Strict", "Path=/", "Secure"):
        check(attr in cookie, "the session cookie is " + attr, cookie)
    c.close()
    plain = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        plain.request("GET", "/healthz")
        status = plain.getresponse().status
    except (OSError, http.client.HTTPException):
        status = None
    check(status != 200, "plain HTTP gets no answer on the TLS port", status)
    srv.send_signal(signal.SIGTERM)
    check(srv.wait(timeout=30) == 0, "clean stop")
    subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
    sys.exit(T.finish())
