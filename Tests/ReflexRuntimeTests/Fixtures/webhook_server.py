#!/usr/bin/env python3
"""A webhook endpoint for the outbox tests: answers each request per a plan and reports it on stdout.

Usage: webhook_server.py PLAN, where PLAN is a JSON object mapping a path to a list of answers, used in order
(the last one repeats): "200", "500", "400", "429:N" (429 with Retry-After: N) or "hang" (no answer until the
client gives up). The first line printed is "ready PORT"; then one JSON line per request, printed when it has
been read (before it is answered): {"method", "path", "headers", "body"}.
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

plan = json.loads(sys.argv[1])
used = {}
lock = threading.Lock()
hung = threading.Event()  # never set: a hanging handler waits until the server exits


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            answers = plan.get(self.path, ["200"])
            index = used.get(self.path, 0)
            used[self.path] = index + 1
            reply = answers[min(index, len(answers) - 1)]
            record = {"method": self.command, "path": self.path,
                      "headers": {name.lower(): value for name, value in self.headers.items()},
                      "body": body.decode()}
            sys.stdout.write(json.dumps(record) + "\n")
            sys.stdout.flush()
        if reply == "hang":
            hung.wait()
            return
        status, _, retry_after = reply.partition(":")
        self.send_response(int(status))
        if retry_after:
            self.send_header("Retry-After", retry_after)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_POST = answer
    do_PUT = answer


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
sys.stdout.write("ready %d\n" % server.server_address[1])
sys.stdout.flush()
server.serve_forever()
