"""The field-level diff between two versions: members matched by their id, not their place."""

from __future__ import annotations

import copy

from homevisit.review.diff import ChangeKind, changed_anchors, diff_answers
from homevisit.visits.forms import load_definition
from tests.visitlogic.visit_examples import complete_answers, member

DEFINITION = load_definition("home-visit", 1)


def test_identical_versions_have_no_changes_whatever_the_wizard_kept():
    old, new = complete_answers(), complete_answers()
    new["_wizard"] = {"step": "income", "stays": []}
    assert diff_answers(DEFINITION, old, new) == []


def test_a_changed_answer_is_one_change_with_its_step_and_label():
    old, new = complete_answers(), complete_answers()
    new["income"]["wages"] = 15000
    [change] = diff_answers(DEFINITION, old, new)
    assert (change.path, change.member_id, change.kind) == ("income.wages", None,
                                                             ChangeKind.CHANGED)
    assert (change.old, change.new) == (12000, 15000)
    assert change.label.zh == "家庭收入 · 工资性收入"


def test_reordered_members_are_no_change_and_a_moved_members_edit_is_anchored_to_them():
    old, new = complete_answers(), complete_answers()
    people = new["members"]["people"]
    people.reverse()  # the counselor reordered the roster
    assert diff_answers(DEFINITION, old, new) == []
    mother = next(p for p in people if p["relation"] == "mother")
    mother["occupation"] = "worker"
    [change] = diff_answers(DEFINITION, old, new)
    assert change.anchor == ("members.people.occupation", "m-mother")
    assert (change.old, change.new) == ("farmer", "worker")
    assert "成员" in change.label.zh and "职业" in change.label.zh


def test_a_member_added_and_one_removed_are_whole_member_changes():
    old, new = complete_answers(), complete_answers()
    people = new["members"]["people"]
    people[:] = [p for p in people if p["relation"] != "elder_sister"]
    people.append(member("grandmother", _id="m-grandma", name="外婆"))
    changes = diff_answers(DEFINITION, old, new)
    kinds = {(c.member_id, c.kind) for c in changes}
    assert kinds == {("m-grandma", ChangeKind.ADDED), ("m-elder_sister", ChangeKind.REMOVED)}
    assert all(c.path == "members.people" for c in changes)


def test_answers_added_and_removed_and_multichoice_order_ignored():
    old, new = complete_answers(), complete_answers()
    new["policies"]["explained"] = list(reversed(old["policies"]["explained"]))
    del new["income"]["transfers"]
    new["expenses"]["disaster_loss"] = 500
    changes = {c.path: c.kind for c in diff_answers(DEFINITION, old, new)}
    assert changes == {"income.transfers": ChangeKind.REMOVED,
                       "expenses.disaster_loss": ChangeKind.ADDED}


def test_items_without_ids_fall_back_to_their_position():
    old = complete_answers()
    for person in old["members"]["people"]:
        person.pop("_id")
    new = copy.deepcopy(old)
    new["members"]["people"][1]["name"] = "李大山"
    changes = diff_answers(DEFINITION, old, new)
    assert changed_anchors(changes) == {("members.people.name", None)}
