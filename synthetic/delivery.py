"""The run's deliveries: every source-month folder gets its files (faults injected, columns
ordered, encoded) and a manifest, while the run's totals are kept for the summary."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import faults as fault_module
from .monthly import Table
from .vocab import SOURCE_FILES
from .world import World
from .writer import column_order, csv_text, encode, encoding_for, write_file, write_manifest


class Delivery:
    def __init__(
        self,
        out_dir: Path,
        world: World,
        seed: int,
        dirty_rate: float,
        missing: tuple[str, int, str] | None,
    ):
        self.out_dir, self.world, self.seed = out_dir, world, seed
        self.dirty_rate, self.missing = dirty_rate, missing
        self.faults: list[dict] = []
        self.rows: dict[str, int] = {source: 0 for source in SOURCE_FILES}
        self.encodings: dict[str, int] = {}
        self.files_written = 0
        # members.csv is the same every month: a clean run converts it to CSV once per order.
        self._members_cache: dict[tuple[str, ...], bytes] = {}

    def write_month(self, t: int, tables: dict[str, list[Table]]) -> None:
        for source, source_tables in tables.items():
            month = self.world.months[t]
            folder = self.out_dir / source / month
            manifest = {}
            for k, table in enumerate(source_tables):
                order = self._damage(source, t, k, table)
                encoding = encoding_for(source, table.name, month)
                data = encode(self._text(table, order), encoding)
                digest = write_file(folder / table.name, data)
                manifest[table.name] = {"rows": table.n_rows, "sha256": digest}
                self.rows[source] += table.n_rows
                self.encodings[encoding] = self.encodings.get(encoding, 0) + 1
                self.files_written += 1
            write_manifest(folder, manifest)

    def _damage(self, source: str, t: int, k: int, table: Table) -> tuple[str, ...]:
        """The header to write, after this run's faults: the one file that lacks a column, or
        row faults injected into ``table`` in place (dirty runs only)."""
        month = self.world.months[t]
        order = column_order(table.name, month)
        missing = self.missing
        if missing and missing[0] == source and missing[1] == t:
            self.faults.append(
                {
                    "kind": "missing_column",
                    "source": source,
                    "month": month,
                    "file": table.name,
                    "row_number": None,
                    "expected_check": "missing_column",
                    "column": missing[2],
                }
            )
            return tuple(c for c in order if c != missing[2])
        if self.dirty_rate > 0:
            rng = np.random.default_rng([self.seed, 21, t, list(SOURCE_FILES).index(source), k])
            starts = self.world.month_starts
            self.faults.extend(
                fault_module.inject(
                    rng, table, source, month, starts[t], starts[t + 1], self.dirty_rate
                )
            )
        return order

    def _text(self, table: Table, order: tuple[str, ...]) -> bytes:
        if table.name != "members.csv" or self.dirty_rate != 0:
            return csv_text(table, order)
        text = self._members_cache.get(order)
        if text is None:
            text = self._members_cache[order] = csv_text(table, order)
        return text
