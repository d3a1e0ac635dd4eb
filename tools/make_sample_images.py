#!/usr/bin/env python3
"""Generate the sample images for the Skarvfjell demo content.

Every image referenced by the sample content under content/ is drawn here with
Pillow, so the kit ships no third-party photos and the set can be re-made at any
time:

    .venv/bin/python tools/make_sample_images.py            # writes content/images/
    .venv/bin/python tools/make_sample_images.py --out DIR  # somewhere else

The pictures are stylised illustrations (sky, layered mountains, water, simple
buildings), abstract portraits (a head-and-shoulders silhouette) and simple
logos (a rounded square with initials). Output is deterministic: each image has
its own random seed.
"""

from __future__ import annotations

import argparse
import math
import random
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

PHOTO_SIZE = (1600, 1000)
PORTRAIT_SIZE = (800, 800)
LOGO_SIZE = 256
JPEG_QUALITY = 82

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "content" / "images"

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/Library/Fonts/Arial Bold.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
]


# --------------------------------------------------------------------------- helpers


def lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def mix(c1: tuple, c2: tuple, t: float) -> tuple:
    return tuple(int(round(lerp(x, y, t))) for x, y in zip(c1, c2, strict=True))


def hexrgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def vertical_gradient(size: tuple[int, int], stops: list[tuple[float, str]]) -> Image.Image:
    """A top-to-bottom gradient through colour stops [(position 0..1, '#rrggbb'), ...]."""
    w, h = size
    column = Image.new("RGB", (1, h))
    px = column.load()
    cols = [(p, hexrgb(c)) for p, c in stops]
    for y in range(h):
        t = y / max(h - 1, 1)
        for (p0, c0), (p1, c1) in zip(cols, cols[1:], strict=False):
            if p0 <= t <= p1:
                px[0, y] = mix(c0, c1, (t - p0) / max(p1 - p0, 1e-6))
                break
        else:
            px[0, y] = cols[-1][1] if t > cols[-1][0] else cols[0][1]
    return column.resize((w, h))


def ridge(
    rng: random.Random, width: int, base: float, amplitude: float, roughness: float = 0.55, peaks: int = 3
) -> list[float]:
    """A mountain ridge line: midpoint displacement plus a few broad peaks."""
    n = 257
    pts = [0.0] * n
    pts[0], pts[-1] = rng.uniform(-0.3, 0.3), rng.uniform(-0.3, 0.3)
    step, scale = n - 1, 1.0
    while step > 1:
        half = step // 2
        for i in range(half, n - 1, step):
            pts[i] = (pts[i - half] + pts[i + half]) / 2 + rng.uniform(-scale, scale)
        step, scale = half, scale * roughness
    centres = [rng.uniform(0.05, 0.95) for _ in range(peaks)]
    heights = [rng.uniform(0.6, 1.3) for _ in range(peaks)]
    widths = [rng.uniform(0.10, 0.25) for _ in range(peaks)]
    out = []
    for x in range(width + 1):
        u = x / width
        v = pts[min(int(u * (n - 1)), n - 1)] * 0.35
        for c, hgt, wd in zip(centres, heights, widths, strict=True):
            v += hgt * max(0.0, 1 - abs(u - c) / wd) ** 1.4
        out.append(base - v * amplitude)
    return out


def fill_below(draw: ImageDraw.ImageDraw, line: list[float], height: int, colour) -> None:
    poly = [(x, y) for x, y in enumerate(line)] + [(len(line) - 1, height), (0, height)]
    draw.polygon(poly, fill=colour)


def snowcaps(img: Image.Image, line: list[float], colour=(245, 248, 252), depth: float = 55) -> None:
    """Whiten the upper part of a ridge: everything above min(line)+depth under the ridge."""
    w, h = img.size
    top = min(line)
    limit = top + depth
    mask = Image.new("L", (w, h), 0)
    md = ImageDraw.Draw(mask)
    poly = [(x, y) for x, y in enumerate(line)]
    # clip to the band above `limit`, with a ragged lower edge
    rng = random.Random(int(top * 1000))
    edge = [(x, limit + 14 * math.sin(x / 37.0) + rng.uniform(-6, 6)) for x in range(len(line) - 1, -1, -8)]
    md.polygon(poly + edge, fill=255)
    ridge_mask = Image.new("L", (w, h), 0)
    fill_below(ImageDraw.Draw(ridge_mask), line, h, 255)
    mask = ImageChops.multiply(mask, ridge_mask)
    img.paste(Image.new("RGB", (w, h), colour), (0, 0), mask)


def glow_disc(img: Image.Image, centre: tuple[int, int], radius: int, colour: tuple, glow: int = 3) -> None:
    w, h = img.size
    layer = Image.new("RGB", (w, h), colour)
    mask = Image.new("L", (w, h), 0)
    md = ImageDraw.Draw(mask)
    cx, cy = centre
    r = radius * glow
    md.ellipse((cx - r, cy - r, cx + r, cy + r), fill=70)
    mask = mask.filter(ImageFilter.GaussianBlur(radius * 1.2))
    md = ImageDraw.Draw(mask)
    md.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=255)
    img.paste(layer, (0, 0), mask)


def aurora(img: Image.Image, rng: random.Random, colour=(120, 255, 190)) -> None:
    w, h = img.size
    mask = Image.new("L", (w, h), 0)
    md = ImageDraw.Draw(mask)
    for band in range(3):
        y0 = h * (0.12 + 0.08 * band)
        amp = rng.uniform(40, 90)
        ph = rng.uniform(0, math.tau)
        for x in range(0, w, 6):
            y = y0 + amp * math.sin(x / 210 + ph) + 25 * math.sin(x / 67 + ph * 2)
            md.line([(x, y), (x, y + rng.uniform(90, 170))], fill=int(rng.uniform(40, 95)), width=7)
    mask = mask.filter(ImageFilter.GaussianBlur(18))
    img.paste(Image.new("RGB", (w, h), colour), (0, 0), mask)


def stars(draw: ImageDraw.ImageDraw, rng: random.Random, w: int, h_limit: int, n: int = 140) -> None:
    for _ in range(n):
        x, y = rng.uniform(0, w), rng.uniform(0, h_limit)
        r = rng.choice([0.8, 1.0, 1.3, 1.7])
        a = rng.randint(150, 255)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(a, a, min(255, a + 10)))


def water(
    img: Image.Image,
    top: int,
    c_top: str,
    c_bottom: str,
    rng: random.Random,
    shimmer: tuple | None = None,
    shimmer_x: int | None = None,
) -> None:
    w, h = img.size
    grad = vertical_gradient((w, h - top), [(0, c_top), (1, c_bottom)])
    img.paste(grad, (0, top))
    d = ImageDraw.Draw(img)
    for _ in range(160):
        y = rng.uniform(top + 4, h)
        x = rng.uniform(-100, w)
        ln = rng.uniform(40, 220) * (0.4 + (y - top) / (h - top))
        col = mix(hexrgb(c_top), (255, 255, 255), rng.uniform(0.08, 0.2))
        d.line([(x, y), (x + ln, y)], fill=col, width=1 if y < top + 120 else 2)
    if shimmer and shimmer_x is not None:
        for i in range(70):
            y = top + 6 + i * (h - top) / 70
            spread = 10 + i * 3.2
            x = shimmer_x + rng.uniform(-spread, spread)
            ln = rng.uniform(15, 60) + i
            d.line([(x - ln / 2, y), (x + ln / 2, y)], fill=shimmer, width=2)


def tree(d: ImageDraw.ImageDraw, x: float, base: float, height: float, colour) -> None:
    """A spruce: stacked triangles."""
    tiers = 4
    for i in range(tiers):
        t = i / tiers
        top = base - height * (1 - t * 0.72) - height * 0.05
        bottom = base - height * 0.15 * (tiers - i - 1) / tiers - height * (0.62 - 0.62 * (i + 1) / tiers)
        half = height * (0.16 + 0.09 * i)
        d.polygon([(x, top), (x - half, bottom), (x + half, bottom)], fill=colour)
    d.rectangle((x - height * 0.03, base - height * 0.08, x + height * 0.03, base), fill=colour)


def house(
    d: ImageDraw.ImageDraw,
    x: float,
    base: float,
    w: float,
    h: float,
    wall,
    roof,
    window=(255, 214, 130),
    lit: bool = True,
) -> None:
    d.rectangle((x, base - h, x + w, base), fill=wall)
    d.polygon([(x - w * 0.08, base - h), (x + w / 2, base - h - h * 0.6), (x + w * 1.08, base - h)], fill=roof)
    ww = w * 0.18
    for i in (0.2, 0.62):
        d.rectangle(
            (x + w * i, base - h * 0.68, x + w * i + ww, base - h * 0.68 + ww),
            fill=window if lit else mix(wall, (40, 50, 60), 0.5),
        )
    d.rectangle((x + w * 0.42, base - h * 0.5, x + w * 0.58, base), fill=mix(wall, (30, 30, 30), 0.45))


def rounded(d: ImageDraw.ImageDraw, box, radius, fill) -> None:
    d.rounded_rectangle(box, radius=radius, fill=fill)


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


# --------------------------------------------------------------------------- landscapes


PALETTES = {
    "evening": dict(
        sky=[(0, "#27345f"), (0.45, "#c96e6b"), (0.62, "#f4b784")],
        sun="#ffe3a8",
        mountains=["#8a7393", "#5e4f73", "#3d3656", "#25243a"],
        water=("#7c6a8a", "#2a2c45"),
        shimmer=(255, 214, 160),
    ),
    "day": dict(
        sky=[(0, "#5d9bd5"), (0.55, "#b9d9ef"), (0.66, "#e8f2f7")],
        sun="#fff8dc",
        mountains=["#a9c0d3", "#7d9bb3", "#4f7189", "#2f4d5f"],
        water=("#5f8fae", "#254a63"),
        shimmer=(235, 245, 255),
    ),
    "summer": dict(
        sky=[(0, "#4f8fd0"), (0.5, "#a6d0ee"), (0.66, "#dcefe6")],
        sun="#fffbe6",
        mountains=["#9fb8c9", "#6f9a8c", "#4c7a5d", "#2f5a3c"],
        water=("#4c8aa3", "#1f4c5e"),
        shimmer=(235, 250, 255),
    ),
    "winter": dict(
        sky=[(0, "#0d1b3a"), (0.5, "#23406d"), (0.7, "#4d6f99")],
        sun="#f3f6ff",
        mountains=["#9fb2cf", "#7389ad", "#4d6187", "#2c3b5c"],
        water=("#3a5079", "#101b33"),
        shimmer=(210, 225, 255),
    ),
    "dawn": dict(
        sky=[(0, "#3a4f7a"), (0.5, "#e7a98f"), (0.66, "#fde2b8")],
        sun="#fff0c9",
        mountains=["#b19aa6", "#85738c", "#5a4f68", "#35304a"],
        water=("#9c8ca0", "#3b3a55"),
        shimmer=(255, 228, 190),
    ),
    "overcast": dict(
        sky=[(0, "#8a9aab"), (0.6, "#c9d3dc"), (0.7, "#dfe5ea")],
        sun="#f6f7f2",
        mountains=["#a4b0bb", "#7f8e9c", "#5b6b7a", "#3a4856"],
        water=("#6d8191", "#2c3d4b"),
        shimmer=(235, 240, 245),
    ),
}


def landscape(
    seed: int,
    palette: str,
    *,
    horizon: float = 0.62,
    sun=(0.72, 0.42),
    sun_r: int = 46,
    water_line: float | None = 0.74,
    night: bool = False,
    aurora_col=None,
    snow: bool = True,
    layers: int = 4,
) -> tuple[Image.Image, dict]:
    rng = random.Random(seed)
    p = PALETTES[palette]
    w, h = PHOTO_SIZE
    img = vertical_gradient((w, h), p["sky"] + [(1.0, p["sky"][-1][1])])
    d = ImageDraw.Draw(img)
    if night:
        stars(d, rng, w, int(h * 0.55))
    if aurora_col:
        aurora(img, rng, aurora_col)
    if sun:
        glow_disc(img, (int(w * sun[0]), int(h * sun[1])), sun_r, hexrgb(p["sun"]))
    d = ImageDraw.Draw(img)
    lines = []
    for i in range(layers):
        t = i / max(layers - 1, 1)
        base = h * lerp(horizon - 0.06, horizon + 0.1, t)
        amp = h * lerp(0.30, 0.16, t)
        line = ridge(rng, w, base, amp, roughness=lerp(0.5, 0.62, t), peaks=rng.randint(2, 4))
        fill_below(d, line, h, hexrgb(p["mountains"][min(i, len(p["mountains"]) - 1)]))
        if snow and i < 2:
            snowcaps(img, line, mix(hexrgb(p["mountains"][i]), (255, 255, 255), 0.72), depth=lerp(70, 40, t))
            d = ImageDraw.Draw(img)
        lines.append(line)
    info = {"lines": lines, "rng": rng, "palette": p}
    if water_line is not None:
        top = int(h * water_line)
        water(
            img,
            top,
            p["water"][0],
            p["water"][1],
            rng,
            shimmer=p["shimmer"] if sun else None,
            shimmer_x=int(w * sun[0]) if sun else None,
        )
        info["water_top"] = top
    return img, info


def shore(
    d: ImageDraw.ImageDraw,
    rng: random.Random,
    y: float,
    colour,
    w: int = PHOTO_SIZE[0],
    h: int = PHOTO_SIZE[1],
    x0: float = 0,
    x1: float | None = None,
) -> list[tuple[float, float]]:
    x1 = w if x1 is None else x1
    pts = []
    for x in range(int(x0), int(x1) + 1, 20):
        pts.append((x, y + 10 * math.sin(x / 90) + rng.uniform(-3, 3)))
    d.polygon(pts + [(x1, h), (x0, h)], fill=colour)
    return pts


def save_jpeg(img: Image.Image, path: Path, limit_kb: int = 200) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    img = img.filter(ImageFilter.SMOOTH)
    quality = JPEG_QUALITY
    while True:
        img.save(path, "JPEG", quality=quality, optimize=True, progressive=True)
        if path.stat().st_size <= limit_kb * 1024 or quality <= 60:
            break
        quality -= 4


# --------------------------------------------------------------------------- scenes


def scene_skarvik_fjord_evening(out: Path) -> None:
    img, info = landscape(11, "evening", sun=(0.68, 0.5), water_line=0.7)
    d = ImageDraw.Draw(img)
    rng = info["rng"]
    shore(d, rng, 880, (38, 36, 56), x0=0, x1=700)
    colours = [
        ((178, 60, 52), (60, 40, 50)),
        ((232, 200, 120), (70, 50, 55)),
        ((240, 236, 226), (60, 50, 60)),
        ((150, 70, 60), (50, 40, 45)),
    ]
    x = 40
    for i in range(9):
        wall, roof = colours[i % len(colours)]
        bw = rng.uniform(70, 110)
        house(d, x, 890 + rng.uniform(-6, 6), bw, bw * 0.8, mix(wall, (40, 35, 60), 0.35), roof)
        x += bw + rng.uniform(8, 30)
        if x > 640:
            break
    # a small boat with a wake
    d.polygon([(1040, 842), (1150, 842), (1135, 860), (1055, 860)], fill=(30, 30, 45))
    d.rectangle((1080, 822, 1110, 842), fill=(235, 230, 220))
    for i in range(6):
        d.line([(1160 + i * 40, 856 + i * 3), (1200 + i * 40, 856 + i * 3)], fill=(230, 190, 170), width=2)
    save_jpeg(img, out)


def scene_storvoll_valley(out: Path) -> None:
    img, info = landscape(23, "summer", sun=(0.2, 0.22), sun_r=40, water_line=None, horizon=0.6)
    d = ImageDraw.Draw(img)
    rng = info["rng"]
    w, h = PHOTO_SIZE
    # valley floor and a winding river
    d.polygon([(0, 720), (w, 690), (w, h), (0, h)], fill=(96, 140, 74))
    d.polygon([(0, 800), (w, 770), (w, h), (0, h)], fill=(82, 124, 62))
    pts_l, pts_r = [], []
    for i in range(41):
        t = i / 40
        y = lerp(700, h, t)
        x = 820 + 180 * math.sin(t * 4.2) * (0.4 + t)
        half = lerp(6, 120, t)
        pts_l.append((x - half, y))
        pts_r.append((x + half, y))
    d.polygon(pts_l + pts_r[::-1], fill=(120, 176, 206))
    for _ in range(14):
        x, y = rng.uniform(80, 1500), rng.uniform(730, 930)
        if abs(x - 820) < 260:
            continue
        house(d, x, y, 46, 34, (176, 52, 46), (70, 60, 60), lit=False)
    for _ in range(40):
        x, y = rng.uniform(0, w), rng.uniform(760, 990)
        tree(d, x, y, rng.uniform(50, 110), (38, 78, 48))
    save_jpeg(img, out)


def scene_data_centre(out: Path) -> None:
    img, info = landscape(31, "winter", sun=None, water_line=None, night=True, aurora_col=(110, 240, 180), horizon=0.66)
    d = ImageDraw.Draw(img)
    rng = info["rng"]
    w, h = PHOTO_SIZE
    d.polygon([(0, 780), (w, 760), (w, h), (0, h)], fill=(214, 224, 238))
    d.polygon([(0, 860), (w, 850), (w, h), (0, h)], fill=(196, 208, 226))
    # the halls
    for bx, bw in ((360, 520), (920, 380)):
        d.rectangle((bx, 640, bx + bw, 800), fill=(58, 66, 84))
        d.rectangle((bx, 628, bx + bw, 646), fill=(40, 46, 60))
        for i in range(int(bw // 30)):
            col = (120, 220, 255) if rng.random() > 0.25 else (255, 210, 140)
            d.rectangle((bx + 14 + i * 30, 690, bx + 30 + i * 30, 700), fill=col)
            d.rectangle((bx + 14 + i * 30, 730, bx + 30 + i * 30, 740), fill=col)
        for i in range(4):
            d.rectangle((bx + 30 + i * (bw / 4), 606, bx + 70 + i * (bw / 4), 628), fill=(72, 80, 98))
    # power line pylons
    for px in (120, 1450):
        d.line([(px, 820), (px, 560)], fill=(40, 44, 58), width=6)
        d.line([(px - 50, 600), (px + 50, 600)], fill=(40, 44, 58), width=5)
    d.line([(70, 600), (360, 650)], fill=(40, 44, 58), width=2)
    d.line([(1500, 600), (1300, 650)], fill=(40, 44, 58), width=2)
    for _ in range(26):
        tree(d, rng.uniform(0, w), rng.uniform(840, 990), rng.uniform(70, 130), (24, 44, 50))
    save_jpeg(img, out)


def scene_kindergarten(out: Path) -> None:
    img, info = landscape(41, "day", sun=(0.82, 0.2), sun_r=42, water_line=None, horizon=0.58)
    d = ImageDraw.Draw(img)
    rng = info["rng"]
    w, h = PHOTO_SIZE
    d.polygon([(0, 700), (w, 680), (w, h), (0, h)], fill=(120, 168, 92))
    # the kindergarten: long low red building with a yellow annex
    house(d, 300, 840, 520, 160, (196, 62, 50), (66, 58, 64))
    house(d, 860, 840, 240, 140, (236, 196, 96), (66, 58, 64))
    # fence, swings, sandbox
    for x in range(120, 1500, 22):
        d.line([(x, 900), (x, 940)], fill=(250, 250, 245), width=5)
    d.line([(120, 915), (1500, 915)], fill=(250, 250, 245), width=4)
    d.line([(1220, 850), (1260, 720), (1300, 850)], fill=(70, 90, 120), width=7)
    d.line([(1380, 850), (1420, 720), (1460, 850)], fill=(70, 90, 120), width=7)
    d.line([(1260, 720), (1420, 720)], fill=(70, 90, 120), width=7)
    for sx in (1310, 1370):
        d.line([(sx, 722), (sx, 800)], fill=(60, 60, 60), width=2)
        d.rectangle((sx - 16, 800, sx + 16, 808), fill=(230, 90, 60))
    rounded(d, (1180, 950, 1420, 985), 10, (230, 214, 170))
    for _ in range(10):
        tree(d, rng.uniform(0, 260), rng.uniform(760, 880), rng.uniform(110, 170), (40, 92, 58))
    save_jpeg(img, out)


def scene_fibre(out: Path) -> None:
    img, info = landscape(53, "dawn", sun=(0.25, 0.46), water_line=None, horizon=0.6)
    d = ImageDraw.Draw(img)
    rng = info["rng"]
    w, h = PHOTO_SIZE
    d.polygon([(0, 720), (w, 700), (w, h), (0, h)], fill=(92, 104, 84))
    # gravel road into the distance with an orange duct along it
    d.polygon([(700, 720), (760, 720), (1300, h), (420, h)], fill=(176, 160, 140))
    d.polygon([(770, 720), (782, 720), (1460, h), (1380, h)], fill=(120, 96, 72))
    for i in range(30):
        t = i / 30
        y = lerp(722, h, t)
        x = lerp(776, 1420, t)
        d.line([(x - 2, y), (x + 2, y + 6)], fill=(244, 134, 36), width=int(lerp(2, 14, t)))
    # a farm with lit windows
    house(d, 240, 780, 140, 100, (178, 50, 44), (50, 44, 50))
    house(d, 410, 790, 90, 64, (236, 228, 214), (50, 44, 50))
    for _ in range(30):
        tree(
            d,
            rng.choice([rng.uniform(0, 220), rng.uniform(1000, w)]),
            rng.uniform(740, 960),
            rng.uniform(70, 140),
            (44, 58, 48),
        )
    save_jpeg(img, out)


def scene_border_bus(out: Path) -> None:
    img, info = landscape(67, "overcast", sun=(0.6, 0.3), sun_r=30, water_line=None, horizon=0.6)
    d = ImageDraw.Draw(img)
    rng = info["rng"]
    w, h = PHOTO_SIZE
    d.polygon([(0, 720), (w, 700), (w, h), (0, h)], fill=(226, 232, 238))
    # road across the picture
    d.polygon([(0, 820), (w, 790), (w, 880), (0, 910)], fill=(70, 76, 84))
    for x in range(0, w, 120):
        y = 865 - x * 30 / w
        d.line([(x, y), (x + 60, y - 1)], fill=(240, 240, 230), width=4)
    # the bus
    bx, by = 560, 700
    rounded(d, (bx, by, bx + 520, by + 150), 26, (22, 110, 140))
    rounded(d, (bx + 10, by + 18, bx + 500, by + 78), 12, (196, 226, 240))
    for i in range(1, 7):
        d.line([(bx + 10 + i * 70, by + 18), (bx + 10 + i * 70, by + 78)], fill=(22, 110, 140), width=5)
    d.rectangle((bx, by + 100, bx + 520, by + 112), fill=(250, 196, 60))
    for wx in (bx + 90, bx + 420):
        d.ellipse((wx - 34, by + 120, wx + 34, by + 188), fill=(30, 30, 34))
        d.ellipse((wx - 14, by + 140, wx + 14, by + 168), fill=(150, 150, 156))
    d.ellipse((bx + 500, by + 110, bx + 516, by + 126), fill=(255, 240, 190))
    # border cairn with two small flags
    d.polygon([(1300, 800), (1330, 690), (1360, 800)], fill=(150, 150, 150))
    d.line([(1310, 690), (1310, 590)], fill=(60, 60, 60), width=4)
    d.line([(1350, 690), (1350, 590)], fill=(60, 60, 60), width=4)
    flag_no(d, 1312, 592, 70)
    flag_se(d, 1352, 592, 70)
    for _ in range(22):
        tree(
            d,
            rng.choice([rng.uniform(0, 500), rng.uniform(1420, w)]),
            rng.uniform(740, 1000),
            rng.uniform(80, 150),
            (52, 70, 70),
        )
    save_jpeg(img, out)


def flag_no(d: ImageDraw.ImageDraw, x: float, y: float, w: float) -> None:
    h = w * 16 / 22
    u = w / 22
    d.rectangle((x, y, x + w, y + h), fill=(186, 12, 47))
    d.rectangle((x + 6 * u, y, x + 10 * u, y + h), fill=(255, 255, 255))
    d.rectangle((x, y + 6 * u, x + w, y + 10 * u), fill=(255, 255, 255))
    d.rectangle((x + 7 * u, y, x + 9 * u, y + h), fill=(0, 32, 91))
    d.rectangle((x, y + 7 * u, x + w, y + 9 * u), fill=(0, 32, 91))


def flag_se(d: ImageDraw.ImageDraw, x: float, y: float, w: float) -> None:
    h = w * 10 / 16
    u = w / 16
    d.rectangle((x, y, x + w, y + h), fill=(0, 106, 167))
    d.rectangle((x + 5 * u, y, x + 7 * u, y + h), fill=(254, 204, 0))
    d.rectangle((x, y + 4 * u, x + w, y + 6 * u), fill=(254, 204, 0))


def scene_coworking(out: Path) -> None:
    img, info = landscape(71, "evening", sun=(0.2, 0.48), sun_r=40, water_line=0.72)
    d = ImageDraw.Draw(img)
    rng = info["rng"]
    # quay and an old wharf warehouse with big lit windows
    d.rectangle((520, 820, 1560, 860), fill=(60, 48, 52))
    for x in range(540, 1560, 60):
        d.rectangle((x, 860, x + 12, 960), fill=(44, 36, 40))
    d.rectangle((640, 560, 1320, 820), fill=(222, 206, 178))
    d.polygon([(610, 560), (980, 400), (1350, 560)], fill=(92, 52, 50))
    for y in (600, 700):
        for i in range(6):
            x = 680 + i * 105
            d.rectangle((x, y, x + 70, y + 80), fill=(255, 206, 120))
            d.line([(x + 35, y), (x + 35, y + 80)], fill=(140, 110, 90), width=3)
    d.rectangle((930, 420, 1030, 520), fill=(255, 206, 120))
    # reflection of the lit windows
    for i in range(6):
        x = 680 + i * 105
        for k in range(8):
            y = 880 + k * 14
            d.line([(x + rng.uniform(-8, 8), y), (x + 70 + rng.uniform(-8, 8), y)], fill=(230, 170, 110), width=3)
    save_jpeg(img, out)


def fish_pens(d: ImageDraw.ImageDraw, centres, rx, ry) -> None:
    for cx, cy in centres:
        d.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), outline=(240, 240, 236), width=6)
        d.ellipse((cx - rx + 10, cy - ry + 4, cx + rx - 10, cy + ry - 4), outline=(60, 70, 80), width=2)
        for a in range(0, 360, 30):
            x = cx + rx * math.cos(math.radians(a))
            y = cy + ry * math.sin(math.radians(a))
            d.line([(x, y), (x, y - 18)], fill=(240, 240, 236), width=3)


def scene_havnoy_apprentices(out: Path) -> None:
    img, info = landscape(83, "day", sun=(0.3, 0.26), sun_r=40, water_line=0.62, horizon=0.56)
    d = ImageDraw.Draw(img)
    fish_pens(d, [(420, 760), (760, 760), (1100, 760)], 150, 38)
    fish_pens(d, [(600, 900), (980, 900)], 190, 50)
    # feed barge and workboat
    d.rectangle((1260, 700, 1500, 780), fill=(236, 236, 230))
    d.rectangle((1300, 650, 1420, 700), fill=(40, 96, 140))
    d.polygon([(160, 860), (360, 860), (330, 900), (180, 900)], fill=(235, 120, 40))
    d.rectangle((220, 820, 290, 860), fill=(245, 245, 240))
    save_jpeg(img, out)


def scene_fjallsta_winter(out: Path) -> None:
    img, info = landscape(
        97, "winter", sun=(0.8, 0.18), sun_r=28, water_line=None, night=True, aurora_col=(130, 255, 200), horizon=0.62
    )
    d = ImageDraw.Draw(img)
    rng = info["rng"]
    w, h = PHOTO_SIZE
    d.polygon([(0, 760), (w, 730), (w, h), (0, h)], fill=(222, 230, 242))
    d.polygon([(0, 880), (w, 860), (w, h), (0, h)], fill=(205, 216, 234))
    for x, y, s in ((300, 860, 110), (480, 840, 90), (1000, 830, 120), (1180, 850, 96)):
        house(d, x, y, s, s * 0.7, (120, 52, 44), (236, 240, 248))
    for _ in range(46):
        tree(d, rng.uniform(0, w), rng.uniform(770, 1000), rng.uniform(60, 150), (20, 40, 46))
    save_jpeg(img, out)


def scene_hatchery(out: Path) -> None:
    img, info = landscape(101, "overcast", sun=None, water_line=0.7, horizon=0.6)
    d = ImageDraw.Draw(img)
    rng = info["rng"]
    shore(d, rng, 800, (70, 80, 78), x0=0, x1=1100)
    d.rectangle((180, 600, 880, 800), fill=(220, 226, 230))
    d.rectangle((180, 590, 880, 606), fill=(70, 90, 110))
    for i in range(4):
        d.rectangle((220 + i * 170, 640, 330 + i * 170, 700), fill=(120, 170, 200))
    for cx in (960, 1040):
        d.rectangle((cx - 34, 660, cx + 34, 800), fill=(180, 190, 196))
        d.ellipse((cx - 34, 646, cx + 34, 676), fill=(200, 208, 214))
    d.line([(880, 760), (1300, 840)], fill=(90, 100, 110), width=8)
    save_jpeg(img, out)


def scene_border_agreement(out: Path) -> None:
    img, _info = landscape(113, "dawn", sun=(0.5, 0.4), sun_r=52, water_line=0.76, horizon=0.62)
    d = ImageDraw.Draw(img)
    # a bridge over the narrows between the two shores
    d.rectangle((0, 700, 1600, 716), fill=(60, 58, 74))
    for x in range(80, 1600, 180):
        d.rectangle((x, 716, x + 16, 800), fill=(60, 58, 74))
    d.arc((200, 560, 1400, 900), 200, 340, fill=(60, 58, 74), width=10)
    flag_no(d, 180, 610, 80)
    flag_se(d, 1340, 610, 90)
    d.line([(180, 610), (180, 700)], fill=(50, 50, 60), width=4)
    d.line([(1430, 610), (1430, 700)], fill=(50, 50, 60), width=4)
    save_jpeg(img, out)


# --------------------------------------------------------------------------- portraits and logos


def portrait(out: Path, seed: int, bg: tuple[str, str], skin: str, hair: str, top: str, hair_style: str) -> None:
    rng = random.Random(seed)
    w, h = PORTRAIT_SIZE
    img = vertical_gradient((w, h), [(0, bg[0]), (1, bg[1])])
    # soft bokeh circles
    layer = Image.new("L", (w, h), 0)
    ld = ImageDraw.Draw(layer)
    for _ in range(9):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h * 0.7), rng.uniform(40, 120)
        ld.ellipse((x - r, y - r, x + r, y + r), fill=rng.randint(30, 70))
    layer = layer.filter(ImageFilter.GaussianBlur(30))
    img.paste(Image.new("RGB", (w, h), (255, 255, 255)), (0, 0), layer)
    d = ImageDraw.Draw(img)
    cx = w / 2 + rng.uniform(-16, 16)
    skin_c, hair_c, top_c = hexrgb(skin), hexrgb(hair), hexrgb(top)
    shade = mix(skin_c, (60, 30, 20), 0.18)
    # long hair falls behind the head and onto the shoulders
    if hair_style == "long":
        d.rounded_rectangle((cx - 165, 190, cx + 165, 640), radius=150, fill=hair_c)
    # shoulders, collar, neck
    d.ellipse((cx - 330, 590, cx + 330, 1150), fill=top_c)
    d.rectangle((cx - 58, 470, cx + 58, 640), fill=shade)
    d.ellipse((cx - 58, 600, cx + 58, 680), fill=shade)
    # hair volume behind the face
    if hair_style in ("short", "long", "beard"):
        d.ellipse((cx - 150, 150, cx + 150, 440), fill=hair_c)
    elif hair_style == "bun":
        d.ellipse((cx - 62, 88, cx + 62, 210), fill=hair_c)
        d.ellipse((cx - 146, 160, cx + 146, 430), fill=hair_c)
    # ears and face
    for ex in (cx - 140, cx + 140):
        d.ellipse((ex - 26, 330, ex + 26, 410), fill=shade)
    d.ellipse((cx - 140, 200, cx + 140, 540), fill=skin_c)
    # fringe / hairline
    if hair_style in ("short", "long"):
        d.pieslice((cx - 150, 150, cx + 150, 400), 180, 360, fill=hair_c)
        d.polygon([(cx - 150, 275), (cx - 20, 275), (cx - 140, 330)], fill=hair_c)
    elif hair_style == "bun":
        d.chord((cx - 146, 168, cx + 146, 360), 180, 360, fill=hair_c)
    elif hair_style == "cap":
        d.chord((cx - 152, 140, cx + 152, 420), 180, 360, fill=hair_c)
        d.rounded_rectangle((cx - 152, 268, cx + 200, 296), radius=12, fill=mix(hair_c, (0, 0, 0), 0.2))
    elif hair_style == "beard":
        d.chord((cx - 148, 160, cx + 148, 360), 180, 360, fill=hair_c)
        d.chord((cx - 140, 330, cx + 140, 550), 0, 180, fill=hair_c)
        d.ellipse((cx - 46, 420, cx + 46, 470), fill=skin_c)
    # a soft cheek highlight keeps the face from looking flat
    hl = Image.new("L", (w, h), 0)
    ImageDraw.Draw(hl).ellipse((cx - 100, 260, cx + 20, 420), fill=40)
    hl = hl.filter(ImageFilter.GaussianBlur(40))
    img.paste(Image.new("RGB", (w, h), (255, 255, 255)), (0, 0), hl)
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    save_jpeg(img, out, limit_kb=80)


def logo(out: Path, initials: str, colour: str, accent: str, motif: str) -> None:
    s = LOGO_SIZE * 4  # draw large, then downsample for smooth edges
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    c, a = hexrgb(colour), hexrgb(accent)
    d.rounded_rectangle((16, 16, s - 16, s - 16), radius=s // 5, fill=c)
    clip = Image.new("L", (s, s), 0)
    ImageDraw.Draw(clip).rounded_rectangle((16, 16, s - 16, s - 16), radius=s // 5, fill=255)
    motif_layer = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(motif_layer)
    if motif == "mountain":
        d.polygon(
            [
                (0, s),
                (0, s * 0.9),
                (s * 0.34, s * 0.66),
                (s * 0.5, s * 0.77),
                (s * 0.7, s * 0.62),
                (s, s * 0.88),
                (s, s),
            ],
            fill=a,
        )
    elif motif == "wave":
        pts = [(x, s * 0.8 + 26 * math.sin(x / 60)) for x in range(0, s + 1, 8)]
        d.polygon(pts + [(s, s), (0, s)], fill=a)
    elif motif == "bolt":
        d.polygon(
            [
                (s * 0.72, s * 0.6),
                (s * 0.62, s * 0.74),
                (s * 0.7, s * 0.74),
                (s * 0.6, s * 0.88),
                (s * 0.8, s * 0.7),
                (s * 0.72, s * 0.7),
                (s * 0.8, s * 0.6),
            ],
            fill=a,
        )
    elif motif == "dots":
        for i in range(5):
            d.ellipse((s * 0.2 + i * s * 0.13, s * 0.76, s * 0.26 + i * s * 0.13, s * 0.82), fill=a)
    elif motif == "tree":
        d.polygon([(s * 0.5, s * 0.6), (s * 0.36, s * 0.86), (s * 0.64, s * 0.86)], fill=a)
    elif motif == "cross":
        d.rectangle((s * 0.46, s * 0.64, s * 0.54, s * 0.88), fill=a)
        d.rectangle((s * 0.38, s * 0.72, s * 0.62, s * 0.8), fill=a)
    img.paste(motif_layer, (0, 0), ImageChops.multiply(motif_layer.getchannel("A"), clip))
    d = ImageDraw.Draw(img)
    f = font(int(s * (0.36 if len(initials) <= 2 else 0.28)))
    box = d.textbbox((0, 0), initials, font=f)
    tw, th = box[2] - box[0], box[3] - box[1]
    d.text(((s - tw) / 2 - box[0], s * 0.38 - th / 2 - box[1]), initials, font=f, fill=(255, 255, 255))
    img = img.resize((LOGO_SIZE, LOGO_SIZE), Image.LANCZOS)
    out.parent.mkdir(parents=True, exist_ok=True)
    img.save(out, "PNG", optimize=True)


# --------------------------------------------------------------------------- the set

PHOTOS = {
    "photos/skarvik-fjord-evening.jpg": scene_skarvik_fjord_evening,
    "photos/storvoll-valley.jpg": scene_storvoll_valley,
    "photos/storvoll-data-centre.jpg": scene_data_centre,
    "photos/skarvik-kindergarten.jpg": scene_kindergarten,
    "photos/gransmo-fibre.jpg": scene_fibre,
    "photos/border-bus.jpg": scene_border_bus,
    "photos/kaihuset-coworking.jpg": scene_coworking,
    "photos/havnoy-fish-farm.jpg": scene_havnoy_apprentices,
    "photos/fjallsta-winter-night.jpg": scene_fjallsta_winter,
    "press/fjordlaks-hatchery.jpg": scene_hatchery,
    "press/border-agreement.jpg": scene_border_agreement,
}

# name: (seed, background stops, skin, hair, clothing, hair style)
PORTRAITS = {
    "ingrid-haugen": (1, ("#f3d9c4", "#d99c7c"), "#f0c9a8", "#c79a5a", "#2f5d7c", "long"),
    "erik-lindqvist": (2, ("#d5e3ee", "#8fb1cc"), "#eac3a2", "#8a6a4a", "#34495e", "beard"),
    "marte-solberg": (3, ("#e4efd9", "#9dbf8a"), "#e8bb98", "#5b3b2a", "#b6462f", "bun"),
    "jonas-berg": (4, ("#dfe0f2", "#9a9cd0"), "#f1cfb0", "#d8c08a", "#1f2f44", "short"),
    "sara-nystrom": (5, ("#f6e3d8", "#e2a58f"), "#edc4a5", "#3a2a20", "#3e7b62", "long"),
    "amir-haddad": (6, ("#e9e2f3", "#b39ad2"), "#b98863", "#1e1a18", "#d9d4c8", "beard"),
    "kristoffer-moe": (7, ("#dbeaf0", "#83b4c8"), "#efc8a6", "#6e4f33", "#7a3b2e", "cap"),
    "daniel-aberg": (8, ("#efe9d8", "#c9b37a"), "#f2cfb2", "#a07a4e", "#2e4a3a", "short"),
    "ana-ribeiro": (9, ("#f3dede", "#d48f93"), "#c99470", "#2a1d17", "#1f4f7a", "long"),
}

# company id: (initials, colour, accent, motif)
LOGOS = {
    "nordlys-data": ("ND", "#1d3557", "#57cc99", "mountain"),
    "fjordlaks": ("FL", "#0b6e99", "#ff8c61", "wave"),
    "helsefjell": ("HF", "#2a9d8f", "#ffffff", "cross"),
    "skarvkraft": ("SK", "#264653", "#f4a261", "bolt"),
    "kaihuset": ("KH", "#9c4a3c", "#f2d0a4", "wave"),
    "fjallsta-tra": ("FT", "#6b4f2a", "#a7c957", "tree"),
    "fjallglimt": ("FG", "#3d5a80", "#e0fbfc", "mountain"),
    "kodverket": ("KV", "#5a189a", "#ffd166", "dots"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="images folder (default: content/images)")
    args = parser.parse_args()
    out: Path = args.out
    for name, draw in PHOTOS.items():
        draw(out / name)
    for name, (seed, bg, skin, hair, top, style) in PORTRAITS.items():
        portrait(out / "people" / f"{name}.jpg", seed, bg, skin, hair, top, style)
    for cid, (initials, colour, accent, motif) in LOGOS.items():
        logo(out / "logos" / f"{cid}.png", initials, colour, accent, motif)
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"wrote {len(PHOTOS) + len(PORTRAITS) + len(LOGOS)} images to {out} ({total / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
