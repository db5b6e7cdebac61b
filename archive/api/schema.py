"""The OpenAPI description's shared parts: the error shape every operation may answer with."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    message = serializers.CharField()
    parameter = serializers.CharField(
        allow_null=True, help_text="The query parameter to blame, if one is."
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Every invalid parameter with its messages.",
    )


ERROR_RESPONSES = {
    "301": "Merged into another record: `Location` is the survivor's address.",
    "400": "A query parameter is invalid (`parameter` names it).",
    "401": "The token is not valid.",
    "404": "No such record, or not public.",
    "405": "The API is read-only.",
    "429": "Too many requests: wait `Retry-After` seconds.",
}


class ArchiveAutoSchema(AutoSchema):
    """drf-spectacular's schema, with the JSON errors documented on every operation."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status, description in ERROR_RESPONSES.items():
            if status in ("301", "404") and not self._is_detail():
                continue
            if status == "301" and not getattr(self.view, "redirects_merged", False):
                continue
            if status not in responses:
                response = self._get_response_for_code(ErrorSerializer, status, direction=direction)
                responses[status] = {**response, "description": description}
        return responses

    def _is_detail(self) -> bool:
        return "{" in self.path
