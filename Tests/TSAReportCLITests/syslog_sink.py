"""A syslog receiver on loopback for the tests, as a central log host would run one: every UDP
datagram it gets is one line of its file, as the sender wrote it (`<PRI>` header included).
Usage: syslog_sink.py FILE PORT. It serves until it is stopped."""

import socket
import sys

path, port = sys.argv[1], int(sys.argv[2])
receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
receiver.bind(("127.0.0.1", port))
# Readiness for the tests: they probe a TCP port; the same number is bound for that.
ready = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ready.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ready.bind(("127.0.0.1", port))
ready.listen(8)
with open(path, "ab", buffering=0) as out:
    while True:
        datagram = receiver.recv(65536)
        out.write(datagram.rstrip(b"\n") + b"\n")
