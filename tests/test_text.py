"""Text clean-up shared by the stages: folding, line-wrap hyphens, words broken in narrow columns."""
import pytest

from normalizers.text import fold, join_broken_words

S = "\u00ad"   # the extractor's mark: this line end may cut a word


@pytest.mark.parametrize("text,expected", [
    ("образовательн" + S + "\nых результатах", "образовательных результатах"),
    ("Отве" + S + "\nтстве" + S + "\nнны" + S + "\nй", "Ответственный"),
    ("Исполните" + S + "\nли", "Исполнители"),
    ("ведение совместной деятельност" + S + "\nи с партнерами", "ведение совместной деятельности с партнерами"),
    # a whole word that happened to fill its line: the pieces make no word, the break stays
    ("профориентационной" + S + "\nработы", "профориентационной\nработы"),
    ("без отметок\nвовсе", "без отметок\nвовсе"),
])
def test_join_broken_words(text, expected):
    assert join_broken_words(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("  Создание и\nдеятельность  рабочей группы ", "Создание и деятельность рабочей группы"),
    ("август-\nсентябрь 2022", "август-сентябрь 2022"),
    ("21.03–\n27.03.2022", "21.03–27.03.2022"),
    ("июнь –\nавгуст", "июнь – август"),
    ("Итоговый мониторинг –\nиюнь 2023", "Итоговый мониторинг – июнь 2023"),
    ("закрепляющи" + S + "\nе результат", "закрепляющие результат"),
    ("", ""),
])
def test_fold(text, expected):
    assert fold(text) == expected
