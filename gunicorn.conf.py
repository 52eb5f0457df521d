"""gunicorn settings, read from the working directory by `make serve` and `gunicorn kotaku.wsgi`.

Each value comes from the environment, with defaults for one server with a few cores.
"""

import os

wsgi_app = "kotaku.wsgi:application"
# Behind a reverse proxy on the same host; 0.0.0.0:8000 when the proxy is elsewhere.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Processes: the usual 2 x cores + 1. Each holds the app (~150 MB once a PDF has been made).
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
# Threads per process: most of a request is waiting for PostgreSQL or streaming a file, so a
# few threads serve more people per MB than more processes. Each thread keeps its own database
# connection (CONN_MAX_AGE): PostgreSQL's max_connections must cover workers x threads x servers.
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"

# A whole area's RKTL report with photos takes a few seconds; a request still running after
# this many seconds is stuck, and its worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
# On SIGTERM (a deploy, a scale-in) requests already running get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
# Longer than nothing, shorter than the proxy's idle timeout, so the proxy closes first.
keepalive = 5

# Load the app once in the master, then fork: workers share its memory, start faster, and a
# bad configuration (no SECRET_KEY: kotaku/wsgi.py runs the settings check) stops the server
# with one clear error instead of workers failing one after another. Safe because nothing
# opens a database connection at import. The cost: new code needs a restart, not a HUP.
preload_app = True
# Replace a worker after this many requests (with jitter, so not all at once): bounds any slow
# growth of memory in the PDF and font libraries.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = 100

# Access log to stdout, gunicorn's own messages to stderr; the app logs (JSON) to stderr too.
accesslog = "-"
errorlog = "-"
# gunicorn trusts X-Forwarded-Proto from these addresses only (FORWARDED_ALLOW_IPS, default
# 127.0.0.1): a proxy elsewhere must be listed, or the app sees plain HTTP and redirects.

# gunicorn's runtime control socket (for `gunicornc`) is not used: signals do the same, and the
# socket lives in $HOME, which is read-only in many containers and shared by instances.
control_socket_disable = True
