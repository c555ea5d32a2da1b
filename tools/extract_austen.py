"""Write Jane Austen's six novels to ``data/language/austen_novels.txt`` from Debian's ``r-cran-janeaustenr``.

The tiny language models of lesson 02 need more real prose than *Lady Susan* (about 23,000 words). Debian's
package ``r-cran-janeaustenr`` (1.0.0-1, MIT; the texts are Project Gutenberg's, public domain) ships the six
completed novels, about 717,000 words, as character vectors in R's lazy-load database. This script fetches
the package without installing it or R (``apt-get download``), reads the vectors with a small parser of R's
serialisation format (XDR, version 2 or 3: a STRSXP of CHARSXP lines), and writes one plain-text file. It
was run once; its output is committed, so nobody needs apt or R to run the lessons.

    python -m tools.extract_austen            # needs apt-get (Debian/Ubuntu) and network to the package mirror
"""

from __future__ import annotations

import gzip
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "language" / "austen_novels.txt"
PACKAGE = "r-cran-janeaustenr"
DATA = "usr/lib/R/site-library/janeaustenr/data"
STRSXP = 16


def _blobs(rdb: bytes) -> list[bytes]:
    """The objects of an R lazy-load database: each is a 4-byte length and a zlib stream."""
    out, offset = [], 0
    while offset < len(rdb):
        stream = zlib.decompressobj()
        out.append(stream.decompress(rdb[offset + 4:]))
        offset = len(rdb) - len(stream.unused_data)
    return out


def _strings(blob: bytes) -> list[str]:
    """A serialised character vector (R's XDR format) as a list of str; NA becomes ''."""
    if blob[:2] != b"X\n":
        raise ValueError("not an XDR-serialised R object")
    version, = struct.unpack(">i", blob[2:6])
    pos = 14
    if version == 3:
        encoding_length, = struct.unpack(">i", blob[pos:pos + 4])
        pos += 4 + encoding_length
    flags, length = struct.unpack(">ii", blob[pos:pos + 8])
    if flags & 0xFF != STRSXP:
        raise ValueError(f"expected a character vector, found R type {flags & 0xFF}")
    pos += 8
    lines = []
    for _ in range(length):
        _, n = struct.unpack(">ii", blob[pos:pos + 8])
        pos += 8
        if n < 0:
            lines.append("")
            continue
        lines.append(blob[pos:pos + n].decode("utf-8"))
        pos += n
    return lines


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["apt-get", "download", PACKAGE], cwd=tmp, check=True)
        deb = next(Path(tmp).glob(f"{PACKAGE}_*.deb"))
        subprocess.run(["dpkg-deb", "-x", str(deb), str(Path(tmp) / "x")], check=True)
        data = Path(tmp) / "x" / DATA
        novels = [_strings(b) for b in _blobs((data / "Rdata.rdb").read_bytes())]
        gzip.decompress((data / "Rdata.rdx").read_bytes())  # the index must be readable too: a sanity check
    text = "\n\n\n".join("\n".join(lines).strip() for lines in novels) + "\n"
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(novels)} novels, {len(text.split()):,} words, {len(text):,} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
