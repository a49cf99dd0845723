"""platform/prove's hostile input: generated requests against the live site, over HTTP only.

``attack(base_url, work_dir, examples, count_rows)`` sends what a careless or hostile client
sends, as a browser would (one session with cookies, the CSRF token and the form's 'started'
stamp read from the page):

1. schemathesis against the API's OpenAPI document, positive and negative data;
2. hypothesis against every public form and query parameter the document does not cover: the
   finder and its feed, "wat werkt" and a strategy's page, the dossier, the language switch,
   the submission form's first step and the later steps of one legitimate submission;
3. uploads on that submission's attachment step that must all be refused.

It counts every answer: none may be ≥ 500; a refused form post must be a 4xx, never the page
again with 200; and a refusal that a person reads (an HTML page, a feed's text) must say in
Dutch what went wrong. The caller's ``count_rows()`` counts rows and stored files before and
after: refused input must leave nothing behind. The only things this creates on purpose are
one submission and its attachments, made before the "before" count.

Every rule is checked here and reported in the figures; nothing is asserted.
"""

import io
import json
import random
import re
import subprocess
import sys
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# A minimal file that the site's content check takes for a PDF (filetypes.detect reads its head).
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# The size limit of one attachment (SUBMISSION_MAX_ATTACHMENT_BYTES) and their number.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
TIMEOUT_S = 60
# Answers people read must say in Dutch what went wrong: words of the site's refusals.
DUTCH_REFUSAL = re.compile(
    r"\b(niet|geen|kies|vul|probeer|gebruik|bestaat|wachten|verlopen|kunnen we|mag|moet)\b",
    re.IGNORECASE,
)
UNKNOWN_PARAMETERS = ("utm_source", "debug", "format", "__proto__", "q[]", "page[]", "x" * 300)
HOSTILE_TEXTS = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "'; DROP TABLE submissions_submission; --",
    "<script>alert(1)</script>",
    "{{7*7}}",
    "${jndi:ldap://127.0.0.1/x}",
    "../../../../etc/passwd",
    "%00",
    "-1",
    "0",
    "99999999999999999999999",
    "1e308",
    "NaN",
    "\u202egnp.exe",
    "\ufeff",
    "\ud7ff",
    "x" * 5000,
)
# Bytes that are no UTF-8: sent percent-encoded, as a broken client or a fuzzer would.
INVALID_UTF8 = (b"\xff", b"\xfe\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\x80abc", b"abc\xe2\x82")


def say(text):
    print(f"==> hostile: {text}", file=sys.stderr, flush=True)


# --- Counting answers ------------------------------------------------------------------------


class Tally:
    """Every answer the attack got, and what was wrong with any of them."""

    def __init__(self):
        self.requests = 0
        self.classes = Counter()
        self.server_errors = []
        self.not_dutch = []
        self.not_4xx = []
        self.uploads_refused = 0
        self.problems = []
        self.part = "setup"
        self.by_part = Counter()

    def add(self, status, method, url, detail=""):
        self.requests += 1
        self.by_part[self.part] += 1
        self.classes[f"{status // 100}xx"] += 1
        self.classes[status] += 1
        if status >= 500:
            self.server_errors.append(f"{status} {method} {url[:300]} {detail[:300]}".strip())

    def record(self, response, detail="", refused_post=False):
        """One answer from requests; ``refused_post``: the input must be refused with a 4xx."""
        method = response.request.method
        self.add(response.status_code, method, response.request.url, detail)
        status = response.status_code
        if refused_post and not 400 <= status < 500:
            self.not_4xx.append(f"{status} {method} {response.request.url[:200]} {detail[:200]}")
        if 400 <= status < 500 and reads_as_person(response) and not says_in_dutch(response):
            self.not_dutch.append(f"{status} {method} {response.request.url[:200]}")
        return response

    def figures(self):
        return {
            "requests": self.requests,
            "≥500": len(self.server_errors),
            "2xx": self.classes["2xx"],
            "3xx": self.classes["3xx"],
            "4xx": self.classes["4xx"],
            "429 (rate limit)": self.classes[429],
            "requests by part": dict(self.by_part),
            "refusals without Dutch message": len(self.not_dutch),
            "refused posts not 4xx": len(self.not_4xx),
            "first server errors": self.server_errors[:5],
            "uploads refused": self.uploads_refused,
        }


def reads_as_person(response):
    """HTML pages and text answers are read by people; the JSON API by programs."""
    kind = response.headers.get("Content-Type", "")
    return kind.startswith(("text/html", "text/plain"))


def says_in_dutch(response):
    text = response.content.decode("utf-8", "replace")
    if response.headers.get("Content-Type", "").startswith("text/html"):
        if not re.search(r"<html[^>]*\blang=\"nl\"", text):
            return False
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.DOTALL)
        text = re.sub(r"<[^>]+>", " ", text)
    return bool(DUTCH_REFUSAL.search(text))


# --- Reading forms as a browser does ---------------------------------------------------------


class FormReader(HTMLParser):
    """The fields of every <form> on a page: [(action, [(name, value, type)])], in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._fields, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "option" and self._select is not None:
            self._select[1].append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select[2] = attrs.get("value", "")
        elif tag == "form":
            self._fields = []
            self.forms.append((attrs.get("action") or "", self._fields))
        elif self._fields is None or not attrs.get("name"):
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                kind = f"unchecked {kind}"
            self._fields.append((attrs["name"], attrs.get("value", ""), kind))
        elif tag == "select":
            self._select = [attrs["name"], [], None]
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._fields.append((attrs["name"], "", "textarea"))

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select" and self._select is not None and self._fields is not None:
            name, options, chosen = self._select
            self._fields.append((name, chosen or "", f"select {len(options)}"))
            self._fields.extend((name, option, "option") for option in options)
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._fields:
            name, value, kind = self._fields[-1]
            self._fields[-1] = (name, value + data, kind)


def read_forms(html):
    reader = FormReader()
    reader.feed(html)
    return reader.forms


def hidden_value(html, name):
    match = re.search(rf'name="{re.escape(name)}"\s+value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"\s+name="{re.escape(name)}"', html
    )
    return match.group(1) if match else ""


def submitted_fields(fields):
    """What a browser sends for a form as it stands: no options, no unchecked boxes."""
    return [
        (name, value)
        for name, value, kind in fields
        if kind not in {"option", "submit", "file"} and not kind.startswith("unchecked")
    ]


# --- The site -------------------------------------------------------------------------------


class Site:
    """One browser-like session against the site, every answer counted in the tally."""

    def __init__(self, base_url, tally):
        self.base = base_url.rstrip("/")
        self.tally = tally
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "praktijkbank-prove-hostile"

    def url(self, path):
        return self.base + path

    def get(self, path, **kwargs):
        response = self.session.get(
            self.url(path), timeout=TIMEOUT_S, allow_redirects=False, **kwargs
        )
        return self.tally.record(response)

    def raw_get(self, path, raw_query, detail=""):
        """A GET with the query string exactly as given (invalid escapes and all)."""
        request = requests.Request("GET", self.url(path)).prepare()
        request.url = f"{self.url(path)}?{raw_query}" if raw_query else self.url(path)
        self.session.cookies.get_dict()  # the session's cookies go along, as a browser's
        request.prepare_cookies(self.session.cookies)
        response = self.session.send(request, timeout=TIMEOUT_S, allow_redirects=False)
        return self.tally.record(response, detail)

    def post(self, path, data, files=None, refused=False, headers=None, detail=""):
        response = self.session.post(
            self.url(path),
            data=data,
            files=files,
            headers={"Referer": self.url(path), **(headers or {})},
            timeout=TIMEOUT_S,
            allow_redirects=False,
        )
        return self.tally.record(response, detail, refused_post=refused)

    def csrf_token(self):
        return self.session.cookies.get("csrftoken", "")


def client_address(chooser):
    """A client address for X-Forwarded-For: production trusts its proxy on 127.0.0.1, so each
    generated client has its own rate limit bucket, as visitors behind nginx have. Without a
    trusted proxy the header is ignored and every post shares one bucket (and meets 429s)."""
    return f"10.{chooser.randrange(256)}.{chooser.randrange(256)}.{chooser.randrange(1, 255)}"


# --- 1. The API: schemathesis ------------------------------------------------------------------

# positive_data_acceptance is left out: the facet parameters are typed as strings in the
# document, but only the taxonomy's terms are accepted, and the API rightly refuses others with
# 400. use_after_free and the authorization checks need resources and logins the API has not.
API_CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_headers_conformance,response_schema_conformance,negative_data_rejection,"
    "unsupported_method"
)


def attack_api(base, work_dir, per_operation, tally):
    report_dir = Path(work_dir) / "schemathesis"
    har = report_dir / "requests.har.json"
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run", f"{base}/api/v1/openapi.json",
        "--checks", API_CHECKS, "--mode", "all", "--max-examples", str(per_operation),
        "--workers", "2", "--generation-database", "none", "--seed", "9", "--no-color",
        "--report", "har", "--report-har-path", str(har), "--request-timeout", str(TIMEOUT_S),
    ]  # fmt: skip
    # In the work folder: schemathesis keeps its own state (.schemathesis/) where it runs.
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=work_dir)
    if not har.exists():
        tally.problems.append(f"schemathesis wrote no report: {done.stdout[-500:]}")
        return
    for entry in json.loads(har.read_text())["log"]["entries"]:
        status = entry["response"]["status"]
        tally.add(status, entry["request"]["method"], entry["request"]["url"])
    summary = re.findall(r"❌ (ST\d+ [^:\n]+): (\d+)", done.stdout)
    for check, count in summary:
        tally.problems.append(f"schemathesis: {check} ({count})")
    if done.returncode and not summary:
        tally.problems.append(f"schemathesis exited {done.returncode}: {done.stdout[-500:]}")


# --- 2. Query parameters: hypothesis ---------------------------------------------------------


def encoded(value):
    """A value percent-encoded byte by byte: bytes that are no UTF-8 stay as they are."""
    data = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    return quote(data, safe="")


def values(known=()):
    return st.one_of(
        st.sampled_from(HOSTILE_TEXTS),
        st.sampled_from(INVALID_UTF8),
        st.text(max_size=40),
        st.text(min_size=250, max_size=3000),
        st.binary(max_size=30),
        *([st.sampled_from(known)] if known else []),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
    )


def query_strings(names, known_values):
    """Raw query strings: known and unknown names, repeated ones, any value, broken escapes."""
    name = st.one_of(
        st.sampled_from(names), st.sampled_from(UNKNOWN_PARAMETERS), st.text(max_size=12)
    )
    pair = name.flatmap(
        lambda chosen: st.tuples(st.just(chosen), values(known_values.get(chosen, ())))
    )
    return st.lists(pair, max_size=8).map(
        lambda pairs: "&".join(f"{encoded(key)}={encoded(value)}" for key, value in pairs)
    )  # fmt: skip


def fuzz_query(site, path, names, known_values, max_examples):
    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(query=query_strings(names, known_values))
    def one(query):
        site.raw_get(path, query, detail=query[:200])

    one()


def api_parameters(schema, path):
    """The query parameter names of one operation of the OpenAPI document."""
    operation = schema["paths"][path]["get"]
    return [parameter["name"] for parameter in operation.get("parameters", [])]


def facet_values(site):
    """Facet values as the API lists them, so generated queries also use real terms."""
    response = site.get("/api/v1/practices/")
    if response.status_code != 200:
        return {}
    return {
        name: tuple(value["value"] for value in counts)
        for name, counts in response.json().get("facets", {}).items()
    }


def attack_queries(site, schema, budget):
    finder = [*api_parameters(schema, "/api/v1/practices/"), "mijn_gemeente"]
    what_works = api_parameters(schema, "/api/v1/what-works/")
    known = facet_values(site)
    strategies = known.get("strategy", ()) or ("onbekend",)
    known |= {"formaat": ("pdf", "docx", "exe"), "strategie": strategies, "praktijk": ("1", "2")}
    known["page"] = ("1", "2", "1000", "1001")
    targets = [
        ("/zoeken/", finder, 4),
        ("/feeds/praktijken/", finder, 2),
        ("/wat-werkt/", what_works, 2),
        (f"/praktijken/strategie/{strategies[0]}/", ["page", "q"], 1),
        ("/dossier/", ["praktijk", "formaat", "strategie"], 2),
        ("/api/v1/suggest/", ["q"], 1),
    ]
    weights = sum(weight for *_, weight in targets)
    for path, names, weight in targets:
        say(f"hypothesis: {path}")
        fuzz_query(site, path, names, known, max(10, budget * weight // weights))
    # A strategy's page under any slug: only real ones exist.
    for slug in ("x" * 300, "%00", "..%2F..%2Fetc", encoded(INVALID_UTF8[0]), "-", "ambtelijke"):
        site.raw_get(f"/praktijken/strategie/{slug}/", "")


OTHER_SITES = ("//evil.example/", "https://evil.example", "/\\evil.example", "/zoeken/")


def attack_language_switch(site, max_examples):
    site.get("/")  # the CSRF cookie, as a browser has it from any page with a form

    @settings(max_examples=max_examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(
        language=values(("nl", "en")),
        next_url=st.one_of(values(), st.sampled_from(OTHER_SITES)),
        with_token=st.booleans(),
    )  # fmt: skip
    def one(language, next_url, with_token):
        data = {"language": _text(language), "next": _text(next_url)}
        if with_token:
            data["csrfmiddlewaretoken"] = site.csrf_token()
        response = site.post("/i18n/setlang/", data, refused=not with_token)
        target = response.headers.get("Location", "")
        if urlsplit(target).netloc not in {"", urlsplit(site.base).netloc}:
            site.tally.problems.append(f"language switch redirects to another site: {target}")

    one()
    site.session.cookies.pop("django_language", None)


def _text(value):
    """What requests can send as a form value: bytes that are no UTF-8 as Latin-1 text."""
    return value.decode("latin-1") if isinstance(value, bytes) else value


# --- 2. The submission form --------------------------------------------------------------------


def start_page(site):
    page = site.get("/praktijk-insturen/")
    return page.text, hidden_value(page.text, "started")


def first_municipality(html):
    for _action, fields in read_forms(html):
        for name, value, kind in fields:
            if name == "municipality" and kind == "option" and value:
                return value
    return ""


def start_legitimate_submission(site):
    """One submission as a person starts it; its private step URL prefix."""
    html, stamp = start_page(site)
    data = {
        "csrfmiddlewaretoken": site.csrf_token(),
        "started": stamp,
        "municipality": first_municipality(html),
        "name": "Proef Vijandig",
        "role": "beleidsmedewerker",
        "email": "proef-vijandig@example.org",
        "website": "",
        "action": "next",
    }
    response = site.post("/praktijk-insturen/", data, headers=_forwarded(random.Random(1)))
    target = response.headers.get("Location", "")
    match = re.search(r"(/praktijk-insturen/[A-Za-z0-9_-]{40,64}/)stap/2/", target)
    if response.status_code != 302 or not match:
        raise RuntimeError(f"could not start a submission: {response.status_code} {target}")
    return match.group(1)


def _forwarded(chooser):
    return {"X-Forwarded-For": client_address(chooser)}


START_FIELDS = ("municipality", "proposed_municipality", "proposed_province", "name", "role")


def attack_start(site, max_examples):
    # One page read gives a fresh stamp for every example: a refused post never uses it up.
    html, fresh = start_page(site)
    municipality = first_municipality(html)

    @settings(max_examples=max_examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(
        fields=st.fixed_dictionaries({name: values((municipality,)) for name in START_FIELDS}),
        # Never a valid address: a generated post must be refused, or it would be a real case.
        email=values().filter(lambda value: "@" not in _text(value)),
        website=st.one_of(st.just(""), values()),
        token=st.sampled_from(("valid", "none", "forged")),
        stamp=st.sampled_from(("fresh", "none", "forged")),
        extra=st.dictionaries(st.sampled_from(UNKNOWN_PARAMETERS), values(), max_size=2),
        seed=st.integers(0, 2**32),
    )  # fmt: skip
    def one(fields, email, website, token, stamp, extra, seed):
        data = {name: _text(value) for name, value in {**fields, **extra}.items()}
        data |= {"email": _text(email), "website": _text(website), "action": "next"}
        data["started"] = {"fresh": fresh, "none": "", "forged": "1:" + "a" * 40}[stamp]
        data["csrfmiddlewaretoken"] = {
            "valid": site.csrf_token(),
            "none": "",
            "forged": "x" * 64,
        }[token]
        site.post(
            "/praktijk-insturen/", data, refused=True, headers=_forwarded(random.Random(seed))
        )

    one()


def step_fields(site, prefix, number):
    page = site.get(f"{prefix}stap/{number}/")
    forms = [fields for action, fields in read_forms(page.text) if "/stap/" in action]
    return forms[0] if forms else []


def attack_steps(site, prefix, max_examples):
    """Steps 2-5 posted with any value in any field the page has, and unknown ones."""
    for number in (2, 3, 4, 5):
        fields = step_fields(site, prefix, number)
        say(f"hypothesis: step {number} ({len(fields)} fields and options)")
        attack_step(site, prefix, number, fields, max_examples)
    for number in ("0", "7", "99999999999999999999"):
        site.raw_get(f"{prefix}stap/{number}/", "")
    site.post(f"{prefix}controleren/", {"csrfmiddlewaretoken": "x"}, refused=True)


def attack_step(site, prefix, number, fields, max_examples):
    names = sorted({name for name, _value, _kind in fields if name != "csrfmiddlewaretoken"})
    options = {}
    for name, value, kind in fields:
        if kind in {"option", "unchecked checkbox", "unchecked radio", "checkbox", "radio"}:
            options.setdefault(name, []).append(value)

    @settings(max_examples=max_examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(
        chosen=st.lists(
            st.sampled_from(names or ["x"]).flatmap(
                lambda name: st.tuples(st.just(name), values(tuple(options.get(name, ()))))
            ),
            max_size=12,
        ),
        keep=st.booleans(),
        action=st.sampled_from(("next", "next", "later", "", "upload", "\x00")),
        token=st.sampled_from(("valid", "valid", "valid", "none")),
        seed=st.integers(0, 2**32),
    )  # fmt: skip
    def one(chosen, keep, action, token, seed):
        data = submitted_fields(fields) if keep else []
        data = [pair for pair in data if pair[0] not in dict(chosen)]
        data += [(name, _text(value)) for name, value in chosen]
        data += [("action", action)]
        data.append(("csrfmiddlewaretoken", site.csrf_token() if token == "valid" else ""))
        response = site.post(
            f"{prefix}stap/{number}/", data, headers=_forwarded(random.Random(seed))
        )
        # A saved step redirects; the page again with 200 would be a refusal that is no 4xx.
        if response.status_code == 200:
            site.tally.not_4xx.append(f"200 POST step {number}: {str(chosen)[:200]}")

    one()


# --- 3. Uploads ----------------------------------------------------------------------------


def upload(site, prefix, name, content, content_type="application/pdf", refused=True, seed=0):
    fields = [
        pair
        for pair in submitted_fields(step_fields(site, prefix, 5))
        if pair[0] not in {"action", "csrfmiddlewaretoken"}
    ]
    data = [*fields, ("action", "upload"), ("csrfmiddlewaretoken", site.csrf_token())]
    files = (
        content
        if isinstance(content, list)
        else [("attachment", (name, io.BytesIO(content), content_type))]
    )
    response = site.post(
        f"{prefix}stap/5/",
        data,
        files=files,
        refused=refused,
        headers=_forwarded(random.Random(seed)),
        detail=f"upload {name!r}",
    )
    if refused and 400 <= response.status_code < 500:
        site.tally.uploads_refused += 1
    return response


def hostile_files():
    """(name, content, content type) of files the attachment step must refuse."""
    html = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"PE\x00\x00"
    zip_bomb_like = b"PK\x03\x04" + b"\x00" * 100
    return [
        ("groot.pdf", PDF + b"0" * (MAX_ATTACHMENT_BYTES + 1 - len(PDF)), "application/pdf"),
        ("leeg.pdf", b"", "application/pdf"),
        ("programma.pdf", exe, "application/pdf"),
        ("programma.exe", exe, "application/x-msdownload"),
        ("pagina.pdf", html, "application/pdf"),
        ("pagina.html", html, "text/html"),
        ("afbeelding.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "image/png"),
        ("foto.jpg", PDF, "image/jpeg"),
        ("document.docx", zip_bomb_like, "application/octet-stream"),
        ("../../etc/passwd.pdf", html, "application/pdf"),
        ("..\\..\\boot.ini.pdf", exe, "application/pdf"),
        ("naam\x00.pdf", html, "application/pdf"),
        ("rapport.pdf\x00.exe", exe, "application/pdf"),
        ("/etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n", "text/plain"),
        ("x" * 1000 + ".pdf", html, "application/pdf"),
    ]


def broken_multipart(site, prefix):
    """Bodies no browser sends: cut off, without a boundary, with a lying length."""
    url = site.url(f"{prefix}stap/5/")
    token = site.csrf_token()
    boundary = "----hostile"
    start = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        f'{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="attachment"; '
        f'filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 cut here'
    ).encode()
    bodies = [
        (f"multipart/form-data; boundary={boundary}", start),
        ("multipart/form-data", start),
        (f"multipart/form-data; boundary={'x' * 200}", start),
        (f"multipart/form-data; boundary={boundary}", b"--" + boundary.encode() + b"--\r\n"),
        (f"multipart/form-data; boundary={boundary}", b"\xff\xfe" * 100),
        ("application/x-www-form-urlencoded", b"csrfmiddlewaretoken=" + token.encode() + b"&%ff=%"),
    ]  # fmt: skip
    for content_type, body in bodies:
        response = site.session.post(
            url,
            data=body,
            headers={"Content-Type": content_type, "Referer": url, "X-CSRFToken": token},
            timeout=TIMEOUT_S,
            allow_redirects=False,
        )
        # A body without a file part may be an empty step saved (302); never a 500 or a file.
        site.tally.record(response, f"broken body {content_type[:40]}")
        if 400 <= response.status_code < 500:
            site.tally.uploads_refused += 1


def attack_uploads(site, prefix):
    for seed, (name, content, content_type) in enumerate(hostile_files()):
        upload(site, prefix, name, content, content_type, seed=seed)
    # Several files in one post: none of them may slip through with the others.
    several = [
        ("attachment", (f"pagina{n}.pdf", io.BytesIO(b"<html>"), "application/pdf"))
        for n in range(8)
    ]
    upload(site, prefix, "8 files", several)
    # Without a CSRF token even a good file is refused.
    response = site.session.post(
        site.url(f"{prefix}stap/5/"),
        data={"action": "upload"},
        files={"attachment": ("goed.pdf", io.BytesIO(PDF), "application/pdf")},
        timeout=TIMEOUT_S,
        allow_redirects=False,
    )
    site.tally.record(response, "upload without CSRF token", refused_post=True)
    site.tally.uploads_refused += 400 <= response.status_code < 500
    broken_multipart(site, prefix)


def attack_too_many(site, prefix):
    for seed in range(3):
        upload(site, prefix, f"extra-{seed}.pdf", PDF, seed=200 + seed)


# --- The whole attack --------------------------------------------------------------------------


def attack(base_url, work_dir, examples=1000, count_rows=None):
    """The figures of one hostile run against ``base_url``; see the module docstring."""
    started = time.monotonic()
    tally = Tally()
    site = Site(base_url, tally)
    count_rows = count_rows or dict
    schema = site.session.get(site.url("/api/v1/openapi.json"), timeout=TIMEOUT_S).json()

    say("one legitimate submission, with all but one of its attachments")
    prefix = start_legitimate_submission(site)
    for number in range(MAX_ATTACHMENTS - 1):
        upload(site, prefix, f"bijlage-{number}.pdf", PDF, refused=False, seed=300 + number)
    before = count_rows()

    say("uploads that must be refused")
    tally.part = "uploads"
    attack_uploads(site, prefix)
    checked = count_rows()
    if checked != before:
        tally.problems.append(f"refused uploads left rows or files: {_changes(before, checked)}")
    say("the last allowed attachment, under a name with folders; then too many")
    site.session.get(site.url(f"{prefix}stap/5/"), timeout=TIMEOUT_S)
    # The one good upload changes the counts on purpose; "before" is taken again after it.
    fill_to_the_limit(site, prefix)
    before = count_rows()
    attack_too_many(site, prefix)

    say("schemathesis against the API")
    tally.part = "API (schemathesis)"
    attack_api(site.base, work_dir, max(20, examples // 25), tally)
    say("hypothesis against the forms and query parameters")
    tally.part = "query parameters"
    attack_queries(site, schema, budget=examples * 6 // 10)
    tally.part = "language switch"
    attack_language_switch(site, max(10, examples // 20))
    tally.part = "start form"
    attack_start(site, max(20, examples // 10))
    tally.part = "later steps"
    attack_steps(site, prefix, max(10, examples // 25))
    after = count_rows()

    figures = tally.figures()
    problems = list(tally.problems)
    if tally.not_dutch:
        problems.append(f"refusals without a Dutch message, first: {tally.not_dutch[:3]}")
    if tally.not_4xx:
        problems.append(f"refused posts answered without a 4xx, first: {tally.not_4xx[:3]}")
    figures.update(
        {
            "seconds": round(time.monotonic() - started),
            "before": before,
            "after": after,
            "problems": problems,
        }
    )
    return figures


def fill_to_the_limit(site, prefix):
    """The one attachment still allowed, under a name that tries to climb out of the private
    folder: it must be kept under its bare name."""
    response = upload(site, prefix, "../../../../tmp/uit-de-map.pdf", PDF, refused=False, seed=400)
    if response.status_code != 302:
        site.tally.problems.append(f"a good attachment was refused: {response.status_code}")
    page = site.get(f"{prefix}stap/5/").text
    if "uit-de-map.pdf" not in page or "tmp/uit-de-map" in page:
        site.tally.problems.append("an attachment's name kept its folders")


def _changes(before, after):
    return {
        name: (before.get(name), after.get(name))
        for name in before
        if before.get(name) != after.get(name)
    }


ROWS_HERE = """
import json
from tests.prove import operations
operations._setup()
from django.apps import apps
from django.db import connection
tables = set(connection.introspection.table_names())
every = apps.get_models
apps.get_models = lambda: [model for model in every() if model._meta.db_table in tables]
print(json.dumps(operations.rows()))
"""


if __name__ == "__main__":
    # A quick run against a site that is already running (the demo of platform/run):
    #   python -m tests.prove.hostile http://127.0.0.1:8000 [examples]
    import tempfile

    def rows_here():
        # tests/prove/operations.py's counts, with this shell's DJANGO_SETTINGS_MODULE (the
        # settings the site runs with); a table the demo database lacks yet is left out.
        done = subprocess.run(
            [sys.executable, "-c", ROWS_HERE], capture_output=True, text=True, check=True
        )
        return json.loads(done.stdout.strip().splitlines()[-1])

    with tempfile.TemporaryDirectory() as work:
        examples = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
        result = attack(sys.argv[1], work, examples, count_rows=rows_here)
    print(json.dumps(result, indent=2, ensure_ascii=False))
