"""Seeded generators of hostile inputs: news-like text in Ukrainian, Russian and English mixed
with quote marks, dashes, bullets, dates, noise, broken markup and mis-encoded bytes.

Every input is a function of ``(seed, index)`` only (``rng_for``), so a crasher is reproduced
from its numbers. The sentences are written for this file; nothing is copied from a corpus.
"""
from __future__ import annotations

import json
import random

__all__ = ["rng_for", "prose", "text_bytes", "html_bytes", "feed_bytes", "jsonl_line",
           "encode", "mutate", "ENCODINGS"]

UK = ("Міністр заявив, що переговори тривають.", "За його словами, ситуація стабільна.",
      "Олена Коваль повідомила журналістам про нові правила.", "У Києві вчора пройшла нарада.",
      "Президент сказав: «Ми не відступимо».", "— Це неправда, — відповів речник.",
      "Як зазначив Іван Петренко, бюджет ухвалять восени.", "Депутати проголосували 25 липня 2024 року.",
      "Засідання відбудеться з 1 по 5 травня у Львові.", "Про це повідомляє агентство.")
RU = ("Министр заявил, что переговоры продолжаются.", "По его словам, всё под контролем.",
      "Об этом сообщила Анна Смирнова в понедельник.", "В Минске прошла встреча 12 марта 2021 г.",
      "«Мы готовы к диалогу», — сказал представитель.", "Как отметил эксперт, цены вырастут.")
EN = ('"We will not back down," the minister said.', "According to officials, talks resumed on Monday.",
      "Jane Doe told reporters the plan was ready.", "The vote took place on 3 March 2022.",
      "He said that the deal was off.", "Prices rose in the 1990s, May said.")
WORDS = ("заявив", "сказала", "за словами", "повідомив", "сообщил", "по словам", "said", "told",
         "вчора", "сьогодні", "минулого тижня", "у понеділок", "навесні", "2007р.", "в 90-х",
         "XX століття", "о 15:30", "12.03.2023", "2024-01-31", "з 1 по 5", "25 і 26 липня",
         "Київ", "Москва", "Мінськ", "Лукашенко", "ЗСУ", "НАТО", "ООН", "Іван", "Анна", "Smith")
MARKS = ("«", "»", "„", "“", "”", '"', "'", "‘", "’", "‹", "›", "「", "」", "(", ")", "[", "]")
DASHES = ("-", "–", "—", "―", "‒", "−", "--")
BULLETS = ("•", "·", "●", "▪", "◦", "*", "-")
ODD = ("\u200b", "\u200d", "\ufeff", "\u202e", "\u0301", "\u00ad", "\u00a0", "\u2028", "\u2029",
       "\r", "\r\n", "\t", "\x0b", "\x0c", "\x1b", "\x7f", "\ufffd", "𝕍", "😀", "\U0010ffff", "Ω")
URLS = ("https://e.example/1", "https://[.em0", "http://[::1", "https://]x[/", "http://a:99999/",
        "https://e.example/%zz?utm_source=x#f", "http://" + "a" * 300, "https://ä.example/шлях")
ENCODINGS = ("utf-8", "utf-8", "cp1251", "koi8_u", "koi8_r", "mac_cyrillic", "iso8859_5",
             "cp866", "utf-16", "utf-32", "latin-1")


def rng_for(seed: int, index: int, target: str) -> random.Random:
    return random.Random(f"{seed}:{target}:{index}")


def _piece(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return rng.choice(rng.choice((UK, UK, RU, EN)))
    if roll < 0.65:
        return rng.choice(WORDS)
    if roll < 0.75:
        return rng.choice(MARKS) + rng.choice(WORDS) + rng.choice(MARKS)
    if roll < 0.82:
        return rng.choice(DASHES) + " " + rng.choice(UK + RU)
    if roll < 0.87:
        return "\n" + rng.choice(BULLETS) + " " + rng.choice(WORDS)
    if roll < 0.93:
        return rng.choice(ODD) * rng.randint(1, 4)
    if roll < 0.97:
        return _repeat(rng)
    return "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(1, 30)))


def _repeat(rng: random.Random) -> str:
    """Long runs: the inputs that make backtracking rules slow."""
    unit = rng.choice(("а", "a", "«", "»", ". ", "—", " ", "\n", "1", "Іван ", "сказав ", "«а", "’"))
    return unit * rng.choice((50, 500, 3000))


def prose(rng: random.Random, pieces: int | None = None) -> str:
    """A document-like string: pieces joined by spaces, newlines and blank lines."""
    n = pieces if pieces is not None else rng.choice((0, 1, 2, 5, 10, 30))
    seps = (" ", " ", " ", "\n", "\n\n", "", "  ")
    return "".join(_piece(rng) + rng.choice(seps) for _ in range(n))


def encode(rng: random.Random, text: str) -> bytes:
    data = text.encode(rng.choice(ENCODINGS), errors="replace")
    if rng.random() < 0.1:
        data = rng.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) + data
    return data


def mutate(rng: random.Random, data: bytes) -> bytes:
    """Byte-level damage: flips, cuts, inserted junk, repeats."""
    buf = bytearray(data)
    for _ in range(rng.choice((0, 0, 1, 3, 10))):
        op, at = rng.random(), rng.randint(0, len(buf))
        if op < 0.3 and buf:
            buf[min(at, len(buf) - 1)] = rng.randint(0, 255)
        elif op < 0.5:
            del buf[at:at + rng.randint(1, 64)]
        elif op < 0.8:
            buf[at:at] = bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 16)))
        else:
            buf[at:at] = bytes(buf[at:at + 32]) * rng.randint(2, 20)
    return bytes(buf)


def text_bytes(rng: random.Random) -> bytes:
    text = prose(rng)
    if rng.random() < 0.15:     # a BSNLP-like header, sometimes broken
        text = f"ua-{rng.randint(1, 9999)}\n{rng.choice(('uk', 'ru', 'en', 'xx'))}\n" \
               f"{rng.choice(('2024-01-02', '', '20240102', 'вчора'))}\n{rng.choice(URLS)}\n" + text
    return mutate(rng, encode(rng, text)) if rng.random() < 0.5 else encode(rng, text)


TAGS = ("p", "div", "span", "article", "main", "li", "ul", "ol", "table", "tr", "td", "h1",
        "blockquote", "script", "style", "nav", "footer", "a", "b", "i", "br", "img", "svg", "math",
        "template", "iframe", "noscript", "pre", "code", "form", "select", "option", "xmp")


def _markup(rng: random.Random, depth: int) -> str:
    if depth <= 0 or rng.random() < 0.25:
        return prose(rng, rng.randint(0, 4))
    tag = rng.choice(TAGS)
    attrs = rng.choice(("", ' class="content"', ' id="x"', " style='x'", ' a="&amp;&#0;&#x110000;"',
                        " onload=alert(1)", ' lang="uk"', " hidden"))
    inner = "".join(_markup(rng, depth - 1) for _ in range(rng.randint(0, 3)))
    close = rng.choice((f"</{tag}>", f"</{tag}>", "", f"</{rng.choice(TAGS)}>", "<"))
    return f"<{tag}{attrs}>{inner}{close}"


def html_bytes(rng: random.Random) -> bytes:
    head = rng.choice(("", "<!DOCTYPE html>", '<?xml version="1.0" encoding="koi8-u"?>'))
    meta = rng.choice(("", '<meta charset="windows-1251">', '<meta charset="bogus">',
                       '<meta http-equiv="Content-Type" content="text/html; charset=koi8-u">'))
    title = rng.choice(("", f"<title>{prose(rng, 1)}</title>"))
    if rng.random() < 0.05:     # deep nesting
        body = "<div>" * rng.choice((500, 5000)) + prose(rng, 3) + "</div>" * rng.randint(0, 50)
    else:
        body = "".join(_markup(rng, rng.randint(1, 6)) for _ in range(rng.randint(1, 8)))
    page = f"{head}<html><head>{meta}{title}</head><body>{body}</body></html>"
    if rng.random() < 0.2:
        page = page[:rng.randint(0, len(page))]
    return mutate(rng, encode(rng, page)) if rng.random() < 0.3 else encode(rng, page)


def _entry(rng: random.Random, atom: bool) -> str:
    title = rng.choice(("", prose(rng, 1), "<![CDATA[" + prose(rng, 1) + "]]>", "&lt;b&gt;x"))
    body = rng.choice(("", prose(rng, 3), "&lt;p&gt;" + prose(rng, 2) + "&lt;/p&gt;",
                       "<![CDATA[<p>" + prose(rng, 2) + "</div>]]>"))
    date = rng.choice(("", "Mon, 02 Jan 2024 10:00:00 +0200", "2024-13-45T99:00:00Z", "вчора",
                       "0000-00-00", "2024-02-30"))
    link = rng.choice(("", "javascript:alert(1)", "//x", *URLS))
    if atom:
        return (f"<entry><title>{title}</title><link href=\"{link}\"/><updated>{date}</updated>"
                f"<content type=\"html\">{body}</content></entry>")
    return (f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
            f"<description>{body}</description><guid>{rng.randint(0, 99)}</guid></item>")


def feed_bytes(rng: random.Random) -> bytes:
    atom = rng.random() < 0.4
    entries = "".join(_entry(rng, atom) for _ in range(rng.choice((0, 1, 3, 20))))
    decl = rng.choice(('<?xml version="1.0" encoding="utf-8"?>', "", '<?xml version="1.0" encoding="windows-1251"?>',
                       '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'))
    if atom:
        doc = f'{decl}<feed xmlns="http://www.w3.org/2005/Atom"><title>{prose(rng, 1)}</title>{entries}</feed>'
    else:
        doc = f'{decl}<rss version="2.0"><channel><title>&b;{prose(rng, 1)}</title>{entries}</channel></rss>'
    if rng.random() < 0.2:
        doc = doc[:rng.randint(0, len(doc))]
    return mutate(rng, encode(rng, doc)) if rng.random() < 0.3 else encode(rng, doc)


def _value(rng: random.Random, depth: int = 0):
    roll = rng.random()
    if roll < 0.5:
        return prose(rng, rng.randint(0, 5))
    if roll < 0.6:
        return rng.choice((None, True, 0, -1, 1e308, 10 ** 30, float("nan")))
    if roll < 0.7 and depth < 3:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if roll < 0.8 and depth < 3:
        return {"x": _value(rng, depth + 1)}
    return rng.choice(("2024-01-02", "2024-02-30", "вчора", "", " ", "1700000000", "31.12.1999",
                       *URLS))


def jsonl_line(rng: random.Random) -> bytes:
    keys = ("id", "url", "title", "text", "html", "published", "outlet", "author")
    record = {k: _value(rng) for k in keys if rng.random() < 0.6}
    if "html" in record and rng.random() < 0.5:
        record["html"] = html_bytes(rng).decode("utf-8", "replace")
    line = json.dumps(record, ensure_ascii=rng.random() < 0.5, allow_nan=True)
    if rng.random() < 0.1:
        line = rng.choice(("[1, 2]", '"text"', "null", "{", '{"text": "\\ud800"}', "{}" * 3))
    data = line.encode("utf-8", "surrogatepass")
    return mutate(rng, data) if rng.random() < 0.2 else data
