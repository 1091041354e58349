"""Planning pages and dialogs (issue 19): the counselor's schedule, the supervisor's team
week with hand-backs to answer, the appointment and hand-back dialogs, reminders."""
