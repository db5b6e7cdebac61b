"""Anonymous clients are throttled at settings.API_ANON_RATE (read on every request, so that a
deployment, or a test, can change it without touching DRF's cached settings)."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    def get_rate(self) -> str:
        return settings.API_ANON_RATE

    def allow_request(self, request, view) -> bool:
        # Re-read the rate each time: the instance is created per request anyway.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
