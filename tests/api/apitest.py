"""What the small API test scripts share (test_tls.py, test_hardening.py,
test_threads.py): the binary under test, a free loopback port, and a tally of
named checks that prints "NAME: N passed, M failed" and gives the exit code.
Standard library only."""
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
