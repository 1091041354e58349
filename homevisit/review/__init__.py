"""The supervisor's review (headless): the queue read model (:mod:`.queue`), what the review
view shows (:mod:`.view_model`) and the field-level diff between two versions
(:mod:`.diff`)."""
