"""Output files are written whole or not at all (caretrack.io.output)."""

import os
import stat

import pytest

from caretrack.io import output


def test_a_failed_write_leaves_the_old_file_and_nothing_else(tmp_path):
    path = tmp_path / "validation.csv"
    path.write_text("the last complete report\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="disk full"), output.replacing(path) as f:
        f.write("half of a new rep")
        raise RuntimeError("disk full")
    assert path.read_text(encoding="utf-8") == "the last complete report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["validation.csv"]


def test_a_new_file_is_written_whole_in_its_new_folder_with_the_umasks_permissions(tmp_path):
    path = tmp_path / "reports" / "index.html"
    output.write_text(path, "<p>£ 1\n2</p>")
    assert path.read_bytes() == "<p>£ 1\n2</p>".encode("utf-8")  # UTF-8, newlines as given
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask  # not the temporary file's 0600
    assert sorted(p.name for p in path.parent.iterdir()) == ["index.html"]


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"old")
    path.chmod(0o640)
    with output.replacing(path, text=False) as f:
        f.write(b"%PDF-new")
    assert path.read_bytes() == b"%PDF-new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_link_is_written_through_and_a_device_written_to(tmp_path):
    """Renaming over `--out /dev/stdout` would replace the device with a file, and over
    a symbolic link would replace the link: both are written as an ordinary write would."""
    target = tmp_path / "shared" / "report.csv"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "latest.csv"
    link.symlink_to(target)
    output.write_text(link, "new")
    assert link.is_symlink() and target.read_text() == "new"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        output.write_text(fifo, "through the pipe")
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
