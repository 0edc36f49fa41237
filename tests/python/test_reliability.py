"""Hostile input never kills the interpreter (a notebook's kernel), and saves refuse what is not a file."""
import os
import zlib

import pytest

import grantfolio

TRAILER = b"\ngrantfolio-crc32 "


def reseal(body: bytes) -> bytes:
    return body + TRAILER + b"%08x\n" % zlib.crc32(body)


def test_an_xml_archive_without_its_closing_tag_raises_instead_of_aborting(tmp_path):
    path = tmp_path / "caaht.xml"
    grantfolio.datasets.caaht_2006().save(str(path), format="xml")
    data = path.read_bytes()
    body = data[:data.rfind(TRAILER)]
    # The checksum re-sealed, so the archive reader itself meets the missing tag; before the fix
    # Boost threw from the archive's destructor and the process ended with SIGABRT.
    path.write_bytes(reseal(body[:body.rfind(b"</boost_serialization>")]))
    with pytest.raises(grantfolio.Error, match="closing </boost_serialization> tag"):
        grantfolio.read(path)
    path.write_bytes(reseal(body + b"<junk"))
    with pytest.raises(grantfolio.Error, match="unexpected content after the programme"):
        grantfolio.read(path)


def test_text_that_is_not_utf8_is_refused_where_it_stands(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_bytes(b'<?xml version="1.0"?>\n<iati-activities version="2.03">\n  <iati-activity>\xff</iati-activity>\n'
                     b"</iati-activities>\n")
    with pytest.raises(grantfolio.ParseError) as e:
        grantfolio.read(path)
    assert (e.value.line, e.value.column) == (3, 18)


def test_a_save_replaces_only_a_regular_file(tmp_path):
    p = grantfolio.datasets.caaht_2006()
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(grantfolio.Error, match="it is a directory"):
        p.save(str(folder), format="json")
    assert folder.is_dir() and not any(folder.iterdir())
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(grantfolio.Error, match="it is a FIFO"):
        p.save(str(fifo), format="xml")
    target = tmp_path / "target.bin"
    link = tmp_path / "link.bin"
    link.symlink_to("target.bin")
    p.save(str(link))
    assert link.is_symlink() and grantfolio.read(target) == p


def test_every_hostile_seed_raises_a_grantfolio_error_with_its_place():
    # The hostile cases (tests/fuzz/make_hostile_seeds.py), read as a notebook would.
    root = os.path.join(os.path.dirname(__file__), "..", "fuzz", "regressions")
    seen = 0
    for target in ("archive", "json", "giving360", "iati", "source"):
        folder = os.path.join(root, target)
        for name in sorted(os.listdir(folder)):
            if not name.startswith("hostile-"):
                continue
            path = os.path.join(folder, name)
            with pytest.raises(grantfolio.Error) as e:
                grantfolio.read(path)
            assert path in str(e.value), str(e.value)
            seen += 1
    assert seen >= 15


def test_a_damaged_pickle_raises_instead_of_crashing():
    import pickle
    data = pickle.dumps(grantfolio.datasets.caaht_2006())
    for cut in (len(data) // 3, len(data) // 2, len(data) - 40):
        with pytest.raises((grantfolio.Error, pickle.UnpicklingError, EOFError)):
            pickle.loads(data[:cut])
