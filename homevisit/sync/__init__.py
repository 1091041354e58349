"""Client sync engine (httpx). No Qt.

Entry points: :func:`~homevisit.sync.enrol.enrol` / :func:`~homevisit.sync.enrol.save_enrolment`,
:class:`~homevisit.sync.engine.SyncEngine` (one run), :class:`~homevisit.sync.service.SyncService`
(the thread the GUI drives), :mod:`~homevisit.sync.conflicts` (list and resolve), and
:mod:`~homevisit.sync.policies` (server policies applied on the device). Local changes are
queued with :mod:`homevisit.outbox`.
"""
