#!/usr/bin/env python3
"""png-has-content.py DIR: exit 0 when the last PNG in DIR (by name) has more
than one colour, 1 when it is one colour or DIR holds no PNG.

For the libtock-c scripts: a screen app that drew nothing (its screen grant
failed, say) leaves blank --screen-png frames. Standard library only (zlib).
"""
import glob
import struct
import sys
import zlib

frames = sorted(glob.glob(sys.argv[1] + "/*.png"))
if not frames:
    sys.exit(1)
data = open(frames[-1], "rb").read()
pos, idat, width, height, colour, depth = 8, b"", 0, 0, 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = len(raw) // height
rows = [raw[r * stride + 1:(r + 1) * stride] for r in range(height)]
# Filters make equal pixels differ in bytes; any non-zero filtered byte after
# the first pixel of a row, or differing rows, means more than one colour.
sys.exit(0 if len({bytes(r) for r in rows}) > 1 or any(any(r[4:]) for r in rows) else 1)
