"""Dishes for the restaurant demo, drawn in a 1200x900 design space."""

from __future__ import annotations

import math

from tma_app.media.artwork.canvas import (
    Box,
    Canvas,
    Gradient,
    Shape,
    bezier,
    chord,
    circle,
    ellipse,
    heart,
    leaf,
    oval,
    polygon,
    rect,
    segment,
    wave,
)

WOOD = "#c98b4f"
WOOD_DARK = "#8f5a2b"


def steam(c: Canvas, x: float, bottom: float, height: float, opacity: float = 0.55) -> None:
    for dx, phase in ((-70, 0.0), (0, 0.5), (70, 0.25)):
        points = wave(x + dx, bottom, x + dx, bottom - height, 18, 1.25 + phase)
        c.line(points, "#ffffff", 13, opacity=opacity)


def chopsticks(c: Canvas, start: tuple[float, float], end: tuple[float, float], gap: float = 34) -> None:
    for offset in (0, gap):
        (x0, y0), (x1, y1) = start, end
        c.line([(x0 + offset, y0 - offset * 0.3), (x1 + offset, y1 - offset * 0.3)], WOOD_DARK, 20)
        c.line([(x0 + offset, y0 - offset * 0.3), (x1 + offset, y1 - offset * 0.3)], WOOD, 14)


def plate(c: Canvas, box: Box, rim: str = "#ffffff", well: str = "#eef0f3") -> None:
    x0, y0, x1, y1 = box
    c.shadow((x0 + 20, y0 + 40, x1 - 20, y1 + 30), opacity=0.25, blur=22)
    c.fill(ellipse(box), rim)
    dx, dy = (x1 - x0) * 0.12, (y1 - y0) * 0.12
    c.fill(ellipse((x0 + dx, y0 + dy, x1 - dx, y1 - dy)), well)


def flame(x: float, tip: float, bulge: float, base: float, half_width: float) -> Shape:
    """A candle flame: two mirrored curves from the tip, widest at `bulge`, meeting at the base."""
    right = bezier((x, tip), (x + half_width, bulge), (x, base))
    left = bezier((x, base), (x - half_width, bulge), (x, tip))
    return polygon(right + left)


def ramen(c: Canvas) -> None:
    steam(c, 600, 420, 260)
    c.shadow((300, 730, 900, 820), opacity=0.3, blur=24)
    c.fill(rect((480, 760, 720, 812), 18), "#7d2119")
    c.fill(chord((240, 230, 960, 820), 0, 180), Gradient("#e4553f", "#9c2a20"))
    # A white wave band that follows the curve of the bowl.
    band = [(x, 615 + 45 * (1 - ((x - 600) / 330) ** 2) + 10 * math.sin((x - 280) / 22)) for x in range(285, 916, 6)]
    c.line(band, "#ffffff", 9)
    c.line([(x, y + 34) for x, y in band[8:-8]], "#f7b0a4", 6)
    c.fill(ellipse((240, 462, 960, 588)), "#f16a52")
    c.fill(ellipse((266, 476, 934, 574)), Gradient("#f2b45c", "#d9822b"))
    # Noodles peeking out of the broth on the left.
    for i in range(5):
        c.line(wave(320 + i * 8, 505 + i * 11, 560, 500 + i * 11, 7, 3), "#f7d774", 11)
    # Nori sheets standing up at the back.
    c.fill(polygon([(690, 360), (790, 350), (800, 520), (700, 526)]), "#1f3a2a")
    c.fill(polygon([(760, 380), (850, 372), (850, 516), (770, 520)]), "#2c5039")
    # Chashu pork slice.
    c.fill(ellipse((330, 470, 470, 540)), "#f1cfae")
    c.fill(ellipse((342, 478, 458, 532)), "#c7764f")
    c.fill(ellipse((378, 494, 420, 516)), "#e3a27f")
    # Soft-boiled egg halves.
    for x in (540, 640):
        c.fill(oval(x + 40, 512, 62, 34, -8), "#fffaf0")
        c.fill(oval(x + 40, 514, 30, 19, -8), "#f59a1f")
        c.fill(oval(x + 34, 509, 12, 7, -8), "#ffc457")
    # Narutomaki with its pink swirl.
    c.fill(ellipse((466, 536, 546, 568)), "#fffdfb")
    c.arc((484, 541, 528, 563), 0, 300, "#f06ea0", 5)
    c.arc((496, 546, 516, 558), 180, 450, "#f06ea0", 4)
    # Spring onion rings.
    for x, y in ((420, 556), (600, 552), (700, 548), (760, 534), (820, 540), (650, 488)):
        c.fill(ellipse((x - 14, y - 8, x + 14, y + 8)), "#5fae3d")
        c.fill(ellipse((x - 7, y - 4, x + 7, y + 4)), "#c9f0a5")
    chopsticks(c, (640, 150), (1050, 560))


def burger(c: Canvas) -> None:
    plate(c, (230, 640, 970, 840))
    # Bottom bun.
    c.fill(rect((330, 610, 870, 700), 40), Gradient("#f0b462", "#c98231"))
    # Patty.
    c.fill(rect((310, 540, 890, 630), 46), Gradient("#6b3a22", "#452312"))
    for x in range(360, 850, 60):
        c.line([(x, 565), (x + 28, 560)], "#8a5334", 6)
    # Cheese with drips.
    c.fill(
        polygon(
            [(300, 520), (900, 520), (880, 560), (820, 560), (800, 610), (770, 560)]
            + [(560, 560), (530, 620), (500, 560), (330, 560)]
        ),
        "#ffc93c",
    )
    # Tomato.
    c.fill(rect((330, 480, 870, 530), 24), "#e8473b")
    c.fill(rect((350, 488, 600, 500), 6), "#ff7a6b")
    # Lettuce: a wavy band.
    top = wave(300, 470, 900, 470, 14, 8, n=80)
    c.fill(polygon(top + [(900, 498), (300, 498)]), "#6cc04a")
    c.line(top, "#4f9d32", 8)
    # Top bun: a dome with sesame seeds and a highlight.
    c.fill(chord((310, 220, 890, 700), 180, 360), Gradient("#f6c070", "#d98c2f"))
    c.fill(rect((310, 440, 890, 478), 18), "#d98c2f")
    c.fill(oval(470, 320, 110, 34, -12), "#ffffff44")
    seeds: tuple[tuple[int, int, int], ...] = ((450, 370, 20), (540, 300, -15), (640, 330, 35), (720, 390, -20))
    seeds += ((600, 400, 10), (380, 420, -30), (800, 430, 25), (520, 420, 60))
    for x, y, a in seeds:
        c.fill(oval(x, y, 14, 7, a), "#fff4d6")


def pizza(c: Canvas) -> None:
    c.shadow((250, 230, 950, 850), opacity=0.3, blur=30)
    c.fill(ellipse((230, 130, 970, 870)), WOOD)
    c.fill(ellipse((250, 150, 950, 850)), "#d99b5c")
    c.fill(ellipse((270, 170, 930, 830)), Gradient("#f2c275", "#dc9845"))
    c.fill(ellipse((310, 210, 890, 790)), "#d9412b")
    # Melted cheese: overlapping blobs over the sauce.
    blobs: tuple[tuple[int, int, int, int], ...] = ((480, 380, 130, 110), (700, 380, 120, 120), (440, 600, 120, 120))
    blobs += ((660, 620, 150, 110), (580, 500, 150, 130))
    for x, y, rx, ry in blobs:
        c.fill(ellipse((x - rx, y - ry, x + rx, y + ry)), "#ffd66b")
    # Pepperoni.
    for x, y in ((460, 330), (680, 300), (760, 480), (400, 520), (560, 640), (720, 660), (600, 460), (470, 720)):
        c.fill(circle(x, y, 46), "#c0392b")
        c.fill(circle(x - 12, y - 12, 14), "#e0604f")
        for dx, dy in ((14, 10), (-16, 18), (20, -18)):
            c.fill(circle(x + dx, y + dy, 5), "#8e2418")
    # Basil and olives.
    for x, y, a in ((560, 300, 30), (800, 590, -40), (380, 420, 70), (640, 560, 10)):
        c.fill(leaf(x, y, 70, 34, a), "#2f8f3a")
        c.line(segment(x, y, 56, a), "#5fc46b", 4)
    for x, y in ((540, 540), (820, 380), (400, 640), (620, 370)):
        c.fill(circle(x, y, 16), "#2b2b2b")
        c.fill(circle(x, y, 6), "#d9412b")
    # Slice cuts.
    for angle in range(0, 360, 60):
        rad = math.radians(angle + 15)
        c.line([(600, 500), (600 + 330 * math.cos(rad), 500 + 330 * math.sin(rad))], "#c4782f88", 5)


def salad(c: Canvas) -> None:
    c.shadow((300, 700, 900, 820), opacity=0.28, blur=24)
    c.fill(rect((470, 780, 730, 822), 16), "#b8c2cd")
    c.fill(chord((220, 260, 980, 840), 0, 180), Gradient("#ffffff", "#d6dde6"))
    c.arc((260, 300, 940, 800), 30, 150, "#8fd0c4", 12)
    greens = ("#4caf50", "#7cc451", "#2e8b3e", "#9ad36a", "#5bbd5b")
    leaves = (
        (320, 520, 240, 110, -20), (450, 460, 260, 120, 15), (620, 420, 280, 130, -10), (790, 470, 260, 120, 25),
        (890, 530, 200, 100, -30), (400, 560, 240, 110, 40), (560, 520, 260, 120, -35), (730, 540, 240, 110, 10),
        (520, 400, 220, 100, 60), (690, 390, 210, 100, -50),
    )
    for i, (x, y, lx, ly, a) in enumerate(leaves):
        c.fill(leaf(x, y, lx, ly, a), greens[i % len(greens)])
        c.line(segment(x, y, lx * 0.8, a), "#ffffff55", 5)
    # Cucumber slices.
    for x, y in ((470, 500), (760, 450), (640, 560)):
        c.fill(circle(x, y, 42), "#3f8f3a")
        c.fill(circle(x, y, 35), "#d8f0b0")
        for k in range(6):
            rad = math.radians(k * 60)
            c.fill(circle(x + 16 * math.cos(rad), y + 16 * math.sin(rad), 5), "#a9d68a")
    # Cherry tomatoes.
    for x, y in ((560, 440), (850, 520), (380, 480), (700, 500)):
        c.fill(circle(x, y, 40), Gradient("#ff6b57", "#d4301f"))
        c.fill(oval(x - 12, y - 14, 12, 7, -30), "#ffffffaa")
        c.fill(leaf(x + 4, y - 38, 26, 10, 20), "#2e7d32")
    # Carrot ribbons.
    for x, y, a in ((610, 500, -25), (820, 470, 30), (430, 540, 15)):
        c.fill(leaf(x, y, 120, 20, a), "#ff9a3c")


def dumplings(c: Canvas) -> None:
    # A bamboo steamer seen from above.
    c.shadow((180, 170, 900, 860), opacity=0.3, blur=30)
    c.fill(ellipse((160, 120, 880, 840)), "#c58f4a")
    c.fill(ellipse((190, 150, 850, 810)), "#e0b06b")
    c.fill(ellipse((220, 180, 820, 780)), "#b98444")
    for k in range(7):
        y = 240 + k * 80
        c.line([(260, y), (780, y)], "#a8743a", 6)
    for x, y in ((390, 330), (620, 330), (300, 540), (520, 560), (720, 540), (430, 720), (630, 720)):
        c.shadow((x - 100, y - 10, x + 100, y + 70), opacity=0.25, blur=12)
        c.fill(chord((x - 105, y - 95, x + 105, y + 75), 180, 360), Gradient("#fffaf0", "#f0e2c8"))
        c.fill(rect((x - 105, y - 12, x + 105, y + 22), 16), "#f4e8d2")
        for k in range(-2, 3):
            c.line([(x + k * 32, y - 48 + abs(k) * 14), (x + k * 30, y - 5)], "#dcc8a4", 5)
        c.fill(oval(x - 40, y - 50, 22, 10, -20), "#ffffffcc")
    # Soy sauce dish and chopsticks.
    c.shadow((860, 620, 1110, 800), opacity=0.25, blur=16)
    c.fill(ellipse((860, 590, 1100, 780)), "#ffffff")
    c.fill(ellipse((885, 612, 1075, 758)), "#5a2d12")
    c.fill(oval(950, 660, 36, 14, -15), "#ffffff33")
    chopsticks(c, (880, 100), (1120, 520), gap=40)


def tea(c: Canvas) -> None:
    steam(c, 560, 360, 220, opacity=0.6)
    # Saucer.
    c.shadow((250, 700, 930, 830), opacity=0.3, blur=22)
    c.fill(ellipse((230, 650, 950, 810)), "#ffffff")
    c.fill(ellipse((330, 690, 850, 780)), "#e8ecf2")
    # Handle.
    c.outline(ellipse((690, 460, 860, 640)), "#3aa17e", 34)
    c.outline(ellipse((690, 460, 860, 640)), "#51c39b", 14)
    # Cup body and rim.
    c.fill(chord((330, 150, 790, 760), 0, 180), Gradient("#57c7a0", "#2f8f6f"))
    c.fill(polygon([(330, 455), (790, 455), (790, 470), (330, 470)]), "#57c7a0")
    c.fill(ellipse((330, 400, 790, 500)), "#e9fbf4")
    c.fill(ellipse((350, 412, 770, 490)), Gradient("#d88a2c", "#a85d17"))
    c.fill(oval(480, 440, 80, 14, -4), "#ffffff44")
    c.fill(oval(420, 560, 24, 60, 20), "#ffffff3a")
    # A lemon slice resting on the saucer.
    c.fill(circle(860, 680, 62), "#f7c928")
    c.fill(circle(860, 680, 52), "#fff3a6")
    for k in range(8):
        a = math.radians(k * 45 + 10)
        c.fill(leaf(860 + 26 * math.cos(a), 680 + 26 * math.sin(a), 40, 16, k * 45 + 10), "#ffe066")


def cake(c: Canvas) -> None:
    plate(c, (260, 660, 940, 840), well="#f6f1f6")
    # Sponge cylinder with a cream top and drips.
    c.fill(rect((330, 420, 870, 760), 40), Gradient("#f9a8c0", "#e66f93", horizontal=True))
    c.fill(ellipse((330, 700, 870, 800)), "#e66f93")
    c.fill(rect((330, 560, 870, 600), 4), "#fff3f6")
    c.fill(ellipse((330, 360, 870, 480)), "#fff7fa")
    drips = [(380, 520), (450, 560), (540, 505), (630, 545), (720, 515), (800, 550)]
    c.fill(rect((330, 420, 870, 470), 10), "#fff7fa")
    for x, y in drips:
        c.fill(rect((x - 22, 440, x + 22, y), 22), "#fff7fa")
    # Candles and flames.
    for x in (500, 600, 700):
        c.fill(rect((x - 14, 230, x + 14, 410), 8), "#7ec8e3")
        for k in range(4):
            c.line([(x - 14, 260 + k * 40), (x + 14, 250 + k * 40)], "#ffffff", 6)
        c.soft(circle(x, 190, 40), "#ffd27a", 0.7, 18)
        c.fill(flame(x, 140, 200, 222, 36), "#ffb020")
        c.fill(flame(x, 170, 205, 215, 16), "#fff1a8")
    # Strawberries around the top.
    for x, y in ((400, 420), (800, 420), (470, 455), (730, 455), (600, 465)):
        c.fill(heart(x, y, 60), "#e8283c")
        c.fill(leaf(x, y - 30, 40, 14, 0), "#3c9a3c")
        for dx, dy in ((-10, -4), (10, 0), (0, 12)):
            c.fill(circle(x + dx, y + dy, 3), "#ffe58a")


def sushi(c: Canvas) -> None:
    # A slate board with two nigiri and three maki rolls.
    c.shadow((170, 520, 1030, 840), opacity=0.3, blur=26)
    c.fill(rect((140, 440, 1060, 790), 40), Gradient("#3b3f46", "#24272c"))
    c.fill(rect((160, 456, 1040, 470), 7), "#ffffff18")
    for x in (290, 510):
        c.fill(rect((x - 105, 540, x + 105, 650), 55), "#fbfbf6")
        c.fill(chord((x - 120, 460, x + 120, 630), 180, 360), Gradient("#ff9a6b", "#f06a3c"))
        for k in range(-2, 3):
            c.line([(x + k * 38 - 12, 488), (x + k * 38 + 12, 538)], "#ffd2bd", 9)
    for x in (700, 820, 940):
        c.fill(rect((x - 56, 560, x + 56, 660), 10), "#1f2a22")
        c.fill(ellipse((x - 56, 630, x + 56, 690)), "#1f2a22")
        c.fill(ellipse((x - 56, 520, x + 56, 600)), "#1f2a22")
        c.fill(ellipse((x - 46, 527, x + 46, 593)), "#fbfbf6")
        c.fill(ellipse((x - 22, 546, x + 6, 574)), "#f06a3c")
        c.fill(ellipse((x - 2, 544, x + 20, 566)), "#7dc36b")
        c.fill(ellipse((x - 4, 562, x + 22, 580)), "#ffd54f")
    # Wasabi and pickled ginger.
    c.fill(ellipse((200, 670, 300, 740)), "#8bc34a")
    c.fill(oval(250, 692, 22, 10, -20), "#c5e1a5")
    for k in range(3):
        c.fill(leaf(820 + k * 30, 720 - k * 6, 90, 40, -20 + k * 25), "#f6b7c1")
    chopsticks(c, (140, 250), (1000, 400), gap=30)


def latte(c: Canvas) -> None:
    # A cup seen from above, with latte art.
    c.shadow((270, 180, 950, 840), opacity=0.28, blur=26)
    c.fill(ellipse((250, 130, 950, 830)), "#ffffff")
    c.fill(ellipse((300, 180, 900, 780)), "#eef1f4")
    c.fill(rect((860, 420, 1060, 500), 40), "#ffffff")
    c.fill(ellipse((360, 240, 840, 720)), "#ffffff")
    c.fill(ellipse((390, 270, 810, 690)), Gradient("#a0612d", "#6f3d17"))
    c.fill(ellipse((410, 290, 790, 670)), "#b8763a")
    c.fill(heart(600, 485, 260), "#fff2df")
    c.fill(heart(600, 470, 150), "#b8763a")
    c.fill(heart(600, 458, 80), "#fff2df")
    c.line([(600, 330), (600, 610)], "#b8763a", 6)
    # Two coffee beans.
    for x, y, a in ((160, 700, -30), (1060, 220, 40)):
        c.fill(oval(x, y, 48, 32, a), "#5b3212")
        start, end = segment(x, y, 60, a)
        c.line(bezier(start, (x + 8, y - 8), end), "#2e1808", 6)


def pancakes(c: Canvas) -> None:
    plate(c, (220, 650, 980, 850))
    for k in range(5):
        y = 700 - k * 62
        c.fill(ellipse((300, y - 70, 900, y + 40)), Gradient("#e8a04a", "#b86a1f"))
        c.fill(ellipse((300, y - 100, 900, y + 10)), "#f3c77c")
    # Syrup pooling on top and dripping down the sides.
    c.fill(ellipse((380, 348, 820, 430)), "#9c4a0e")
    for x, y in ((420, 520), (540, 590), (700, 560), (790, 480)):
        c.fill(rect((x - 18, 390, x + 18, y), 18), "#9c4a0e")
    c.fill(oval(520, 376, 70, 12, -4), "#ffffff44")
    # Butter and berries.
    c.fill(polygon([(540, 320), (640, 300), (690, 350), (590, 372)]), "#fff4b0")
    c.fill(polygon([(590, 372), (690, 350), (690, 366), (592, 390)]), "#f3de7a")
    for x, y in ((450, 380), (760, 400), (700, 340), (480, 350)):
        c.fill(circle(x, y, 24), "#3b4a9c")
        c.fill(circle(x - 7, y - 7, 7), "#8f9ce0")
    c.fill(leaf(470, 330, 60, 24, -30), "#3f9d45")
