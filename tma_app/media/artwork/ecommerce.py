"""Products for the shop demo, square, in a 1200x1200 design space."""

from __future__ import annotations

from tma_app.media.artwork.canvas import (
    Canvas,
    Gradient,
    bezier,
    chord,
    circle,
    ellipse,
    heart,
    oval,
    polygon,
    rect,
    star,
    wave,
)


def _mirror(points: list[tuple[float, float]], axis: float = 600) -> list[tuple[float, float]]:
    """Left half of a symmetric outline -> the whole outline, clockwise."""
    return points + [(2 * axis - x, y) for x, y in reversed(points)]


def t_shirt(c: Canvas) -> None:
    c.shadow((330, 960, 870, 1040), opacity=0.25, blur=22)
    body = _mirror([(600, 300), (505, 250), (330, 320), (170, 520), (300, 610), (365, 540), (365, 990)])
    c.fill(polygon(body), Gradient("#4f8ef7", "#2f66d0"))
    c.fill(polygon([(170, 520), (300, 610), (320, 585), (195, 500)]), "#2a5cc0")
    c.fill(polygon([(1030, 520), (900, 610), (880, 585), (1005, 500)]), "#2a5cc0")
    c.fill(chord((505, 190, 695, 360), 0, 180), "#1f4aa3")
    c.arc((495, 180, 705, 370), 0, 180, "#7fb0ff", 20)
    c.fill(polygon([(365, 700), (420, 990), (365, 990)]), "#ffffff18")
    c.fill(polygon([(835, 640), (780, 990), (835, 990)]), "#00000018")
    c.fill(star(600, 560, 90, 40), "#ffd23f")
    c.outline(circle(600, 560, 130), "#ffffff", 10)


def sneaker(c: Canvas) -> None:
    c.shadow((160, 820, 1080, 910), opacity=0.3, blur=22)
    upper = (
        bezier((200, 800), (170, 560), (250, 420))
        + bezier((250, 420), (360, 380), (470, 430))
        + bezier((470, 430), (560, 470), (610, 330))
        + bezier((610, 330), (650, 300), (700, 340))
        + bezier((700, 340), (820, 560), (1010, 610))
        + bezier((1010, 610), (1090, 650), (1070, 800))
    )
    c.fill(polygon(upper), Gradient("#ff6166", "#d8343a"))
    # Heel counter, toe cap and a sweeping side stripe.
    c.fill(polygon(bezier((200, 800), (175, 600), (230, 470)) + bezier((230, 470), (330, 560), (330, 800))), "#b8262c")
    c.fill(polygon(bezier((880, 590), (1040, 610), (1075, 720)) + [(1070, 800), (860, 800)]), "#ff9497")
    c.fill(polygon(bezier((380, 800), (560, 520), (930, 600)) + bezier((930, 650), (640, 620), (520, 800))), "#ffffff")
    # Collar lining and the tongue.
    c.fill(polygon(bezier((250, 420), (360, 380), (470, 430)) + bezier((470, 430), (360, 440), (260, 470))), "#2f3440")
    c.fill(polygon(bezier((610, 330), (650, 300), (700, 340)) + [(660, 440), (560, 450)]), "#f2f2f2")
    for k in range(5):
        x, y = 640 + k * 58, 400 + k * 42
        c.line([(x - 50, y + 22), (x + 30, y - 22)], "#ffffff", 14)
    # Sole: a white midsole over a dark tread.
    midsole = bezier((170, 780), (150, 860), (250, 870)) + bezier((1040, 870), (1120, 860), (1090, 780))
    c.fill(polygon(midsole), "#ffffff")
    c.fill(rect((170, 850, 1100, 900), 24), "#2f3440")
    for x in range(240, 1060, 70):
        c.line([(x, 876), (x + 30, 876)], "#5b6472", 6)


def backpack(c: Canvas) -> None:
    c.shadow((330, 980, 870, 1060), opacity=0.3, blur=22)
    c.outline(ellipse((500, 170, 700, 330)), "#2f6b57", 30)
    c.fill(rect((300, 420, 360, 900), 28), "#2f6b57")
    c.fill(rect((840, 420, 900, 900), 28), "#2f6b57")
    c.fill(rect((340, 260, 860, 1010), 150), Gradient("#4fb08e", "#2f8a6b"))
    c.arc((380, 290, 820, 620), 200, 340, "#2f6b57", 12)
    c.fill(circle(780, 370, 16), "#ffd23f")
    c.fill(rect((420, 620, 780, 950), 70), Gradient("#3f9b7a", "#2b7a5e"))
    c.line([(440, 690), (760, 690)], "#2f6b57", 12)
    c.fill(rect((700, 670, 730, 740), 10), "#ffd23f")
    c.fill(rect((560, 780, 640, 840), 12), "#ffd23f")
    c.fill(rect((380, 320, 420, 900), 20), "#ffffff1f")


def cap(c: Canvas) -> None:
    c.shadow((230, 800, 1100, 880), opacity=0.3, blur=22)
    c.fill(chord((250, 330, 910, 1150), 180, 360), Gradient("#ffb020", "#f08a00"))
    c.fill(rect((250, 720, 910, 770), 10), "#d97800")
    for box, a0, a1 in (((420, 330, 740, 1150), 200, 340), ((330, 330, 830, 1150), 190, 262)):
        c.arc(box, a0, a1, "#d97800", 8)
    c.fill(ellipse((550, 315, 610, 350)), "#d97800")
    for x, y in ((420, 540), (720, 500)):
        c.fill(circle(x, y, 12), "#d97800")
    c.fill(oval(440, 460, 80, 36, -35), "#ffffff44")
    c.fill(star(590, 600, 70, 30), "#ffffff")
    # The brim juts forward from the front of the band.
    brim_top = bezier((660, 730), (960, 680), (1140, 800))
    brim_bottom = bezier((1140, 800), (980, 860), (660, 810))
    c.fill(polygon(brim_top + brim_bottom), Gradient("#f59a10", "#b86200"))
    c.line(bezier((700, 745), (960, 705), (1110, 795)), "#ffc75a", 6)


def mug(c: Canvas) -> None:
    for k, x in enumerate((520, 600, 680)):
        c.line(wave(x, 330, x, 160, 16, 1.2 + k * 0.2), "#ffffff", 14, opacity=0.6)
    c.shadow((340, 920, 860, 990), opacity=0.3, blur=22)
    c.outline(ellipse((700, 480, 940, 800)), "#e8505b", 56)
    c.fill(rect((340, 380, 800, 960), 60), Gradient("#ff6b74", "#d93a46", horizontal=True))
    c.fill(ellipse((340, 340, 800, 430)), "#ff8a92")
    c.fill(ellipse((365, 355, 775, 418)), Gradient("#6b3a1c", "#3d1f0c"))
    c.fill(heart(570, 660, 180), "#ffffff")
    c.fill(rect((380, 450, 420, 900), 20), "#ffffff33")


def hoodie(c: Canvas) -> None:
    c.shadow((330, 1000, 870, 1070), opacity=0.25, blur=22)
    body = _mirror([(600, 330), (470, 270), (330, 330), (250, 480), (190, 960), (300, 980), (340, 620), (360, 1000)])
    c.fill(polygon(body), Gradient("#9b7cf5", "#6f4fd6"))
    c.fill(polygon([(190, 960), (300, 980), (295, 1010), (185, 990)]), "#5a3cbc")
    c.fill(polygon([(1010, 960), (900, 980), (905, 1010), (1015, 990)]), "#5a3cbc")
    c.fill(rect((360, 960, 840, 1010), 10), "#5a3cbc")
    # The hood lies around the neck; the pocket sits low on the front.
    c.fill(ellipse((430, 180, 770, 420)), "#6f4fd6")
    c.fill(ellipse((480, 220, 720, 400)), "#3e2a8a")
    c.fill(polygon([(440, 760), (760, 760), (820, 920), (380, 920)]), "#7e60e3")
    c.line([(440, 760), (380, 920)], "#5a3cbc", 8)
    c.line([(760, 760), (820, 920)], "#5a3cbc", 8)
    for x in (560, 640):
        c.line([(x, 390), (x + (x - 600) * 0.2, 560)], "#ffffff", 10)
        c.fill(rect((x + (x - 600) * 0.2 - 9, 555, x + (x - 600) * 0.2 + 9, 595), 6), "#ffd23f")
    c.fill(polygon([(250, 480), (330, 330), (360, 360), (290, 520)]), "#ffffff22")


def headphones(c: Canvas) -> None:
    c.shadow((250, 930, 950, 1010), opacity=0.28, blur=22)
    c.arc((270, 200, 930, 900), 185, 355, "#2f3440", 70)
    c.arc((300, 230, 900, 870), 200, 340, "#5b6472", 14)
    for x0 in (230, 800):
        c.fill(rect((x0 + 40, 520, x0 + 130, 600), 20), "#9aa3af")
        c.fill(rect((x0, 580, x0 + 170, 920), 80), Gradient("#3a3f4a", "#1f232a"))
        inner = x0 + 130 if x0 < 600 else x0 - 10
        c.fill(rect((inner, 620, inner + 50, 880), 25), "#ff6a3d")
        c.fill(oval(x0 + 60, 680, 18, 70), "#ffffff33")


def smartwatch(c: Canvas) -> None:
    c.shadow((400, 1020, 800, 1080), opacity=0.25, blur=18)
    c.fill(rect((470, 120, 730, 460), 40), Gradient("#3fc1a0", "#1f8a70"))
    c.fill(rect((470, 740, 730, 1060), 40), Gradient("#1f8a70", "#3fc1a0"))
    for y in (860, 920, 980):
        c.fill(circle(600, y, 14), "#17614f")
    c.fill(rect((810, 520, 860, 620), 16), "#5b6472")
    c.fill(rect((380, 360, 820, 840), 110), Gradient("#5b6472", "#2f3440"))
    c.fill(rect((410, 390, 790, 810), 90), "#0f1115")
    for r, color in ((150, "#ff3d6e"), (112, "#a6f04a"), (74, "#3fd0ff")):
        c.outline(circle(600, 600, r), color + "40", 28)
        c.arc((600 - r, 600 - r, 600 + r, 600 + r), -90, -90 + 360 * (0.55 + r / 600), color, 28)
    c.fill(oval(500, 450, 70, 20, -30), "#ffffff22")


def sunglasses(c: Canvas) -> None:
    c.shadow((200, 820, 1000, 880), opacity=0.22, blur=20)
    # Temples folded behind the lenses, then the bridge and the frame.
    c.line([(260, 560), (640, 690), (940, 600)], "#1f232a", 22)
    c.line(bezier((530, 560), (600, 500), (670, 560)), "#2f3440", 26)
    c.fill(rect((180, 540, 240, 580), 12), "#2f3440")
    c.fill(rect((960, 540, 1020, 580), 12), "#2f3440")
    for x0 in (220, 660):
        c.fill(rect((x0, 520, x0 + 320, 780), 110), "#2f3440")
        c.fill(rect((x0 + 20, 540, x0 + 300, 760), 95), Gradient("#3b5bdb", "#12205a"))
        c.fill(polygon([(x0 + 90, 560), (x0 + 160, 560), (x0 + 70, 740), (x0 + 30, 720)]), "#ffffff2a")
        c.fill(polygon([(x0 + 190, 560), (x0 + 220, 560), (x0 + 140, 750), (x0 + 115, 750)]), "#ffffff22")


def tote_bag(c: Canvas) -> None:
    c.shadow((300, 1010, 900, 1080), opacity=0.25, blur=22)
    c.arc((450, 210, 790, 670), 180, 360, "#8f6d42", 30)  # back handle
    c.fill(polygon([(300, 440), (900, 440), (950, 1040), (250, 1040)]), Gradient("#f3e6cf", "#dcc7a3"))
    c.fill(rect((300, 440, 900, 490), 0), "#e6d2ae")
    c.arc((410, 190, 750, 690), 180, 360, "#b08a5a", 30)
    for x in (410, 750):
        c.fill(rect((x - 30, 430, x + 30, 500), 8), "#b08a5a")
    c.fill(circle(600, 700, 140), "#ff8a5b")
    for k in range(3):
        y = 760 + k * 40
        c.line(wave(450, y, 750, y, 10, 2), "#2f8a6b" if k % 2 == 0 else "#4fb08e", 14)
    c.fill(rect((440, 900, 760, 940), 20), "#2f3440")
