#!/usr/bin/env python3
"""Seeds and dictionary for the fuzz targets (see README.md), from the repository's fixtures.

Writes fuzz/corpus/{text,html,events,decode}/ (not committed: regenerate at will) and
fuzz/template.dict (committed): the template's labels read from src/template.rs, plus the
separators, tags and event marks the readers care about.
"""
import hashlib
import html.parser
import pathlib
import re

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
FIX = ROOT / "tests" / "fixtures"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


def decode(data: bytes) -> str:
    head = data[:4096].lower()
    if b"charset=gb" in head or b'charset="gb' in head:
        return data.decode("gb18030", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


class Events(html.parser.HTMLParser):
    """An approximation of www/dom-events.js over a page (good enough for seeds)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []

    def handle_starttag(self, tag, attrs):
        self.out.append("\x01" + tag + "\x02")
        if tag in VOID:
            self.out.append("\x03")

    def handle_startendtag(self, tag, attrs):
        self.out.append("\x01" + tag + "\x02\x03")

    def handle_endtag(self, tag):
        if tag not in VOID:
            self.out.append("\x03")

    def handle_data(self, data):
        self.out.append(re.sub("[\x01-\x03]", " ", data))


def write(target: str, data: bytes):
    d = FUZZ / "corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main():
    texts = sorted((FIX / "seeds").glob("*.txt")) + sorted((FIX / "corpus").glob("*.txt")) + sorted((ROOT / "tests/e2e/fixtures").glob("*.txt"))
    pages = sorted((FIX / "html").glob("*.html")) + sorted((FIX / "pages").glob("*.html")) + sorted((ROOT / "tests/e2e/fixtures").glob("*.html"))
    for p in texts:
        raw = p.read_bytes()
        text = decode(raw).encode()
        for seed in (text, text[:4096], text[-4096:]):
            write("text", seed)
        write("decode", raw)
        write("decode", raw[:2048] + b"\xff" + raw[2048:4096])
    for p in pages:
        raw = p.read_bytes()
        page = decode(raw)
        write("html", page.encode())
        write("html", page.encode()[:8192])
        ev = Events()
        ev.feed(page)
        ev.close()
        events = "".join(ev.out).encode()
        write("events", events)
        write("events", events[:8192])
        write("decode", raw)
    for snippet in ["一、总体情况\n0 |\n0 |\n", "<table><tr><td>规章</td><td>0</td></tr></table>", "\x01p\x02一、总体情况\x03", "\ufeff", ""]:
        for t in ("text", "html", "events", "decode"):
            write(t, snippet.encode())

    # The dictionary.
    src = (ROOT / "src" / "template.rs").read_text()
    words = sorted({w for w in re.findall(r'"([^"\\]*)"', src) if re.search("[\u4e00-\u9fff]", w)})
    words += [" |", "|||", "\t", "\r\n", "\u3000", "&nbsp;", "\u2014", "2024年", "1月1日至", "12月31日", "收到", "申请", "件", "本年",
              "行政复议", "行政诉讼", "统计期限", "年度报告", "政府信息公开", "\uff10", "\uff11", "100", "0.5", "-1",
              "<td>", "</td>", "<tr>", "</tr>", "<table>", "</table>", "<p>", "</p>", "<div>", "</div>", "<div/>", "<br>", "<span>",
              "<b>", "</i>", "<font>", "<a href=x>", "<template>", "<svg>", "<math>", "<script>", "</script>", "<!--", "-->",
              "<meta charset=gbk>", "<meta charset=utf-8>", "<title>", "rowspan=2", "colspan=3",
              "\x01td\x02", "\x01tr\x02", "\x01table\x02", "\x01p\x02", "\x01br\x02", "\x01template\x02", "\x01title\x02", "\x03",
              "\ufffd", "\U0001d538"]
    lines = []
    for w in words:
        esc = "".join(chr(b) if 0x20 <= b < 0x7f and b not in (0x22, 0x5c) else "\\x%02x" % b for b in w.encode())
        lines.append('"%s"' % esc)
    (FUZZ / "template.dict").write_text("# Template labels (from src/template.rs), separators, tags and event marks: make_corpus.py\n" + "\n".join(lines) + "\n")
    print("corpus:", {t: len(list((FUZZ / "corpus" / t).iterdir())) for t in ("text", "html", "events", "decode")}, "dictionary:", len(lines))


if __name__ == "__main__":
    main()
