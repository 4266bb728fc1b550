from baken.signals.models.catalogue import Indicator, IndicatorCatalogue
from baken.signals.models.drafts import IdempotencyRecord, SignalDraft
from baken.signals.models.routing import RoutingRule, SignalRouting
from baken.signals.models.signal import PossibleVictim, Signal
from baken.signals.models.triage import Notification, SignalMessage, SignalStatusChange

__all__ = [
    "IdempotencyRecord",
    "Indicator",
    "IndicatorCatalogue",
    "Notification",
    "PossibleVictim",
    "RoutingRule",
    "Signal",
    "SignalDraft",
    "SignalMessage",
    "SignalRouting",
    "SignalStatusChange",
]
