"""Edit a landed extract the way a department's corrected re-delivery would."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pandas as pd

from orchestration.lib.landing.decoding import to_utf8


def read_extract(path: Path) -> tuple[pd.DataFrame, str]:
    data = path.read_bytes()
    encoding, utf8 = to_utf8(data, path.name)
    frame = pd.read_csv(io.BytesIO(utf8 or data), dtype=str, keep_default_na=False)
    return frame, encoding


def write_extract(path: Path, frame: pd.DataFrame, encoding: str) -> None:
    text = frame.to_csv(index=False, lineterminator="\n")
    path.write_bytes(text.encode("gb18030" if encoding == "gb18030" else "utf-8"))
    (path.parent / "_manifest.json").unlink(missing_ok=True)  # the re-delivery has none


def member_ids(landing: Path, month: str, roster_household: str) -> set[str]:
    members, _ = read_extract(landing / "rural_revitalization" / month / "members.csv")
    return set(members.loc[members["户编号"] == roster_household, "身份证号"].str.upper())


def correct_oop(landing: Path, month: str, roster_household: str, oop: str = "1000.00") -> None:
    """The medical department re-delivers a month with a household's OOP corrected to the
    usual amount (the spike it reported was a data-entry error); totals stay consistent."""
    path = landing / "medical_insurance" / month / "settlements.csv"
    frame, encoding = read_extract(path)
    theirs = frame["身份证号"].str.upper().isin(member_ids(landing, month, roster_household))
    assert theirs.any(), f"{roster_household} has no settlement in {month}"
    frame.loc[theirs, "个人自付"] = oop
    payers = sum(
        frame.loc[theirs, c].astype(float) for c in ("统筹基金支付", "大病保险支付", "医疗救助支付")
    )
    frame.loc[theirs, "医疗总费用"] = (payers + float(oop)).map("{:.2f}".format)
    write_extract(path, frame, encoding)


def drop_roster_household(landing: Path, month: str) -> str:
    """The rural department re-delivers a month's roster without its first household (and
    its members): whoever was last seen there is now last seen a month earlier. Its 户编号."""
    folder = landing / "rural_revitalization" / month
    households, encoding = read_extract(folder / "households.csv")
    dropped = households["户编号"].iloc[0]
    write_extract(folder / "households.csv", households[households["户编号"] != dropped], encoding)
    members, encoding = read_extract(folder / "members.csv")
    write_extract(folder / "members.csv", members[members["户编号"] != dropped], encoding)
    return dropped


def spike_in_the_middle(warehouse: Path, first: str, last: str) -> tuple[str, str]:
    """A roster household with a MEDICAL_SPIKE between two months: (month, 户编号)."""
    with duckdb.connect(str(warehouse / "analytics.duckdb"), read_only=True) as con:
        con.execute(f"attach '{warehouse / 'restricted.duckdb'}' as restricted (read_only)")
        return con.execute(
            """
            select warnings.month, identity.source_household_id
            from monitoring.early_warnings as warnings
            inner join restricted.household_identity as identity using (household_key)
            where warnings.rule_code = 'MEDICAL_SPIKE' and identity.source = 'rural_revitalization'
              and warnings.month between ? and ?
            order by warnings.month desc, identity.source_household_id limit 1
            """,
            [first, last],
        ).fetchone()
