"""Roster pages, split by audience: ``expert`` (the expert's own profile), ``staff`` (search and
vetting) and ``files`` (the CV, served to the expert and to staff)."""
