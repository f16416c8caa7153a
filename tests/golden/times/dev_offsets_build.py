"""Build dev-offsets.jsonl: time expressions in the 20 BSNLP uk dev articles of
../shared/eval/gold/quotes-dev.jsonl, kept as ids + offsets + values only (no third-party text).

The annotation below names each expression by its surface form and occurrence (0-based; None =
every occurrence) only to compute offsets; the surfaces are short time phrases, not article
text. Annotated by hand following TIMES.md; header lines (id, language, ISO date, URL) and
open intervals ("з 2010 року", "до кінця 2019 року") are not annotated.

Usage: .venv/bin/python tests/golden/times/dev_offsets_build.py [--ru]   (needs ../shared)
       .venv/bin/python tests/golden/times/dev_offsets_build.py [--ru] --gold OUT.jsonl  (with text, for score_times.py)
``--ru``: ten Russian shared-task articles instead (dev-offsets-ru.jsonl).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[3] / "shared" / "eval" / "gold" / "quotes-dev.jsonl"

ANNOTATION: dict[int, list[tuple[str, int | None, str]]] = {
    0: [("1 січня 2021 року", 0, "2021-01-01"), ("на травень 2022 року", 0, "2022-05")],
    1: [("у понеділок", 0, "2018-11-19"), ("в понеділок", 0, "2018-11-19"),
        ("на 25 листопада", 0, "2018-11-25"), ("14 листопада", 0, "2018-11-14")],
    2: [("24 листопада", None, "2018-11-24"), ("в середу", 0, "2018-11-21"), ("21 листопада", 0, "2018-11-21"),
        ("минулого тижня", None, "2018-W46"), ("на саміті ЄС 25 листопада", 0, "2018-11-25"),
        ("у березні 2019 року", 0, "2019-03"), ("затвердити 25 листопада", 0, "2018-11-25")],
    3: [("в понеділок", 0, "2018-11-19"), ("13 листопада", 0, "2018-11-13"), ("12 липня", 0, "2018-07-12")],
    4: [("сьогодні", 0, "2018-10-03"), ("у 2008 році", 0, "2008")],
    5: [("в неділю", 0, "2018-07-08"), ("минулої п'ятниці", 0, "2018-07-06")],
    6: [("торік", 0, "2017")],
    7: [("Наприкінці березня - на початку квітня 2018 року", 0, "2018-03-21/2018-04-10"),
        ("у червні", 0, "2018-06"), ("На початку травня", 0, "2018-05-01/2018-05-10"),
        ("2017 року", 0, "2017"), ("18 травня", 0, "2018-05-18")],
    8: [("5 червня", 0, "2018-06-05"), ("30 травня", 0, "2018-05-30"),
        ("наприкінці березня", 0, "2018-03-21/2018-03-31")],
    10: [("3 липня", 0, "2018-07-03"), ("2 липня", 0, "2018-07-02")],
    11: [("у грудні", 0, "2017-12"), ("30 липня", 0, "2018-07-30"), ("Минулого тижня", None, "2018-W30"),
         ("у минулому році", 0, "2017"), ("Сьогодні", 0, "2018-08-01")],
    12: [("11 вересня 2018", 0, "2018-09-11"), ("на середу", 0, "2018-09-12"), ("12 вересня", 0, "2018-09-12"),
         ("11 вересня", 1, "2018-09-11"), ("взимку", 0, "2018-12/2019-02"), ("у середу", 0, "2018-09-12"),
         ("у вівторок", 0, "2018-09-11"), ("в середу", 0, "2018-09-12"), ("У середу", 0, "2018-09-12"),
         ("Влітку 2018 року", 0, "2018-06/2018-08"), ("Минулого тижня", 0, "2018-W36"),
         ("3 вересня", 0, "2018-09-03")],
    13: [("25 липня", 0, "2018-07-25"), ("сьогодні", None, "2018-07-25"), ("в минулу середу", 0, "2018-07-18")],
    14: [("цього року", 0, "2018"), ("В цьому місяці", 0, "2018-07"), ("в травні 2018", 0, "2018-05"),
         ("в цьому році", 0, "2018"), ("2017 роком", 0, "2017"), ("цієї осені", 0, "2018-09/2018-11")],
    15: [("28 вересня", None, "2018-09-28"), ("у четвер", None, "2018-09-13"), ("цього місяця", 0, "2018-09"),
         ("У середу", 0, "2018-09-12"), ("вчора", 0, "2018-09-12"), ("5 вересня", 0, "2018-09-05"),
         ("У серпні", 0, "2018-08"), ("У липні", 0, "2018-07")],
    16: [("у неділю", 0, "2018-11-04"), ("4 листопада", 0, "2018-11-04"), ("31 жовтня", 0, "2018-10-31"),
         ("в 2010 році", 0, "2010"), ("У 2009 році", 0, "2009")],
    17: [("31 жовтня", 0, "2018-10-31"), ("в 2010 році", 0, "2010"), ("У 2009 році", 0, "2009")],
    18: [("у ніч на суботу, 24 листопада", 0, "2018-11-23/2018-11-24"),
         ("на початку листопада", 0, "2018-11-01/2018-11-10")],
    19: [("24 грудня", 0, "2017-12-24"), ("У листопаді минулого року", 0, "2017-11"), ("У 2016 році", 0, "2016"),
         ("12 жовтня 2017 року", 0, "2017-10-12"), ("сьогодні", 0, "2018-02-09"),
         ("2015-2017 років", 0, "2015/2017")],
}
# Russian: ten BSNLP shared-task raw articles (path under ../shared/data/bsnlp/shared-task; the
# publication date is the file's third line).
RU_ANNOTATION: dict[str, list[tuple[str, int | None, str]]] = {
    "brexit/raw/ru/brexit_ru.txt_file_1003.txt": [("09.07.2018", 0, "2018-07-09"), ("Сегодня", 0, "2018-07-09")],
    "brexit/raw/ru/brexit_ru.txt_file_1047.txt": [
        ("В понедельник", 0, "2018-07-09"), ("9 июля", 0, "2018-07-09"), ("Сегодня днем", 0, "2018-07-09"),
        ("Во вторник", 0, "2018-06-26"), ("26 июня", 0, "2018-06-26"), ("В среду", 0, "2018-02-28"),
        ("28 февраля", 0, "2018-02-28"), ("30 марта 2019 года", 0, "2019-03-30")],
    "nord_stream/raw/ru/Nord_Stream_2_extra.xml_file_105.txt": [
        ("в четверг", 0, "2019-01-10"), ("10 января", 0, "2019-01-10"), ("в 2019 году", 0, "2019"),
        ("В июне", 0, "2018-06")],
    "ryanair/raw/ru/ryan-ru_file_107.txt": [("10.08.2018", 0, "2018-08-10"), ("сегодня", 0, "2018-08-10")],
    "ryanair/raw/ru/ryan-ru_file_2.txt": [("в пятницу", 0, "2018-08-10"), ("10 августа", 0, "2018-08-10"),
                                          ("В конце июля", 0, "2018-07-21/2018-07-31")],
    "ryanair/raw/ru/ryan-ru_file_125.txt": [
        ("28 сентября", None, "2018-09-28"), ("13 сентября", 0, "2018-09-13"), ("в четверг", None, "2018-09-13"),
        ("в этом месяце", 0, "2018-09"), ("В среду", 0, "2018-09-12"), ("вчера", 0, "2018-09-12"),
        ("5 сентября", 0, "2018-09-05"), ("В августе", 0, "2018-08"), ("В июле", 0, "2018-07")],
    "ryanair/raw/ru/ryan-ru_file_178.txt": [
        ("в феврале", None, "2018-02"), ("на 5 февраля", 0, "2018-02-05"), ("в марте 2018 года", 0, "2018-03"),
        ("В конце сентября 2017 года", 0, "2017-09-21/2017-09-30"),
        ("с 17 ноября по 18 марта", 0, "2017-11-17/2018-03-18")],
    "nord_stream/raw/ru/nord_stream_ru.txt_file_9.txt": [
        ("2 августа 2017 года", 0, "2017-08-02"), ("в марте 2014 года", 0, "2014-03"), ("в 2005 году", 0, "2005"),
        ("В 2015 году", 0, "2015"), ("27 октября 2017 года", 0, "2017-10-27"),
        ("31 декабря 2017 года", 0, "2017-12-31"), ("Евразии 2017 года", 0, "2017")],
    "brexit/raw/ru/brexit_ru.txt_file_105.txt": [
        ("на прошлой неделе", 0, "2018-W27"), ("в воскресенье", 0, "2018-07-08"), ("В понедельник", None, "2018-07-09"),
        ("в пятницу", 0, "2018-07-06"), ("в четверг", 0, "2018-07-12"), ("12 июля", 0, "2018-07-12"),
        ("в июле 2016 года", 0, "2016-07"), ("В воскресенье", 0, "2018-07-08"), ("в пятницу", 1, "2018-07-06"),
        ("9 июля 2018 г.", 0, "2018-07-09"), ("29 марта 2019 года", 0, "2019-03-29")],
    "asia_bibi/raw/ru/asia_bibi_ru.txt_file_163.txt": [
        ("11.11.2018", 0, "2018-11-11"), ("в ночь на воскресенье, 11 ноября", 0, "2018-11-10/2018-11-11"),
        ("В июне 2009 года", 0, "2009-06"), ("В конце октября", 0, "2018-10-21/2018-10-31")],
}
SHARED_TASK = HERE.parents[3] / "shared" / "data" / "bsnlp" / "shared-task"
# Where the surface carries context words only to pick the occurrence, the expression itself.
TRIM = {"на саміті ЄС 25 листопада": "25 листопада", "затвердити 25 листопада": "25 листопада",
        "Евразии 2017 года": "2017 года"}


def spans(text: str, surface: str, occurrence: int | None) -> list[tuple[int, int]]:
    found = [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text)]
    if not found:
        raise ValueError(f"not found: {surface!r}")
    chosen = found if occurrence is None else [found[occurrence]]
    inner = TRIM.get(surface)
    if inner:
        chosen = [(s + surface.index(inner), s + surface.index(inner) + len(inner)) for s, _ in chosen]
    return chosen


def build(with_text: bool = False) -> list[dict]:
    out = []
    for i, line in enumerate(SHARED.read_text(encoding="utf-8").splitlines()):
        doc = json.loads(line)
        times = [{"start": s, "end": e, "value": v} for surface, occ, v in ANNOTATION.get(i, [])
                 for s, e in spans(doc["text"], surface, occ)]
        record = {"id": doc["id"], "published": doc["published"], "times": sorted(times, key=lambda t: t["start"])}
        if with_text:
            record["text"] = doc["text"]
        out.append(record)
    return out


def build_ru(with_text: bool = False) -> list[dict]:
    out = []
    for path, annotation in RU_ANNOTATION.items():
        text = (SHARED_TASK / path).read_text(encoding="utf-8")
        times = [{"start": s, "end": e, "value": v} for surface, occ, v in annotation
                 for s, e in spans(text, surface, occ)]
        record = {"id": path, "language": "ru", "published": text.split("\n")[2].strip(),
                  "times": sorted(times, key=lambda t: t["start"])}
        if with_text:
            record["text"] = text
        out.append(record)
    return out


def main(argv: list[str]) -> int:
    ru = "--ru" in argv
    if "--gold" in argv:
        target = Path(argv[argv.index("--gold") + 1])
        docs = build_ru(with_text=True) if ru else build(with_text=True)
    else:
        target = HERE / ("dev-offsets-ru.jsonl" if ru else "dev-offsets.jsonl")
        docs = build_ru() if ru else build()
    target.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    sys.stderr.write(f"{sum(len(d['times']) for d in docs)} expressions in {len(docs)} documents -> {target}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
