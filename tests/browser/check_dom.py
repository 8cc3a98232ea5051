#!/usr/bin/env python3
"""Checks the DOM Chromium rendered from crossdoc-factcheck --html against its --json output.

usage: check_dom.py REPORT.json DOM_DESKTOP.html [DOM_PHONE.html]

Every finding of the JSON must be on the page: a list entry with id finding-N, linked to an
existing passage element; both sides highlighted inside that passage (elements with data-side
"Na"/"Nb", the first with id fNa/fNb) whose text is exactly the JSON "text"; the explanation in
the highlight's title; a link back from the passage. The summary counts and the documents table
must match the JSON. The layout probe (written by the script run.sh appends) must show the two
columns of a passage side by side on the desktop and stacked on the phone, with no horizontal
scrolling on the phone. Prints "browser: N passed, M failed" and exits 1 when M > 0.
"""

import html.parser
import json
import sys

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []  # Nodes and strings, in order

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def ancestor(self, predicate):
        node = self.parent
        while node is not None:
            if predicate(node):
                return node
            node = node.parent
        return None

    def classes(self):
        return self.attrs.get("class", "").split()


class TreeBuilder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_text(text):
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def parse(path):
    """The dumped DOM; for a wrapper page, the DOM its iframe left in textarea#inner-dom."""
    with open(path, encoding="utf-8") as f:
        root = parse_text(f.read())
    inner = next((n for n in root.iter() if n.attrs.get("id") == "inner-dom"), None)
    return parse_text(inner.text()) if inner is not None else root


class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL:", what)
        return ok


def check_page(c, report, root, label):
    nodes = list(root.iter())
    by_id = {}
    for n in nodes:
        if "id" in n.attrs:
            c.check(n.attrs["id"] not in by_id, f"{label}: id {n.attrs['id']} is unique")
            by_id[n.attrs["id"]] = n
    sides = {}
    for n in nodes:
        if n.tag == "mark" and "data-side" in n.attrs:
            sides.setdefault(n.attrs["data-side"], []).append(n)

    documents = report["documents"]
    passages = report["passages"]
    findings = report["findings"]

    # Summary: counts and documents.
    conflicts = sum(1 for f in findings if f["verdict"] == "conflict")
    agreements = len(findings) - conflicts
    stats = {tuple(n.classes()): n.text() for n in nodes if "stat" in n.classes()}
    c.check(stats.get(("stat", "conflict"), "").split()[:1] == [str(conflicts)],
            f"{label}: summary shows {conflicts} conflicts")
    c.check(stats.get(("stat", "agreement"), "").split()[:1] == [str(agreements)],
            f"{label}: summary shows {agreements} agreements")
    for i, d in enumerate(documents, 1):
        row = by_id.get(f"doc-{i}")
        if not c.check(row is not None, f"{label}: documents table row {i}"):
            continue
        cells = row.text()
        c.check(d["id"] in cells, f"{label}: row {i} names {d['id']}")
        if d["published"]:
            c.check(d["published"] in cells, f"{label}: row {i} shows {d['published']}")
            c.check(("dateline" in cells) == (d["published_from"] == "dateline"),
                    f"{label}: row {i} says where the time came from ({d['published_from']})")

    # Findings list and highlights.
    items = [n for n in nodes if n.tag == "li" and "finding" in n.classes()]
    c.check(len(items) == len(findings),
            f"{label}: {len(findings)} findings listed (found {len(items)})")
    for i, f in enumerate(findings, 1):
        what = f"{label}: finding {i} ({f['verdict']} {f['kind']})"
        item = by_id.get(f"finding-{i}")
        if not c.check(item is not None and item.tag == "li", f"{what}: list entry finding-{i}"):
            continue
        c.check(f["verdict"] in item.classes(), f"{what}: entry marked {f['verdict']}")
        c.check(f["explanation"] in item.text(), f"{what}: explanation in the list")
        hrefs = [n.attrs.get("href", "") for n in item.iter() if n.tag == "a"]
        to_passage = [h[1:] for h in hrefs if h.startswith("#passage-")]
        if not c.check(len(to_passage) == 1, f"{what}: one link to a passage"):
            continue
        pid = to_passage[0]
        passage = by_id.get(pid)
        if not c.check(passage is not None and "passage" in passage.classes(),
                       f"{what}: linked {pid} exists"):
            continue
        number = int(pid.split("-")[1])
        if number <= len(passages) and "context" not in passage.classes():
            p = passages[number - 1]
            docs = {p["a"], p["b"]}
            c.check({f["a"]["doc"], f["b"]["doc"]} <= docs | set(),
                    f"{what}: {pid} is between the finding's documents")
            c.check(passage.attrs.get("data-a-span") == f"{p['a_span'][0]},{p['a_span'][1]}",
                    f"{what}: {pid} shows the JSON passage's a_span")
        back = [n for n in passage.iter()
                if n.tag == "a" and n.attrs.get("href") == f"#finding-{i}"]
        c.check(len(back) >= 1, f"{what}: {pid} links back to finding-{i}")
        for side in ("a", "b"):
            name = f"{i}{side}"
            frags = sides.get(name, [])
            if not c.check(len(frags) >= 1, f"{what}: side {side} highlighted"):
                continue
            c.check(by_id.get(f"f{name}") is frags[0], f"{what}: first fragment has id f{name}")
            text = "".join(n.text() for n in frags if not n.ancestor(
                lambda a: a.tag == "mark" and a.attrs.get("data-side") == name))
            c.check(text == f[side]["text"],
                    f"{what}: side {side} text {text!r} == JSON {f[side]['text']!r}")
            holders = {id(n.ancestor(lambda a: "passage" in a.classes())) for n in frags}
            c.check(holders == {id(passage)}, f"{what}: side {side} lies inside {pid}")
            c.check(f["explanation"] in frags[0].attrs.get("title", ""),
                    f"{what}: side {side} has the explanation as its title")
            if f[side]["text"]:
                c.check(f[side]["text"] in item.text(), f"{what}: side {side} text in the list")

    # Self-contained: nothing loaded from elsewhere.
    for n in nodes:
        for attr in ("src", "href"):
            value = n.attrs.get(attr)
            if value is not None and n.tag != "a":
                c.check(False, f"{label}: <{n.tag} {attr}={value!r}> loads a resource")
            elif value is not None:
                c.check(value.startswith("#"), f"{label}: link {value!r} stays in the page")
    return by_id


def check_layout(c, root, label, phone):
    probe = next((n for n in root.iter() if n.attrs.get("id") == "layout-probe"), None)
    if not c.check(probe is not None, f"{label}: layout probe ran"):
        return
    layout = json.loads(probe.text())
    print(f"{label} layout: {json.dumps(layout, sort_keys=True)}")
    c.check(layout["passages"] > 0, f"{label}: passages measured")
    if phone:
        c.check(layout["viewport"] <= 420, f"{label}: phone viewport ({layout['viewport']} px)")
        c.check(layout["stacked"] == layout["passages"],
                f"{label}: columns stacked in all {layout['passages']} passages "
                f"({layout['stacked']})")
        c.check(layout["scroll_width"] <= layout["viewport"],
                f"{label}: no horizontal scrolling ({layout['scroll_width']} px wide)")
    else:
        c.check(layout["side_by_side"] == layout["passages"],
                f"{label}: columns side by side in all {layout['passages']} passages "
                f"({layout['side_by_side']})")
    c.check(layout["glyphless"] == 0,
            f"{label}: every highlight has a visible width ({layout['glyphless']} without)")


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        report = json.load(f)
    c = Checker()
    c.check(report.get("version") == 1, "JSON version 1")
    c.check(len(report["findings"]) > 0, "the example articles give findings")
    desktop = parse(sys.argv[2])
    check_page(c, report, desktop, "desktop")
    check_layout(c, desktop, "desktop", phone=False)
    if len(sys.argv) == 4:
        phone = parse(sys.argv[3])
        check_page(c, report, phone, "phone")
        check_layout(c, phone, "phone", phone=True)
    print(f"browser: {c.passed} passed, {c.failed} failed")
    return 0 if c.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
