"""Domain signals of the request and action domain, for the apps above it (``experts``).

``request_accepted(request, actor)`` is sent when a request is accepted, from the accept
transition's effects, inside its transaction: receivers that queue work must do it on commit
(``delay_on_commit``). Matching connects a receiver that computes the request's shortlist.
"""

from django.dispatch import Signal

request_accepted = Signal()


def send_request_accepted(request, actor, comment: str) -> None:
    """An effect of the "accept" transition (``cooperation.transitions``)."""
    request_accepted.send(sender=type(request), request=request, actor=actor)
