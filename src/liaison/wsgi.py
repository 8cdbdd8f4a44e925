"""WSGI entry point (gunicorn liaison.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from liaison.common.checks import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
application = get_wsgi_application()
# gunicorn runs no system checks: without a key the web process stops here, at start-up.
require_secret_key()
