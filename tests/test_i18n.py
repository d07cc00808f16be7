import re

import pytest

from kit.i18n import catalog, translator
from kit.i18n.messages import extracted, untranslated

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_message_in_the_code_is_translated(lang):
    assert untranslated(lang) == []


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_translations_keep_their_placeholders(lang):
    table = catalog(lang)
    for message in extracted():
        if message.id and message.id in table:
            found = table[message.id]
            for source, translated in zip((message.id,) if isinstance(found, str) else message.id,
                                          (found,) if isinstance(found, str) else found):
                assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(source)), message.id


def test_the_three_languages_differ_where_people_see_them():
    assert {translator(lang)("Save") for lang in ("fi", "sv", "en")} == {"Tallenna", "Spara", "Save"}


def test_an_unknown_language_falls_back_to_finnish():
    assert translator("de")("Save") == "Tallenna"
