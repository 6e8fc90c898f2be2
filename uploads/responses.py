from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def attachment_response(file: FieldFile, *, name: str, content_type: str) -> FileResponse:
    """Serve a stored file as a download. Call only after the permission check."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
