"""A loopback stand-in for the template carrier's tracking API, for tests/sdk_install/out_of_tree.cmake.

GET /v1/track/<number> with an X-Api-Key header answers, by number:
  EX123456782   200 with the saved response given on the command line
  EX000000<nnn> status <nnn>; 429 and 503 with Retry-After: 7
Without the header: 401. Listens on 127.0.0.1 on a free port, which it writes to PORT_FILE, and stops by itself
after LIFETIME seconds.

    python3 carrier_api.py RESPONSE_FILE PORT_FILE LIFETIME
"""
import http.server
import os
import sys
import threading


def main():
    response_file, port_file, lifetime = sys.argv[1], sys.argv[2], float(sys.argv[3])
    with open(response_file, "rb") as f:
        saved = f.read()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            prefix = "/v1/track/"
            number = self.path[len(prefix):] if self.path.startswith(prefix) else ""
            if not self.headers.get("X-Api-Key"):
                self.answer(401, b'{"error": "no key"}')
            elif number == "EX123456782":
                self.answer(200, saved)
            elif number.startswith("EX000000") and number[8:].isdigit():
                status = int(number[8:])
                retry = {"Retry-After": "7"} if status in (429, 503) else {}
                self.answer(status, b'{"error": "as asked"}', retry)
            else:
                self.answer(400, b'{"error": "bad request"}')

        def answer(self, status, body, headers=None):
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Timer(lifetime, server.shutdown).start()
    with open(port_file + ".writing", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(port_file + ".writing", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
