"""The forms a page shows, read from its HTML: where each one sends what, and its fields.

Covers ordinary forms (``method``, ``action``) and htmx ones (``hx-post``/``hx-get`` on the form
or on an element inside it), so that the input tests post to exactly what a browser would.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_INPUTS = {"text", "search", "email", "url", "tel", "password", ""}


@dataclass
class Field:
    name: str
    kind: str  # an <input> type, "textarea", "select" or "select-multiple"
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    method: str
    action: str
    multipart: bool
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def has_files(self) -> bool:
        return any(f.kind == "file" for f in self.fields.values())


class _FormParser(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            method, action = self._target(attributes)
            self._form = Form(
                method=method,
                action=action,
                multipart=attributes.get("enctype", "") == "multipart/form-data",
            )
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "option" and self._select is not None:
            self._select.options.append(attributes.get("value", ""))
            return
        if "hx-post" in attributes and self._form.method != "post":
            self._form.method, self._form.action = self._target(attributes)
        name = attributes.get("name")
        if not name or name == "csrfmiddlewaretoken":
            return
        if tag == "input":
            kind = attributes.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            self._form.fields.setdefault(
                name, Field(name, kind if kind not in TEXT_INPUTS else "text")
            ).value = attributes.get("value", "")
            if kind in ("radio", "checkbox"):
                self._form.fields[name].options.append(attributes.get("value", "on"))
        elif tag == "textarea":
            self._textarea = self._form.fields.setdefault(name, Field(name, "textarea"))
        elif tag == "select":
            kind = "select-multiple" if "multiple" in attributes else "select"
            self._select = self._form.fields.setdefault(name, Field(name, kind))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)

    def _target(self, attributes: dict) -> tuple[str, str]:
        for method in ("post", "get"):
            if attributes.get(f"hx-{method}"):
                return method, attributes[f"hx-{method}"]
        method = attributes.get("method", "get").lower()
        return method, attributes.get("action") or self.page_path


def forms_on(html: str, *, page_path: str) -> list[Form]:
    parser = _FormParser(page_path)
    parser.feed(html)
    return parser.forms
