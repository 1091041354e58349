"""The planning pages and dialogs (issue 19): appointments and hand-backs, joint and
delegated visits, proposed households."""
