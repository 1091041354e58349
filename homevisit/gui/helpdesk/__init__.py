"""The help-desk volunteer's pages: the desk of the day, the shared walk-in queue, the case
screen (logic in :mod:`homevisit.helpdesk`)."""
