"""Who may see the system status page."""

import rules

from accounts.rules import is_manager

rules.add_perm("health.view_status", is_manager)
