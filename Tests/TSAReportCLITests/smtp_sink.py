"""An SMTP server on loopback for the alert tests: aiosmtpd delivering into a Maildir.

Usage: smtp_sink.py MAILDIR PORT. It serves until it is stopped (the tests run it through
serve_while_open.sh, which stops it when the test lets go of it).
"""

import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox

maildir, port = sys.argv[1], int(sys.argv[2])
controller = Controller(Mailbox(maildir), hostname="127.0.0.1", port=port)
controller.start()
print("ready", flush=True)
threading.Event().wait()  # until SIGTERM ends the process
