"""Web front: server-rendered pages (htmx where it helps). Views only; rules live in services."""
