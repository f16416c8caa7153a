"""The place rules of the ``ner`` stage (see ``vezha.ner``, ``vezha.ner_rules``): streets with
their house numbers, lists of places, settlements, points of the compass. Each rule takes the
chunks (first token, last token, type) of one sentence and returns them corrected."""
from __future__ import annotations

import re
from typing import Sequence

from .model import Token

__all__ = ["address", "split_list", "settlement", "street_list", "compass", "HOUSE_NUMBER"]

Chunk = tuple[int, int, str]

# Street words (lemmas, and abbreviations as written): NER-UK puts them and the house number in
# the LOC ("вул. Хрещатик, 30", "вулиця Московська"; 37 of 38 addresses in its training part).
STREET_LEMMAS = frozenset({"вулиця", "проспект", "провулок", "площа", "бульвар", "узвіз", "шосе", "набережна",
                           "майдан", "улица", "переулок", "проезд"})
STREET_ABBREVIATIONS = frozenset({"вул.", "вул", "просп.", "пр.", "пров.", "пл.", "бульв.", "б-р", "ул.", "пер."})
HOUSE_NUMBER = re.compile(r"^\d{1,4}(-?[А-ЯҐЄІЇа-яґєії])?$")
ORDINAL = re.compile(r"^\d{1,3}-(й|а|ша|га|тя|ий|я|е)$")     # "1-й Польовий", "2-га Лінія"
# Words for a town or village (lemmas, and abbreviations as written): the name after one is a place.
SETTLEMENT_LEMMAS = frozenset({"місто", "село", "селище", "город", "поселок", "деревня"})
SETTLEMENT_ABBREVIATIONS = frozenset({"м.", "смт", "смт.", "с.", "сел.", "г.", "пос.", "пгт", "пгт."})
LIST_JOINERS = frozenset({",", "та", "і", "й", "и"})
# Points of the compass that with the place after them name one region ("Північ України").
COMPASS_LEMMAS = frozenset({"північ", "південь", "схід", "захід", "север", "юг", "восток", "запад"})


def address(tokens: Sequence[Token], chunk: Chunk) -> Chunk:
    """Rule ``address``: a place or person name right after a street word (or after a street
    word and an ordinal: "провулку 1-й" + "Польовий") is a street and takes them in ("вулиця" +
    "Московська", "проспекті" + "Карла Маркса" -> LOC); a street, its street word first or last
    ("Оболонському проспекті"), takes its house number (", 32", ", 60А", ", 4 / 6"); a number
    before "%" is none ("Кіпр, 36%")."""
    i, j, t = chunk
    if t in ("LOC", "PER") and i > 1 and ORDINAL.match(tokens[i - 1].text) and _street(tokens[i - 2]):
        i, t = i - 2, "LOC"
    elif t in ("LOC", "PER") and i > 0 and _street(tokens[i - 1]):
        i, t = i - 1, "LOC"
    if t == "LOC" and j + 1 < len(tokens) and tokens[j + 1].text == "%" and j - 1 > i \
            and tokens[j - 1].text == "," and tokens[j].text.isdigit():
        return i, j - 2, t
    if t == "LOC" and (_street(tokens[i]) or _street(tokens[j])):
        if j + 2 < len(tokens) and tokens[j + 1].text == "," and _house(tokens, j + 2):
            j += 2
        if HOUSE_NUMBER.match(tokens[j].text) and j + 2 < len(tokens) and tokens[j + 1].text == "/" \
                and HOUSE_NUMBER.match(tokens[j + 2].text):
            j += 2
    return i, j, t


def _house(tokens: Sequence[Token], k: int) -> bool:
    """A house number at ``k`` (not a share: "36 %")."""
    return bool(HOUSE_NUMBER.match(tokens[k].text)) and not (k + 1 < len(tokens) and tokens[k + 1].text == "%")


def split_list(tokens: Sequence[Token], chunk: Chunk) -> list[Chunk]:
    """Rule ``list``: a place name does not run over a comma ("Броварська, Головатого",
    "Львівська, Хмельницька" are two places) except before a house number (", 30")."""
    i, j, t = chunk
    if t != "LOC":
        return [chunk]
    out, start = [], i
    for k in range(i + 1, j):
        if tokens[k].text == "," and not HOUSE_NUMBER.match(tokens[k + 1].text):
            out.append((start, k - 1, t))
            start = k + 1
    return out + [(start, j, t)]


def settlement(tokens: Sequence[Token], chunk: Chunk) -> Chunk:
    """Rule ``settlement``: a name right after a word for a town or village is a place
    ("смт Саврань", "м. Києву", "село Коблеве")."""
    i, j, t = chunk
    if t != "LOC" and i > 0 and _settlement(tokens[i - 1]):
        return i, j, "LOC"
    return chunk


def _settlement(tok: Token) -> bool:
    return tok.text.lower() in SETTLEMENT_ABBREVIATIONS or (tok.lemma or "").lower() in SETTLEMENT_LEMMAS


def street_list(tokens: Sequence[Token], found: list[Chunk]) -> list[Chunk]:
    """Rule ``street list``: the names listed after a street are streets ("вул. Горького,
    Якубовського", "вулиці Городоцьку, Коперника та Б. Хмельницького"), with their house
    numbers ("вул. Ірпінська, 64 і Донецька, 7")."""
    out: list[Chunk] = []
    street = False                      # the last chunk is a street
    for i, j, t in found:
        gap = tokens[out[-1][1] + 1:i] if out else ()
        listed = street and gap and all(g.text in LIST_JOINERS for g in gap)
        if t == "PER" and listed:
            t = "LOC"
        if t == "LOC" and listed and j + 2 < len(tokens) and tokens[j + 1].text == "," and _house(tokens, j + 2):
            j += 2                      # "вул. Ірпінська, 64 і Донецька" + ", 7"
        street = t == "LOC" and (listed or _street(tokens[i]) or i > 0 and _street(tokens[i - 1]))
        out.append((i, j, t))
    return out


def compass(tokens: Sequence[Token], found: list[Chunk]) -> list[Chunk]:
    """Rule ``compass``: a capitalised point of the compass and the place right after it are one
    place ("Північ" + "України" -> "Північ України", "Восток" + "Украины")."""
    out: list[Chunk] = []
    for i, j, t in found:
        prev = out[-1] if out else None
        if (prev and prev[2] == t == "LOC" and prev[0] == prev[1] == i - 1 and tokens[i - 1].text[:1].isupper()
                and (tokens[i - 1].lemma or "").lower() in COMPASS_LEMMAS):
            out[-1] = (prev[0], j, t)
        else:
            out.append((i, j, t))
    return out


def _street(tok: Token) -> bool:
    return tok.text.lower() in STREET_ABBREVIATIONS or (tok.lemma or "").lower() in STREET_LEMMAS
