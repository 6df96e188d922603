"""gunicorn's settings, one file for ``make run``, the Dockerfile and the load script.

Most requests are cached pages, answered in well under a millisecond of Python
(``archive.page_cache``), so what counts is the cost gunicorn adds per request:

- ``gthread`` workers keep connections alive (a sync worker closes each one, and every
  request then pays a TCP handshake) while a slow page or search in one thread does not stop
  the others.
- Few threads per worker: Python runs one thread at a time per process, and threads
  contending for it cost more than they give on cached pages (measured with strace on one
  worker: 166 futex calls per cached page with 4 threads, 52 with 2, 6 with 1). Processes
  give the parallelism, two per core; two threads each keep a slow search from holding up
  every connection of its worker.
- The access log, one write per request, is on for ``make run`` and off under load
  (``ACCESS_LOG=0``).

``--bind`` and ``--workers`` on the command line, or ``WEB_CONCURRENCY`` and ``THREADS`` in the
environment, override what is here.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count())
worker_class = "gthread"
threads = int(os.environ.get("THREADS") or 2)
keepalive = 5  # seconds an idle connection stays open for its next request
timeout = 30
graceful_timeout = 5
# the longest request line gunicorn accepts (its maximum; the default is 4094): long search
# and API query strings get an answer from the archive rather than a bare 400
limit_request_line = 8190
# no control socket: it defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl), which every
# gunicorn on the machine (make run, the load and outage runs) would fight over, and nothing uses it
control_socket_disable = True
accesslog = None if os.environ.get("ACCESS_LOG", "1").strip().lower() in ("0", "false", "no", "off", "") else "-"
