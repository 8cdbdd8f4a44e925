"""JSON API (django-ninja, OpenAPI at /api/docs). Views only: same services and rules as pages."""
