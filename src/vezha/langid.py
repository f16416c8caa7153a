"""Language identification: uk, ru, en or other, per article and per paragraph.

Cheap decisive rules first (rules are data): Ukrainian-only letters (і ї є ґ) without
Russian-only ones (ы э ё) mean ``uk``, and the reverse ``ru``. ``ъ`` is left out of the
Russian set on purpose: it is Bulgarian's commonest vowel letter. Everything else goes to
lingua, restricted to a few languages (uk, ru, en, be, bg, pl, de, fr) so that Ukrainian and
Russian are told apart well on short paragraphs; be, bg, pl, de and fr come back as ``other``.
Loading preloads only those models: 1-2 s and about 280 MB resident (measured with
``/usr/bin/time``; the import alone is 16 MB).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from .errors import ModelError
from .settings import Settings

__all__ = ["LangId", "load_langid", "LANGUAGE_RULES", "LINGUA_LANGUAGES", "adapt_lingua"]

LINGUA_LANGUAGES = ("UKRAINIAN", "RUSSIAN", "ENGLISH", "BELARUSIAN", "BULGARIAN", "POLISH",
                    "GERMAN", "FRENCH")
OURS = {"UKRAINIAN": "uk", "RUSSIAN": "ru", "ENGLISH": "en"}

UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
RU_ONLY = re.compile(r"[ыэёЫЭЁ]")
BE_ONLY = re.compile(r"[ўЎ]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
MIN_LETTERS = 2


def rule_no_letters(text: str) -> str | None:
    return "other" if len(CYRILLIC.findall(text)) + len(LATIN.findall(text)) < MIN_LETTERS else None


def rule_belarusian_letter(text: str) -> str | None:
    return "other" if BE_ONLY.search(text) and _cyrillic_script(text) else None


def rule_ukrainian_letters(text: str) -> str | None:
    cyr = _cyrillic_script(text)
    return "uk" if cyr and UK_ONLY.search(text) and not RU_ONLY.search(text) else None


def rule_russian_letters(text: str) -> str | None:
    cyr = _cyrillic_script(text)
    return "ru" if cyr and RU_ONLY.search(text) and not UK_ONLY.search(text) else None


def _cyrillic_script(text: str) -> bool:
    return len(CYRILLIC.findall(text)) > len(LATIN.findall(text))


LANGUAGE_RULES: tuple[tuple[str, Callable[[str], str | None]], ...] = (
    ("no_letters", rule_no_letters),
    ("belarusian_letter", rule_belarusian_letter),
    ("ukrainian_letters", rule_ukrainian_letters),
    ("russian_letters", rule_russian_letters),
)


def adapt_lingua(language: Any) -> str:
    """A lingua ``Language`` (or None) as one of uk, ru, en, other."""
    return OURS.get(getattr(language, "name", ""), "other")


@dataclass(frozen=True, slots=True)
class LangId:
    """Language identifier: ``detect(text)`` → uk, ru, en or other; ``explain`` also names the rule."""
    detector: Any

    def explain(self, text: str) -> tuple[str, str]:
        for name, rule in LANGUAGE_RULES:
            found = rule(text)
            if found:
                return found, name
        return adapt_lingua(self.detector.detect_language_of(text)), "lingua"

    def detect(self, text: str) -> str:
        return self.explain(text)[0]


def load_langid(settings: Settings | None = None) -> LangId:
    """Build the lingua detector for the few languages Vezha tells apart, models preloaded."""
    try:
        from lingua import Language, LanguageDetectorBuilder
        languages = [getattr(Language, name) for name in LINGUA_LANGUAGES]
        builder = LanguageDetectorBuilder.from_languages(*languages)
        return LangId(builder.with_preloaded_language_models().build())
    except (ImportError, AttributeError, OSError) as exc:
        raise ModelError(f"lingua language models could not be loaded: {exc}", code="V401",
                         source="lingua") from exc
