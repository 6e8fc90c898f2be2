"""Who may see and change decision meetings and their criteria.

Meetings are programme-wide: every officer and manager sees and prepares them; managers alone keep
the standard criteria, which officers read.
"""

import rules

from accounts.rules import is_manager, is_programme_staff

can_prepare_meetings = is_programme_staff
can_read_criteria = is_programme_staff
can_edit_criteria = is_manager

rules.add_perm("meetings.view_meeting", can_prepare_meetings)
rules.add_perm("meetings.change_meeting", can_prepare_meetings)
rules.add_perm("meetings.view_decisioncriterion", can_read_criteria)
rules.add_perm("meetings.change_decisioncriterion", can_edit_criteria)
