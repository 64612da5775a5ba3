#!/usr/bin/env python3
"""Build the bundled CJK font subset: assets/fonts/NotoSansSC-AtlasSubset.otf

Run from the repo root (re-run whenever geodata/, assets/ or UI strings change):

    python3 scripts/subset-font.py [--source PATH/TO/NotoSansCJK-Regular.ttc]

Needs: python3 with fontTools (`pip install fonttools`) and the Debian package
fonts-noto-cjk (OFL-1.1), which ships /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc.
Face 2 of that collection is "Noto Sans CJK SC" (checked below via the name table).

Equivalent pyftsubset call (this script builds the --unicodes list itself):

    pyftsubset /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc --font-number=2 \
      --unicodes=<list> --layout-features-=vert,vrt2,locl --no-hinting --desubroutinize \
      --name-IDs='*' --output-file=assets/fonts/NotoSansSC-AtlasSubset.otf

Character set:
  * the full GB2312 set (every valid two-byte code 0xA1A1-0xF7FE),
  * printable ASCII, Latin-1 supplement, General Punctuation (U+2000-206F),
    CJK Symbols & Punctuation (U+3000-303F), Halfwidth/Fullwidth Forms (U+FF00-FFEF),
    Arrows (U+2190-21FF), Geometric Shapes (U+25A0-25FF), a few extras (x, deg, middle dot,
    U+FFFD, ...),
  * every character used in the repo's text: geodata/**/*.{csv,md,geojson},
    assets/**/*.{toml,ron,json,md,txt} (except assets/fonts/), src/**/*.rs (UI strings),
    tests/**/*.rs, benches/**/*.rs.
Characters in that text that the source font lacks are listed (they will not render
from this font; egui falls back to its other fonts or shows a replacement glyph).

The output is reproducible (head.modified is kept from the source font).
"""
import argparse
import sys
import unicodedata
from pathlib import Path

try:
    from fontTools import subset
    from fontTools.ttLib import TTFont
except ImportError:  # pragma: no cover
    sys.exit("subset-font: fontTools is missing: pip install fonttools")

DEFAULT_SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FONT_NUMBER = 2  # Noto Sans CJK SC inside the collection
EXPECTED_FAMILY = "Noto Sans CJK SC"
OUTPUT = Path("assets/fonts/NotoSansSC-AtlasSubset.otf")
MAX_BYTES = 4 * 1024 * 1024

# (directory, glob patterns) scanned for characters, relative to the repo root.
TEXT_SOURCES = [
    ("geodata", ["*.csv", "*.md", "*.geojson"]),
    ("assets", ["*.toml", "*.ron", "*.json", "*.md", "*.txt"]),
    ("src", ["*.rs"]),
    ("tests", ["*.rs"]),
    ("benches", ["*.rs"]),
]

# Must always be covered (checked after the build).
SMOKE_TEST = ("老工业基地地图集 齐齐哈尔市 黑龙江省 鄂尔多斯 乌鲁木齐 呼和浩特 攀枝花 六盘水 "
              "重庆市 南海诸岛 —— （）《》、，。：；")


def gb2312_chars():
    out = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def block_chars():
    ranges = [
        (0x20, 0x7E),      # printable ASCII
        (0xA0, 0xFF),      # Latin-1 supplement
        (0x2000, 0x206F),  # General Punctuation
        (0x2190, 0x21FF),  # Arrows
        (0x25A0, 0x25FF),  # Geometric Shapes (incl. U+25FB, egui's replacement glyph)
        (0x3000, 0x303F),  # CJK Symbols and Punctuation
        (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
    ]
    out = {chr(c) for a, b in ranges for c in range(a, b + 1)}
    out |= set("×°·℃№±≈≠≤≥−\ufffd")
    return out


def data_chars(root):
    chars, files = set(), []
    for top, patterns in TEXT_SOURCES:
        base = root / top
        if not base.is_dir():
            continue
        for pat in patterns:
            for p in sorted(base.rglob(pat)):
                if not p.is_file() or p.parent.resolve() == (root / OUTPUT.parent).resolve():
                    continue  # skip assets/fonts/ itself (its README is about the font)
                try:
                    text = p.read_text(encoding="utf-8-sig")
                except UnicodeDecodeError:
                    print(f"subset-font: warning: {p} is not UTF-8, decoded with replacement",
                          file=sys.stderr)
                    text = p.read_text(encoding="utf-8-sig", errors="replace")
                chars |= set(text)
                files.append(p)
    # Control characters (newline, tab, ...) never need glyphs.
    chars = {c for c in chars if unicodedata.category(c) != "Cc"}
    return chars, files


def describe(chars):
    return ", ".join(f"U+{ord(c):04X} {c!r} {unicodedata.name(c, '?')}" for c in sorted(chars))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", default=DEFAULT_SOURCE, help="Noto Sans CJK Regular .ttc")
    ap.add_argument("--output", default=str(OUTPUT))
    args = ap.parse_args()

    root = Path.cwd()
    if not (root / "Cargo.toml").is_file():
        sys.exit("subset-font: run from the repo root (no Cargo.toml here)")
    src = Path(args.source)
    if not src.is_file():
        sys.exit(f"subset-font: {src} not found: apt-get install fonts-noto-cjk")

    options = subset.Options()
    options.font_number = FONT_NUMBER
    options.layout_features = [f for f in options.layout_features
                               if f not in ("vert", "vrt2", "locl")]
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = ["*"]
    options.recalc_timestamp = False

    font = subset.load_font(str(src), options)
    family = font["name"].getDebugName(1)
    if family != EXPECTED_FAMILY:
        sys.exit(f"subset-font: face {FONT_NUMBER} of {src} is {family!r}, not {EXPECTED_FAMILY!r}")
    source_version = font["name"].getDebugName(5)
    cmap = font.getBestCmap()

    fixed = gb2312_chars() | block_chars()
    text, files = data_chars(root)
    wanted = fixed | text

    missing_data = {c for c in text if ord(c) not in cmap}
    # Whitespace/format characters (e.g. U+200B) are not drawn; report them separately.
    invisible = {c for c in missing_data if unicodedata.category(c) in ("Zs", "Zl", "Zp", "Cf")}
    visible_missing = missing_data - invisible

    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(ord(c) for c in wanted))
    subsetter.subset(font)

    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(out), options)
    font.close()

    # Verify the result.
    check = TTFont(str(out))
    assert "CFF " in check, "expected CFF outlines"
    out_cmap = check.getBestCmap()
    glyphs = len(check.getGlyphOrder())
    must = (set(SMOKE_TEST) - {" "}) | (text - missing_data)
    not_covered = {c for c in must if ord(c) not in out_cmap and c != " "}
    size = out.stat().st_size

    print(f"source : {src} face {FONT_NUMBER} ({family}, {source_version})")
    print(f"scanned: {len(files)} text files, {len(text)} distinct characters")
    print(f"output : {out}")
    print(f"glyphs : {glyphs}  (cmap entries: {len(out_cmap)}, requested code points: {len(wanted)})")
    print(f"size   : {size} bytes ({size / 1024 / 1024:.2f} MiB)")
    if visible_missing:
        print(f"MISSING from the source font ({len(visible_missing)}): {describe(visible_missing)}")
    else:
        print("missing: none (every visible character in the scanned text is in the font)")
    if invisible:
        print(f"note: invisible/format characters not in the font: {describe(invisible)}")
    if not_covered:
        sys.exit(f"subset-font: ERROR: output lacks {describe(not_covered)}")
    if size > MAX_BYTES:
        sys.exit(f"subset-font: ERROR: {size} bytes is over the {MAX_BYTES} byte budget")


if __name__ == "__main__":
    main()
