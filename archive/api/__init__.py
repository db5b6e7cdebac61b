"""The read-only JSON API under /api/v1/ (Django REST framework, drf-spectacular).

Thin views over the same services and FilterSets as the public pages: `views.py` builds one
viewset per registered entity kind (archive.kinds), `pagination.py` pages every list by a
signed cursor that follows the FilterSet's own order, `errors.py` makes every error JSON.
"""
