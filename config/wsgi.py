import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# The URLconf is imported by the first request otherwise; importing it now loads every view,
# filter and serializer module before the freeze below.
import_module(settings.ROOT_URLCONF)

# Everything loaded so far (Django, the app, the URLconf, the language data) lives as long as
# the process: move it out of the collector's reach, so that a full collection walks only
# what requests leave behind. The API list's p95 was its full collections (60-97 ms each,
# every 8-15 requests at 100,000 articles; docs/benchmarks.md). Garbage of the start-up is
# collected first rather than frozen with it.
gc.collect()
gc.freeze()
