"""Background tasks (Django's tasks framework, through the django-tasks backport).

The backend is settings.TASKS (TASKS_BACKEND): the database by default, run by
`manage.py db_worker`; RQ for several worker machines.
"""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from archive.services import import_uploads


@task(queue_name=settings.IMPORT_TASK_QUEUE)
def import_upload(run_id: int) -> dict:
    """Import the files a curator uploaded for the queued ImportRun `run_id`."""
    return import_uploads.run_upload(run_id)
