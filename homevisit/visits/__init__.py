"""The visit, headless: forms engine, scoring, device flag rules, code lists, the visit's
lifecycle (the one writer of visit status) and :class:`VisitSession` (step navigation).

No Qt and no server here (import-linter); the wizard in ``homevisit.gui.visit`` renders
what these modules decide, and the supervisor and help-desk paths reuse them.
"""
