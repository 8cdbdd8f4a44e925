"""Signals of the opportunities app for the apps above it (it may not import them).

`opportunities_expired` is sent inside the transaction of `expire_due_opportunities`, which
changes rows with one UPDATE (no `post_save`), with `pks`: the ids that expired.
"""

from django.dispatch import Signal

opportunities_expired = Signal()
