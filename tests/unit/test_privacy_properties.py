"""Property: however a delivered file is damaged, what the landing step says about it (the
outcome message and the load ledger) never quotes an ID number or a name from the file."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from landing_files import employment_row, make_id, member_row, write_extract

from orchestration.lib.landing.loader import load_source_month

IDS = [make_id(f"4306241980{n:07d}") for n in range(1, 6)]
NAMES = ["欧阳娜娜", "司马光明", "诸葛亮亮", "上官婉儿", "东方不败"]

damage = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0.0, 1.0)),
    st.tuples(st.just("insert"), st.floats(0.0, 1.0), st.binary(min_size=1, max_size=40)),
    st.tuples(st.just("flip"), st.floats(0.0, 1.0), st.integers(0, 255)),
    st.tuples(st.just("drop_header_cell"), st.integers(0, 7)),
)


def damaged(data: bytes, how: tuple) -> bytes:
    kind, *args = how
    position = int(args[0] * len(data)) if kind != "drop_header_cell" else 0
    if kind == "truncate":
        return data[:position]
    if kind == "insert":
        return data[:position] + args[1] + data[position:]
    if kind == "flip":
        return data[:position] + bytes([args[1]]) + data[position + 1 :]
    header, _, rest = data.partition(b"\n")
    cells = header.split(b",")
    del cells[args[0] % len(cells)]
    return b",".join(cells) + b"\n" + rest


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    how=damage,
    encoding=st.sampled_from(["utf-8", "gb18030"]),
    source=st.sampled_from(["human_resources", "rural_revitalization"]),
)
def test_landing_messages_never_quote_ids_or_names(how, encoding, source):
    with tempfile.TemporaryDirectory() as tmp:
        landing = Path(tmp)
        if source == "human_resources":
            path = write_extract(
                landing,
                source,
                "2026-03",
                "employment.csv",
                [employment_row("2026-03", i) for i in IDS],
                encoding=encoding,
            )
        else:
            path = write_extract(
                landing,
                source,
                "2026-03",
                "members.csv",
                [member_row("H1", i, n) for i, n in zip(IDS, NAMES, strict=True)],
                encoding=encoding,
            )
        path.write_bytes(damaged(path.read_bytes(), how))
        with duckdb.connect(str(landing / "build.duckdb")) as con:
            outcomes = load_source_month(con, landing, source, "2026-03", "key")
            ledger = con.execute("select coalesce(message, '') from raw.load_ledger").fetchall()
    said = " ".join(o.message for o in outcomes) + " ".join(m for (m,) in ledger)
    assert not [secret for secret in IDS + NAMES if secret[:17] in said or secret in said]
