"""Private file storage: attachments of submissions, outside MEDIA_ROOT and the web root.

The folder is read from ``settings.PRIVATE_MEDIA_ROOT`` each time, so tests can point it at a
temporary folder. Files have no public URL: ``views.attachment`` serves them after a check.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no public URL; use the attachment view.")


_storage = PrivateStorage()


def private_storage():
    """The storage of submission attachments (a callable, so migrations stay path-free)."""
    return _storage
