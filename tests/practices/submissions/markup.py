"""Read a rendered page as a browser would and report any markup that could run code."""

from html.parser import HTMLParser

DANGEROUS_TAGS = {"script", "img", "svg", "iframe", "object", "embed", "math", "base", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


class _Audit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in DANGEROUS_TAGS and not (tag == "script" and attributes.get("src")):
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name in URL_ATTRIBUTES and value:
                scheme = "".join(value.split()).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:")):
                    self.problems.append(f"{name}={value!r} on <{tag}>")

    handle_startendtag = handle_starttag


def unsafe_markup(html):
    """Every element, event handler or link in the page that could run script."""
    audit = _Audit()
    audit.feed(html)
    audit.close()
    return audit.problems
