"""The generated files: layout, headers, manifests, clean checks, IDs, settlements, encodings
and determinism (300 households × 18 months)."""

from __future__ import annotations

import hashlib
import json

import pytest
from landing_reader import (
    HOUSEHOLDS,
    MONTHS,
    SEEDS,
    SOURCE_FILES,
    all_files,
    cents,
    decode,
    generated,
    read_csv,
    row_faults,
)

from orchestration.lib.contract import BY_NAME
from synthetic import generate_landing
from synthetic.gb11643 import is_valid

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return generated(tmp_path_factory, 42, 0.0)


@pytest.fixture(scope="module")
def dirty(tmp_path_factory):
    return generated(tmp_path_factory, 7, 0.05)


def test_same_seed_gives_identical_bytes(clean, tmp_path):
    root, _ = clean
    generate_landing(tmp_path, HOUSEHOLDS, MONTHS, seed=42, reference_dir=SEEDS)
    assert all_files(tmp_path) == all_files(root)


def test_other_seed_gives_other_data(clean, tmp_path):
    root, _ = clean
    generate_landing(tmp_path, HOUSEHOLDS, MONTHS, seed=43, reference_dir=SEEDS)
    name = "human_resources/2025-03/employment.csv"
    assert (tmp_path / name).read_bytes() != (root / name).read_bytes()


def test_layout_and_headers(clean):
    root, summary = clean
    assert sorted(p.name for p in root.iterdir()) == sorted(
        [*SOURCE_FILES, "_faults.json", "_scenarios.json"]
    )
    for source, names in SOURCE_FILES.items():
        assert sorted(p.name for p in (root / source).iterdir()) == MONTHS
        for month in MONTHS:
            folder = root / source / month
            assert sorted(p.name for p in folder.iterdir()) == sorted([*names, "_manifest.json"])
            for name in names:
                header, rows = read_csv(folder / name)
                assert sorted(header) == sorted(BY_NAME[name].columns)
                if month[5:] != "07":
                    assert tuple(header) == BY_NAME[name].columns
                assert rows, (source, month, name)
    assert summary["files_written"] == 5 * len(MONTHS)
    assert summary["scenarios"] >= 19 and summary["faults"] == 0
    assert json.loads((root / "_faults.json").read_text()) == {"faults": []}


def test_manifests_match_the_bytes(clean, dirty):
    for root, summary in (clean, dirty):
        totals = dict.fromkeys(SOURCE_FILES, 0)
        for manifest_path in root.glob("*/*/_manifest.json"):
            manifest = json.loads(manifest_path.read_text())
            assert set(manifest) == {"files"}
            for name, entry in manifest["files"].items():
                data = (manifest_path.parent / name).read_bytes()
                assert entry["sha256"] == hashlib.sha256(data).hexdigest()
                assert entry["rows"] == len(read_csv(manifest_path.parent / name)[1])
                assert entry["rows"] == decode(data).count("\n") - 1
                totals[manifest_path.parent.parent.name] += entry["rows"]
        assert totals == summary["rows"]


def test_clean_data_passes_every_check(clean):
    root, _ = clean
    for source, names in SOURCE_FILES.items():
        for month in MONTHS:
            for name in names:
                header, rows = read_csv(root / source / month / name)
                assert row_faults(name, header, rows, month) == {}, (source, month, name)


def test_ids_valid_unique_and_consistent(clean):
    root, _ = clean
    month = MONTHS[-1]
    header, members = read_csv(root / "rural_revitalization" / month / "members.csv")
    ids = [r["身份证号"] for r in members]
    assert len(ids) == len(set(ids))
    households = {
        r["户编号"] for r in read_csv(root / "rural_revitalization" / month / "households.csv")[1]
    }
    assert {r["户编号"] for r in members} <= households
    names: dict[str, str] = {}
    for path in root.glob("*/*/*.csv"):
        for row in read_csv(path)[1]:
            assert is_valid(row["身份证号"]) if "身份证号" in row else True
            if "姓名" in row:
                assert names.setdefault(row["身份证号"], row["姓名"]) == row["姓名"]
    # The birth date is part of the ID: plausible birth years only.
    years = [int(i[6:10]) for i in ids]
    assert min(years) >= 1925 and max(years) <= 2026


def test_settlements_balance_and_stay_in_month(clean):
    root, _ = clean
    seen = set()
    for month in MONTHS:
        _, rows = read_csv(root / "medical_insurance" / month / "settlements.csv")
        for row in rows:
            payers = sum(cents(row[c]) for c in ("统筹基金支付", "大病保险支付", "医疗救助支付"))
            assert cents(row["医疗总费用"]) - payers == cents(row["个人自付"])
            assert cents(row["个人自付"]) >= 0 and payers >= 0
            assert row["结算日期"].startswith(month + "-")
            assert row["就诊类型"] in ("普通门诊", "门诊慢特病", "住院")
            assert row["结算编号"] not in seen
            seen.add(row["结算编号"])


def test_encodings(clean):
    root, summary = clean
    gb_file = root / "civil_affairs" / "2025-03" / "assistance_roll.csv"
    data = gb_file.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert data.decode("gb18030").split("\n", 1)[0] == ",".join(
        BY_NAME["assistance_roll.csv"].columns
    )
    boms = [p for p in root.glob("*/*/*.csv") if p.read_bytes().startswith(b"\xef\xbb\xbf")]
    assert boms
    assert summary["encodings"]["gb18030"] >= 9 + 6  # odd civil months + members every 3rd
