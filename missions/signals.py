"""Domain signals of the missions app, for the apps above it (``calls``).

``invitation_changed`` is sent (with ``invitation``) inside the transaction of an invitation
being sent or answered (accepted, declined, expired).
"""

from django.dispatch import Signal

invitation_changed = Signal()
