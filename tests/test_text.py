"""Text clean-up shared by the stages: folding, line-wrap hyphens, words broken in narrow columns."""
import pytest

from normalizers.text import fold, join_broken_words

S = "|"   # in these examples: a line end the extractor found may cut a word (Cell.cuts)


def _cut(marked: str) -> tuple[str, tuple[int, ...]]:
    """An example written with S before a line break → its text and its cuts."""
    text, cuts = "", []
    for piece in marked.split(S):
        text += piece
        cuts.append(len(text))
    return text, tuple(cuts[:-1])


@pytest.mark.parametrize("text,expected", [
    ("образовательн" + S + "\nых результатах", "образовательных результатах"),
    ("Отве" + S + "\nтстве" + S + "\nнны" + S + "\nй", "Ответственный"),
    ("Исполните" + S + "\nли", "Исполнители"),
    ("ведение совместной деятельност" + S + "\nи с партнерами", "ведение совместной деятельности с партнерами"),
    # a whole word that happened to fill its line: the pieces make no word, the break stays
    ("профориентационной" + S + "\nработы", "профориентационной\nработы"),
    ("без отметок\nвовсе", "без отметок\nвовсе"),
    # punctuation after the broken word stays after the joined word
    ("Отчетная документац" + S + "\nия, согласно", "Отчетная документация, согласно"),
    ("образовательн" + S + "\nых).", "образовательных)."),
    # «X и Y» with Y agreeing with X, not with «Xи»: a conjunction of its own, though
    # «федеральными» is a word too; a single-letter rest is part of the word otherwise
    ("федеральным" + S + "\nи краевым", "федеральным\nи краевым"),
    ("сообществам" + S + "\nи, имеющими", "сообществами, имеющими"),
    ("результатам" + S + "\nи и школы", "результатами и школы"),
    ("образовательным" + S + "\nи результатами", "образовательными результатами"),
    ("Осуществлен" + S + "\nо партнерское", "Осуществлено партнерское"),
    ("мониторинг" + S + "\nа представлен" + S + "\nа на", "мониторинга представлена на"),
    ("значительны" + S + "\nе наработки", "значительные наработки"),
    # a known prefix and a dictionary word
    ("самодиагност" + S + "\nики,", "самодиагностики,"),
    # a word the dictionary does not know: joined only when its first piece filled a
    # line alone and is no word itself
    ("стажировочн" + S + "\nых площадок", "стажировочных площадок"),
    ("анонимизиро" + S + "\nванных", "анонимизированных"),
    ("метапредметных" + S + "\nрезультатов", "метапредметных\nрезультатов"),
    ("работа стажировочн" + S + "\nых", "работа стажировочн\nых"),
    # an opening bracket or quote before the piece leaves it alone on its line
    ("(анонимизирова" + S + "\nнных) данных", "(анонимизированных) данных"),
    ("«стажировочн" + S + "\nых» площадок", "«стажировочных» площадок"),
    # a narrow column (a portrait page, a 12 pt font) breaks nearly every word: a one-letter
    # rest ends a word unless it is a word itself; the shortest run of pieces that makes a
    # known word wins over a longer unknown one; a piece that starts a known word with the
    # next line is not glued to the line before it
    ("стажировочны" + S + "\nх площадок", "стажировочных площадок"),
    ("стажировочн" + S + "\nи площадки", "стажировочн\nи площадки"),
    ("профессио" + S + "\nнального" + S + "\nмастерства", "профессионального\nмастерства"),
    ("тьюторского" + S + "\nсопровожде" + S + "\nния", "тьюторского\nсопровождения"),
    ("стажерских" + S + "\nплощадок и", "стажерских\nплощадок и"),
    # a hyphenated compound is not one dictionary word: the break stays
    ("школ" + S + "\nы-интернаты", "школ\nы-интернаты"),
    ("закрепляющи" + S + "\nе результат", "закрепляющие результат"),
    # an abbreviation broken in capitals: joined when the glossary knows it, or the
    # dictionary knows the word in capitals; else the break stays
    ("Директор ШНР" + S + "\nО и ШНС" + S + "\nУ", "Директор ШНРО и ШНСУ"),
    ("ЕЖЕКВАРТАЛЬ" + S + "\nНО", "ЕЖЕКВАРТАЛЬНО"),
    ("МБО" + S + "\nУ СОШ", "МБОУ СОШ"),
    ("ХЫЗ" + S + "\nФ отдел", "ХЫЗ\nФ отдел"),
])
def test_join_broken_words(text, expected):
    assert join_broken_words(*_cut(text)) == expected


def test_a_soft_hyphen_typed_in_a_text_is_dropped_and_never_a_cut():
    """Word's soft hyphen (U+00AD) only says where Word may hyphenate: folding drops it; a
    possible cut is only what the extractor gives in `cuts`."""
    assert fold("образо\u00adвательных резуль\u00adтатах") == "образовательных результатах"
    assert join_broken_words("образовательн\nых", ()) == "образовательн\nых"
    assert join_broken_words("образовательн\nых", (13,)) == "образовательных"


@pytest.mark.parametrize("text,expected", [
    ("  Создание и\nдеятельность  рабочей группы ", "Создание и деятельность рабочей группы"),
    ("август-\nсентябрь 2022", "август-сентябрь 2022"),
    ("21.03–\n27.03.2022", "21.03–27.03.2022"),
    ("июнь –\nавгуст", "июнь – август"),
    ("Итоговый мониторинг –\nиюнь 2023", "Итоговый мониторинг – июнь 2023"),
    ("Зубарева Л.Ф., директор СОШ\n.", "Зубарева Л.Ф., директор СОШ."),
    ("(в т.ч. ШНОР\n), отчет", "(в т.ч. ШНОР), отчет"),
    ("Зубарева Л.Ф.\n, директор", "Зубарева Л.Ф., директор"),
    ("Отдел образования\n.Рабочая группа", "Отдел образования .Рабочая группа"),
    ("", ""),
])
def test_fold(text, expected):
    assert fold(text) == expected
