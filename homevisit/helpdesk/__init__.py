"""The township loan help desk, without Qt: the walk-in ticket queue, the checklist and
policy card documents, a case from call to close, the volunteer's shifts and the day's
summary (DESIGN §3, issue 17)."""
