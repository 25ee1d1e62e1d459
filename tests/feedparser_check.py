#!/usr/bin/env python3
"""Reads feeds with Python tools, for the Node tests (tests/node/).

    python3 tests/feedparser_check.py wellformed < documents.json
        stdin: a JSON array of XML documents. stdout: a JSON array with, for each,
        null when expat (a strict, namespace-aware XML parser) accepts it, else
        the error message.

    python3 tests/feedparser_check.py read < feeds.json
        stdin: a JSON array of {"name", "body"}. stdout: a JSON array with, for each,
        what Python's feedparser (https://feedparser.readthedocs.io) makes of it:
        bozo and its exception, the feed title, and each entry's id, link, title,
        summary, tags and author. Exits 3 when feedparser is not installed.
"""
import json
import sys
import xml.parsers.expat


def wellformed(document):
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    try:
        parser.Parse(document.encode("utf-8"), True)
        return None
    except xml.parsers.expat.ExpatError as error:
        return str(error)


def read(feed):
    import feedparser

    parsed = feedparser.parse(feed["body"])
    return {
        "name": feed["name"],
        "bozo": parsed.bozo,
        "bozo_exception": str(parsed.get("bozo_exception", "")),
        "version": parsed.version,
        "title": parsed.feed.get("title"),
        "entries": [
            {
                "id": e.get("id"),
                "link": e.get("link"),
                "title": e.get("title"),
                "summary": e.get("summary"),
                "tags": [t.get("term") for t in e.get("tags", [])],
                "author": e.get("author"),
            }
            for e in parsed.entries
        ],
    }


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    items = json.load(sys.stdin)
    if mode == "wellformed":
        json.dump([wellformed(d) for d in items], sys.stdout)
    elif mode == "read":
        try:
            import feedparser  # noqa: F401
        except ImportError:
            sys.exit(3)
        json.dump([read(f) for f in items], sys.stdout, ensure_ascii=False)
    else:
        sys.exit("usage: feedparser_check.py wellformed|read < input.json")


if __name__ == "__main__":
    main()
