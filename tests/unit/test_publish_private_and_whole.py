"""Publish writes restricted data private from the first byte, and both files or neither;
a warehouse folder from before is closed to others at the start of a run."""

from __future__ import annotations

import os
import shutil
import stat

import duckdb
import pytest
from test_publish import make_build

from orchestration.lib.publish import publisher
from orchestration.lib.publish.file_modes import make_private
from orchestration.lib.publish.publisher import PublishRefused, publish, publish_interrupted


def built(folder):
    """A build database of three months, and where its two published files go."""
    make_build(folder / "build.duckdb", 3)
    return folder / "build.duckdb", folder / "analytics.duckdb", folder / "restricted.duckdb"


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    previous = os.umask(0o022)  # a careless shell's umask
    yield
    os.umask(previous)


def test_restricted_temporary_is_private_while_it_is_written(tmp_path, open_umask):
    build = tmp_path / "build.duckdb"
    make_build(build, 3)
    seen = {}

    def progress(line: str) -> None:
        for path in tmp_path.glob(".*.tmp*"):
            seen[path.name] = mode(path)

    publish(build, tmp_path / "analytics.duckdb", tmp_path / "restricted.duckdb", progress=progress)
    assert any(name.startswith(".restricted.duckdb.") for name in seen)
    assert {name: oct(m) for name, m in seen.items() if m & 0o077} == {}
    assert mode(tmp_path / "restricted.duckdb") == 0o600
    assert mode(tmp_path / "analytics.duckdb") == 0o644


def test_a_publish_stopped_between_the_two_moves_is_detected_and_the_next_repairs(
    tmp_path, monkeypatch
):
    build, analytics, restricted = built(tmp_path)
    publish(build, analytics, restricted)
    assert not publish_interrupted(analytics, restricted)

    move = publisher._move_into_place

    def killed_before_analytics(staging_file, target):
        if target == analytics:
            raise KeyboardInterrupt  # stands in for the kill
        move(staging_file, target)

    monkeypatch.setattr(publisher, "_move_into_place", killed_before_analytics)
    with pytest.raises(KeyboardInterrupt):
        publish(build, analytics, restricted)
    assert publish_interrupted(analytics, restricted)
    monkeypatch.undo()
    publish(build, analytics, restricted)
    assert not publish_interrupted(analytics, restricted)
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_file_put_back_by_hand_or_missing_counts_as_interrupted(tmp_path):
    build, analytics, restricted = built(tmp_path)
    publish(build, analytics, restricted)
    saved = tmp_path / "saved.duckdb"
    shutil.copy2(restricted, saved)
    publish(build, analytics, restricted)
    shutil.copy2(saved, restricted)  # the previous restricted.duckdb, its own time kept
    assert publish_interrupted(analytics, restricted)
    restricted.unlink()
    assert publish_interrupted(analytics, restricted)


def test_a_refused_publish_replaces_neither_file(tmp_path):
    build, analytics, restricted = built(tmp_path)
    publish(build, analytics, restricted)
    before = (analytics.stat().st_ino, restricted.stat().st_ino)
    build.unlink()
    make_build(build, 7, leak=True)
    with pytest.raises(PublishRefused):
        publish(build, analytics, restricted)
    assert (analytics.stat().st_ino, restricted.stat().st_ino) == before
    assert not publish_interrupted(analytics, restricted)
    assert not list(tmp_path.glob(".*.tmp"))


def test_make_private_closes_an_older_warehouse_but_not_what_analysts_read(tmp_path, open_umask):
    warehouse, outside = tmp_path / "warehouse", tmp_path / "outside.txt"
    (warehouse / "logs").mkdir(parents=True)
    (warehouse / "data_docs" / "validations").mkdir(parents=True)
    outside.write_text("not ours")
    for name in ("build.duckdb", "logs/run.log", "analytics.duckdb", "data_docs/index.html"):
        (warehouse / name).write_text("x")
    (warehouse / "link").symlink_to(outside)
    make_private(warehouse)
    try:
        assert mode(warehouse) == 0o711
        assert mode(warehouse / "build.duckdb") == 0o600
        assert mode(warehouse / "logs") == 0o700
        assert mode(warehouse / "logs" / "run.log") == 0o600
        assert mode(warehouse / "analytics.duckdb") == 0o644
        assert mode(warehouse / "data_docs" / "index.html") == 0o644
        assert mode(outside) == 0o644  # a link is never followed out of the warehouse
        (warehouse / "new.log").write_text("created by the run")
        assert mode(warehouse / "new.log") == 0o600
    finally:
        os.umask(0o022)


def test_published_files_carry_the_same_time(tmp_path):
    build = tmp_path / "build.duckdb"
    make_build(build, 3)
    publish(build, tmp_path / "analytics.duckdb", tmp_path / "restricted.duckdb")
    with duckdb.connect(str(tmp_path / "analytics.duckdb"), read_only=True) as con:
        con.execute("select 1").fetchone()  # a reader changes nothing
    assert not publish_interrupted(tmp_path / "analytics.duckdb", tmp_path / "restricted.duckdb")


def test_a_warehouse_published_before_stamps_is_not_taken_for_interrupted(tmp_path):
    """An upgrade: files of an older release (no stamp, times that differ) stay readable."""
    build, analytics, restricted = built(tmp_path)
    publish(build, analytics, restricted)
    (tmp_path / ".publish_stamp").unlink()
    os.utime(restricted, ns=(1, 1))
    assert not publish_interrupted(analytics, restricted)
    publish(build, analytics, restricted)
    os.utime(restricted, ns=(1, 1))
    assert publish_interrupted(analytics, restricted)
