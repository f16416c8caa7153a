"""Event types on self-written sentences, through the whole default pipeline (figures as floors).

Run as a script for the figures: .venv/bin/python tests/test_events_gold.py
"""
from __future__ import annotations

import collections

import pytest

PUBLISHED = "2022-12-18"
# (language, sentence, expected event types); written for Vezha, each a plain news sentence.
GOLD: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("uk", "Вчора російські війська обстріляли Харків ракетами.", ("strike",)),
    ("uk", "У Мінську Путін і Лукашенко провели переговори 19 грудня.", ("meeting",)),
    ("uk", "ЗСУ звільнили Херсон 11 листопада 2022 року.", ("territory",)),
    ("uk", "Євросоюз запровадив нові санкції проти Росії.", ("sanctions",)),
    ("uk", "Росія оголосила часткову мобілізацію 21 вересня.", ("mobilisation",)),
    ("uk", "Окупанти перекинули до Бахмута нові підрозділи.", ("movement",)),
    ("uk", "Запеклі бої тривають біля Авдіївки.", ("battle",)),
    ("uk", "Росія 24 лютого 2022 року розпочала повномасштабне вторгнення в Україну.", ("invasion",)),
    ("uk", "Зеленський зустрівся з Байденом у Вашингтоні.", ("meeting",)),
    ("uk", "Вночі ворог атакував Одесу дронами.", ("strike",)),
    ("uk", "Прем'єр-міністр Польщі відвідав Київ.", ("meeting",)),
    ("uk", "Погода в Києві сьогодні сонячна.", ()),
    ("uk", "Компанія оголосила про нові рейси до Львова.", ("statement",)),
    ("uk", "Вибух пролунав у Бєлгороді.", ("strike",)),
    ("uk", "ЗСУ завдали удару по складу боєприпасів у Мелітополі.", ("strike",)),
    ("uk", "Рада ЄС погодила шостий пакет санкцій.", ("sanctions",)),
    ("uk", "Делегації України та Росії зустрілися в Стамбулі.", ("meeting",)),
    ("uk", "Ворог окупував Маріуполь у травні.", ("territory",)),
    ("uk", "Генштаб повідомив про обстріли Сум.", ("strike",)),
    ("uk", "Війська відвели з правого берега Дніпра.", ("movement",)),
    ("uk", "Міністр оборони Резніков заявив, що Україна отримає танки.", ("statement",)),
    ("uk", "Лукашенко не планує нападати на Україну.", ()),
    ("ru", "Вчера ВСУ отразили штурм под Бахмутом.", ("battle",)),
    ("ru", "Россия перебросила в Белоруссию новые войска.", ("movement",)),
    ("ru", "США ввели новые санкции против российских банков.", ("sanctions",)),
    ("ru", "В Минске прошла встреча министров обороны.", ("meeting",)),
    ("ru", "Армия обстреляла Херсон из артиллерии.", ("strike",)),
    ("ru", "Путин заявил о частичной мобилизации.", ("mobilisation",)),
    ("ru", "Российские войска захватили Северодонецк.", ("territory",)),
    ("ru", "Зеленский посетил Бахмут.", ("meeting",)),
)


def figures(pipeline, resources) -> dict:
    from vezha.model import Article
    tp = fp = fn = 0
    misses = []
    for i, (lang, text, expected) in enumerate(GOLD):
        doc = pipeline(Article(f"e{i}", text, "gold", published=PUBLISHED, language=lang), resources)
        got = collections.Counter(e.type for e in doc.events)
        want = collections.Counter(expected)
        tp += sum((got & want).values())
        fp += sum((got - want).values())
        fn += sum((want - got).values())
        if got != want:
            misses.append(f"{text} -> {sorted(got.elements())}, expected {sorted(want.elements())}")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"sentences": len(GOLD), "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0, "misses": misses}


def test_event_types_on_self_written_sentences(pipeline, resources):
    result = figures(pipeline, resources)
    assert result["precision"] >= 0.85, result["misses"]
    assert result["recall"] >= 0.85, result["misses"]


if __name__ == "__main__":
    import json
    from vezha.pipeline import default_pipeline, load_resources
    from vezha.settings import load_settings
    pipe = default_pipeline()
    print(json.dumps(figures(pipe, load_resources(load_settings(env={}), pipe.resources)), ensure_ascii=False, indent=1))
