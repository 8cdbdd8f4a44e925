"""gunicorn configuration for Liaison (docs/deploy.md). Every value can be overridden from
the environment, e.g. GUNICORN_WORKERS=4.

Each worker process loads the embedding model once (~250 MB) and keeps an in-memory cache
of the match index that follows the database: size `workers` by memory first.
"""

import os

wsgi_app = "liaison.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# Threads: a request waiting on the database does not hold a whole process.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (memory growth of long-lived processes), not all at once.
# Not often: a new worker loads the model and the indexes again (seconds of CPU taken from the
# other workers) and starts with cold page caches. At 5,000 a worker serving 150 requests a
# second was replaced every half minute, and every page's p99 paid for it.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
# Liaison writes one JSON line per request itself (with the request id): no access log here.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
# The proxy on the same host (or the load balancer) sets X-Forwarded-*.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker: object) -> None:
    """Load the embedding model, the open events' recommendation indexes and WeasyPrint in
    each worker before it takes requests, not in a visitor's first request (#17 item 8)."""
    import gc

    from liaison.common import warmup

    warmup.run("web")
    # What the warm-up loaded (the model, indexes, every module) lives as long as the worker:
    # moved out of the collector's generations, a full collection no longer walks it in the
    # middle of a request.
    gc.collect()
    gc.freeze()
