"""A stand-in for the provider's time-stamp endpoint, for the reference proxy's test: HTTPS on
loopback with a certificate for www.postsignum.cz from a test CA, Basic auth required, and
real RFC 3161 replies made by `openssl ts -reply` with a test TSA.

Usage: tsa_responder.py DIR PORT MODE [LOGIN:PASSWORD]
  DIR   holds the test CA, the server certificate and the TSA (made by `setup` below)
  MODE  `tsa` answers every query; `fail` answers 503 (a primary endpoint that is down)
Run `tsa_responder.py DIR setup` once first to make the keys and certificates."""

import base64
import http.server
import os
import ssl
import subprocess
import sys
import tempfile

folder = sys.argv[1]


def openssl(*arguments):
    subprocess.run(["openssl", *arguments], check=True, capture_output=True)


def setup():
    os.makedirs(folder, exist_ok=True)
    path = lambda name: os.path.join(folder, name)
    with open(path("tsa.cnf"), "w") as config:
        config.write(
            f"""[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {folder}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsu.pem
certs = $dir/ca.pem
signer_key = $dir/tsu.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_alg = sha256
[ tsu_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
[ server_ext ]
basicConstraints = CA:FALSE
subjectAltName = DNS:www.postsignum.cz, DNS:www3.postsignum.cz, DNS:www4.postsignum.cz, DNS:localhost, IP:127.0.0.1
extendedKeyUsage = serverAuth
"""
        )
    with open(path("serial"), "w") as serial:
        serial.write("01\n")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650",
            "-subj", "/C=CZ/O=Test/CN=Test Root CA", "-keyout", path("ca.key"), "-out", path("ca.pem"))
    for name, subject, extension in (("tsu", "/C=CZ/O=Test TSA/CN=Test TSU", "tsu_ext"),
                                     ("server", "/CN=www.postsignum.cz", "server_ext")):
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", subject,
                "-keyout", path(f"{name}.key"), "-out", path(f"{name}.csr"))
        openssl("x509", "-req", "-in", path(f"{name}.csr"), "-CA", path("ca.pem"),
                "-CAkey", path("ca.key"), "-CAcreateserial", "-days", "3650",
                "-extfile", path("tsa.cnf"), "-extensions", extension, "-out", path(f"{name}.pem"))


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        query = self.rfile.read(length)
        if mode == "fail":
            return self.reply(503, b"down for maintenance", "text/plain")
        expected = "Basic " + base64.b64encode(credentials.encode()).decode()
        if self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="TSS"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with tempfile.TemporaryDirectory() as work:
            with open(os.path.join(work, "q.tsq"), "wb") as out:
                out.write(query)
            made = subprocess.run(
                ["openssl", "ts", "-reply", "-config", os.path.join(folder, "tsa.cnf"),
                 "-queryfile", os.path.join(work, "q.tsq"), "-out", os.path.join(work, "r.tsr")],
                capture_output=True)
            if made.returncode != 0:
                return self.reply(400, made.stderr, "text/plain")
            with open(os.path.join(work, "r.tsr"), "rb") as reply:
                self.reply(200, reply.read(), "application/timestamp-reply")

    def reply(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *arguments):
        pass


if sys.argv[2] == "setup":
    setup()
    sys.exit(0)
port, mode = int(sys.argv[2]), sys.argv[3]
credentials = sys.argv[4] if len(sys.argv) > 4 else ""
server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(os.path.join(folder, "server.pem"), os.path.join(folder, "server.key"))
server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
