"""A small engine for the portal's state machines.

Each domain declares its machine once (``cooperation/transitions.py``, ``missions/transitions.py``
and so on): a table of named transitions with the states they leave from, the state they lead to
and an optional guard. ``StateMachine.apply`` is the only way a status changes: it locks the row,
checks the transition against the *current* state (so two people acting at once cannot both
succeed), runs the guard, saves with ``update_fields``, writes the audit record and runs the side
effects, all in one transaction.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from .services import audit_record_create

Guard = Callable[[Any, Any], None]
Effect = Callable[[Any, Any, str], None]
Allowed = Callable[[Any, Any], bool]


class TransitionNotAllowed(Exception):
    """The transition is not possible now; ``message`` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Transition:
    """One arrow of a state machine.

    ``allowed(actor, obj)`` says who may take it (a django-rules predicate fits); ``guard(obj,
    actor)`` raises ``TransitionNotAllowed`` when the object is not ready; ``effects(obj, actor,
    comment)`` run after the save, inside the transaction.
    """

    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    allowed: Allowed | None = None
    guard: Guard | None = None
    effects: tuple[Effect, ...] = field(default=())


class StateMachine:
    def __init__(
        self,
        *,
        model: type[models.Model],
        transitions: Iterable[Transition],
        field_name: str = "status",
    ):
        self.model = model
        self.field_name = field_name
        self.transitions = {transition.name: transition for transition in transitions}

    def state_label(self, state: str) -> str:
        choices = dict(self.model._meta.get_field(self.field_name).flatchoices)
        return str(choices.get(state, state))

    def can(self, obj: models.Model, name: str, actor: Any = None) -> bool:
        try:
            self.check(obj, name, actor)
        except TransitionNotAllowed:
            return False
        return True

    def available(self, obj: models.Model, actor: Any = None) -> list[Transition]:
        """The transitions possible from the object's state, guards included (for buttons)."""
        return [t for t in self.transitions.values() if self.can(obj, t.name, actor)]

    def check(self, obj: models.Model, name: str, actor: Any = None) -> Transition:
        transition = self.transitions.get(name)
        if transition is None:
            raise TransitionNotAllowed(_("Unknown action."))
        current = getattr(obj, self.field_name)
        if current not in transition.sources:
            raise TransitionNotAllowed(
                _("“%(action)s” is not possible while the status is “%(status)s”.")
                % {"action": transition.label, "status": self.state_label(current)}
            )
        if transition.allowed is not None and not transition.allowed(actor, obj):
            raise TransitionNotAllowed(
                _("You may not “%(action)s” here.") % {"action": transition.label}
            )
        if transition.guard is not None:
            transition.guard(obj, actor)
        return transition

    def apply(
        self,
        obj: models.Model,
        name: str,
        *,
        actor: Any,
        comment: str = "",
        changes: dict[str, Any] | None = None,
        data: dict | None = None,
    ) -> models.Model:
        """Apply transition ``name`` to ``obj`` and return the saved, fresh object.

        ``changes`` are further fields saved with the new state (a decision date, a reason).
        """
        with transaction.atomic():
            locked = self.model._default_manager.select_for_update().get(pk=obj.pk)
            transition = self.check(locked, name, actor)
            previous = getattr(locked, self.field_name)
            setattr(locked, self.field_name, transition.target)
            for attribute, value in (changes or {}).items():
                setattr(locked, attribute, value)
            update_fields = [self.field_name, *(changes or {})]
            if any(f.name == "updated_at" for f in self.model._meta.concrete_fields):
                update_fields.append("updated_at")
            locked.save(update_fields=update_fields)
            audit_record_create(
                target=locked,
                actor=actor,
                action=transition.name,
                from_state=previous,
                to_state=transition.target,
                comment=comment,
                data=data,
            )
            for effect in transition.effects:
                effect(locked, actor, comment)
        return locked
