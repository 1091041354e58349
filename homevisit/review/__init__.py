"""Supervisor review on the device (issue 15; headless, no Qt, no network).

The API the review GUI builds on (15d's half). 15g's half sits beside it: the queue read
model (:mod:`.queue`), what the review view shows (:mod:`.view_model`) and the field-level
diff between two versions (:mod:`.diff`).

``homevisit.review.decisions`` — a supervisor's decisions, each a record plus its outbox
row, pushed at the next sync; raises a typed zh/en ``ReviewError`` when not allowed; returns
the new record's id::

    approve(ws, visit_id) -> review id        # ApproveBlocked(.flag_ids): flags undecided
    return_visit(ws, visit_id, [Comment(CommentAnchor(field, member_id), text)]) -> review id
    decide_flag(ws, flag_id, FlagDecision.CONFIRM | DISMISS, reason) -> decision id
    raise_flag(ws, visit_id, member_id | None, FlagCategory, reason) -> flag id
    pending(ws, visit_id) -> Pending(review, flags {flag id: decision}, raised [flag ids])
    undecided(ws, visit_id) -> [flag ids still blocking approval]
    rejections(ws) -> [Rejection(op_id, entity, record_id, visit_id, code, reason: Text)]
    forget_rejection(ws, op_id)                         # after the user read it

Each has a ``*_in(session, …, actor=ws.actor)`` twin for ``run_in_store`` (the GUI thread
never calls ``store.run``). ``ws`` is anything with ``.store`` and ``.actor`` (a
``Workspace``). NotReviewable: the visit is not ``submitted``; DecisionPending: a decision on
it is not yet synced; FlagAlreadyDecided; ReasonRequired (dismissal, raised flag);
CommentsRequired (a return without a comment); MemberNotInHousehold; TextTooLong.

``homevisit.review.anchors`` — ``CommentAnchor(field, member_id)``: ``field`` is the form
path without member positions (``members.people.income``), ``member_id`` the roster item's
``_id``; ``CommentAnchor()`` is the whole visit. ``anchor_of_path(answers, "members.people.2
.income")`` makes one from a positional path (what a click on a field gives);
``path_of_anchor(answers, anchor)`` finds it again in any version's answers.

``homevisit.review.comments`` — notes both ways::

    comments_of(ws, visit_id) -> [CommentView(id, review_id, visit_version, anchor, text,
                                              reviewer, created_at, answers: (AnswerView,))]
    answer(ws, comment_id, text) -> answer id          # the counselor; again = edit
    by_path(comments, answers) -> {positional path | None: [CommentView]}

The visit's and the flags' own statuses are the server's and change only with a pull; what
is decided here and not yet accepted is ``pending``; what the server refused (a newer
version arrived, flags undecided on the server, visit no longer awaiting review) is
``rejections``, kept until the user dismisses it.
"""
