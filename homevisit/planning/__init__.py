"""Planning the fieldwork (issue 19): appointments and hand-backs, joint and delegated
visits, households proposed by a counselor — headless, written locally with their outbox
rows like every other record."""
