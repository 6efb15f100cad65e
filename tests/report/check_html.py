#!/usr/bin/env python3
"""Checks of an HTML report that tidy does not make (tests/t_report.sh).

  check_html.py svgs PAGE DIR    write each inline <svg> of PAGE to DIR/N.svg
  check_html.py safe PAGE        no script, no event handler, no reference to
                                 anything outside the page (network, fonts)
  check_html.py png SHOT REGION...
                                 SHOT (a PNG screenshot) is not blank in
                                 each REGION x0,y0,x1,y1 (fractions of the page):
                                 at least 3 colours other than the background,
                                 and at least 0.5% of the region's pixels;
                                 REGION:RRGGBB,... also needs each colour
                                 (within 40 a channel) in 20 pixels or more:
                                 the chart's own colours, not only text

The PNG is decoded with zlib alone (no PIL on the machines we test on):
8-bit RGB or RGBA, non-interlaced, as Chromium writes its screenshots.
"""
import re
import struct
import sys
import zlib


def svgs(page, out):
    text = open(page, encoding="utf-8").read()
    found = re.findall(r"<svg\b.*?</svg>", text, re.S)
    for i, s in enumerate(found):
        with open("%s/%d.svg" % (out, i), "w", encoding="utf-8") as f:
            f.write(s)
    print(len(found))
    return 0


def safe(page):
    """Only real tags count: escaped text (&lt;img src=x&gt;) is text."""
    text = open(page, encoding="utf-8").read()
    bad = []
    loaders = {"script", "link", "img", "iframe", "object", "embed", "audio", "video", "source",
               "base", "frame", "meta http-equiv", "image", "use", "foreignobject"}
    for m in re.finditer(r"<([a-zA-Z][a-zA-Z0-9:-]*)([^<>]*)>", text):
        name, attrs = m.group(1).lower(), m.group(2)
        line = text.count("\n", 0, m.start()) + 1
        if name in loaders:
            bad.append("%s:%d: a <%s> element" % (page, line, name))
        for a in re.finditer(r"\s([a-zA-Z:-]+)\s*=", attrs):
            an = a.group(1).lower()
            if an.startswith("on") or an in ("src", "href", "xlink:href", "style", "action"):
                bad.append("%s:%d: attribute %s in <%s>" % (page, line, an, name))
    for pat, why in [(r"@import|url\s*\(", "a CSS reference"), (r"javascript:", "a javascript: URL")]:
        m = re.search(pat, text, re.I)
        if m:
            bad.append("%s:%d: %s" % (page, text.count("\n", 0, m.start()) + 1, why))
    for b in bad:
        print(b)
    return 1 if bad else 0


def png_pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("%s: not a PNG" % path)
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError("%s: PNG type %d/%d not handled" % (path, depth, ctype))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def png(shot, regions):
    w, h, bpp, rows = png_pixels(shot)
    bad = 0
    for r in regions:
        want = []
        if ":" in r:
            r, cols = r.split(":", 1)
            want = [bytes.fromhex(c) for c in cols.split(",")]
        x0, y0, x1, y1 = (float(v) for v in r.split(","))
        xa, xb, ya, yb = int(x0 * w), int(x1 * w), int(y0 * h), int(y1 * h)
        colours = {}
        for y in range(ya, yb, 2):
            row = rows[y]
            for x in range(xa, xb, 2):
                px = row[x * bpp:x * bpp + 3]
                colours[px] = colours.get(px, 0) + 1
        total = sum(colours.values())
        bg = max(colours, key=colours.get) if colours else None
        other = [c for c in colours if c != bg and colours[c] >= 2]
        ink = total - colours.get(bg, 0)
        ok = len(other) >= 3 and ink >= total * 0.005
        missing = []
        for wc in want:
            near = sum(n for c, n in colours.items()
                       if all(abs(c[k] - wc[k]) <= 40 for k in range(3)))
            if near < 20:
                missing.append(wc.hex())
        print("%s region %s: %d colours besides the background, %.1f%% ink%s: %s"
              % (shot, r, len(other), 100.0 * ink / max(total, 1),
                 ", lacks " + " ".join(missing) if missing else "",
                 "ok" if ok and not missing else "BLANK"))
        ok = ok and not missing
        bad |= not ok
    return 1 if bad else 0


def main(argv):
    if len(argv) >= 4 and argv[1] == "svgs":
        return svgs(argv[2], argv[3])
    if len(argv) == 3 and argv[1] == "safe":
        return safe(argv[2])
    if len(argv) >= 4 and argv[1] == "png":
        return png(argv[2], argv[3:])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
