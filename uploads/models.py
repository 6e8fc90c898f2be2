from django.db import models
from django.utils.translation import gettext_lazy as _

from .validation import CheckedUpload


class StoredFile(models.Model):
    """A stored upload that passed ``uploads.validation.check_upload``: the clean name, the real
    type and the size the check found. Concrete models add their owner and a ``file`` field with
    their own ``upload_to``."""

    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def store(self, upload: CheckedUpload, *, save: bool) -> None:
        """Take the checked upload's facts and write its content to storage."""
        self.original_name = upload.name
        self.content_type = upload.content_type
        self.size = upload.size
        self.file.save(upload.name, upload.file, save=save)
