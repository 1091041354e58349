"""The one Qt signal that carries every store change to the views (Anki's
``operation_did_execute`` hook).

The store tells its listeners what each committed transaction changed
(:class:`homevisit.changes.StoreChanges`), on its worker thread. :func:`store_changes` gives
the single relay of a store, whose :attr:`StoreChangeRelay.changed` signal delivers that value
on the GUI thread. Each page or dialog connects to it and decides for itself whether to
reload: no shell code lists what to refresh after which action.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from homevisit.gui.qt import QObject, Signal

if TYPE_CHECKING:
    from homevisit.store import Store


class StoreChangeRelay(QObject):
    """Lives on the GUI thread; emitted from the store's worker, so delivery is queued."""

    changed = Signal(object)  # homevisit.changes.StoreChanges


_relays: WeakKeyDictionary[Store, StoreChangeRelay] = WeakKeyDictionary()


def store_changes(store: Store) -> StoreChangeRelay:
    """The relay of ``store``'s changes (made on first use; call on the GUI thread)."""
    relay = _relays.get(store)
    if relay is None:
        relay = StoreChangeRelay()
        store.add_listener(relay.changed.emit)
        _relays[store] = relay
    return relay
