"""Views of the partners app, split by audience: partner users, the programme team, and the
join-request decision both of them can take."""
