"""Domain signals of the missions app, for the apps above it (``calls``).

``invitation_changed`` is sent (with ``invitation``) inside the transaction of an invitation
being sent or answered (accepted, declined, expired), or of an accepted expert being released
(``withdrawn``, after the mission recruits again). A pending invitation withdrawn sends nothing.

``mission_cancelled`` is sent (with ``mission``) inside the transaction of a mission being
cancelled, under its row lock, after its pending invitations were withdrawn.
"""

from django.dispatch import Signal

invitation_changed = Signal()
mission_cancelled = Signal()
