"""An SMTP server on loopback for the alert tests: aiosmtpd delivering into a Maildir.

Usage: smtp_sink.py MAILDIR PORT. It serves for as long as its standard input stays open. The
test process holds the other end, so however the test ends (passed, failed, or the whole run
killed) the server ends with it and no server outlives its test.
"""

import sys

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox

maildir, port = sys.argv[1], int(sys.argv[2])
controller = Controller(Mailbox(maildir), hostname="127.0.0.1", port=port)
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
