"""Equipment and activity pictures for the fitness demo, in a 1200x900 design space."""

from __future__ import annotations

import math

from tma_app.media.artwork.canvas import (
    Canvas,
    Gradient,
    bezier,
    circle,
    ellipse,
    heart,
    oval,
    pieslice,
    polygon,
    rect,
    star,
)

STEEL = Gradient("#d9dee5", "#8d96a3")
IRON = Gradient("#4a5260", "#22262e")


def dumbbell(c: Canvas) -> None:
    c.shadow((200, 600, 1000, 700), opacity=0.3, blur=24)
    c.fill(rect((380, 430, 820, 490), 24), STEEL)
    for x in range(420, 790, 22):
        c.line([(x, 440), (x + 10, 480)], "#a4acb8", 4)
    for side in (-1, 1):
        def at(v: float, side: int = side) -> float:
            return 600 + side * v

        c.fill(rect((min(at(210), at(240)), 410, max(at(210), at(240)), 510), 12), STEEL)
        c.fill(rect((min(at(240), at(330)), 280, max(at(240), at(330)), 640), 30), Gradient("#ff7a45", "#d9481c"))
        c.fill(rect((min(at(330), at(400)), 320, max(at(330), at(400)), 600), 26), Gradient("#ff9b6a", "#e25a2b"))
        c.fill(rect((min(at(255), at(275)), 310, max(at(255), at(275)), 600), 10), "#ffffff33")
        c.fill(rect((min(at(400), at(420)), 420, max(at(400), at(420)), 500), 8), "#7b8491")


def kettlebell(c: Canvas) -> None:
    c.shadow((330, 760, 870, 840), opacity=0.35, blur=22)
    c.outline(ellipse((420, 150, 780, 520)), "#2b3038", 70)
    c.outline(ellipse((440, 170, 760, 500)), "#4b5362", 14)
    c.fill(rect((460, 740, 740, 800), 20), "#1f232a")
    c.fill(circle(600, 560, 250), IRON)
    c.fill(oval(500, 450, 70, 130, 25), "#ffffff22")
    c.fill(oval(480, 420, 24, 50, 25), "#ffffff44")
    c.fill(circle(600, 600, 82), "#ffb627")
    c.fill(circle(600, 600, 62), "#ffd46b")
    c.fill(star(600, 604, 44, 20), "#b8740d")


def runner(c: Canvas) -> None:
    c.fill(circle(760, 360, 240), "#ffe27a")
    c.shadow((380, 760, 860, 820), opacity=0.25, blur=18)
    for y, x0, x1 in ((360, 170, 330), (460, 120, 300), (560, 190, 330)):
        c.line([(x0, y), (x1, y)], "#ffffff", 16, opacity=0.8)
    back, front = "#c9452a", "#ff6a3d"
    # Limbs behind the body first, then the torso, then the limbs in front.
    c.line([(615, 335), (520, 400), (455, 470)], back, 52)
    c.line([(560, 505), (470, 615), (345, 625)], back, 60)
    c.fill(rect((300, 600, 370, 650), 20), "#31343b")
    c.line([(625, 320), (560, 505)], front, 86)
    c.line([(560, 505), (690, 575), (650, 735)], front, 60)
    c.fill(rect((620, 715, 730, 765), 22), "#31343b")
    c.line([(620, 335), (715, 400), (790, 335)], front, 50)
    c.fill(circle(665, 220, 62), front)
    c.fill(oval(640, 200, 20, 30, 20), "#ffffff44")


def yoga_mat(c: Canvas) -> None:
    c.shadow((140, 700, 1060, 850), opacity=0.25, blur=24)
    # The unrolled part, in perspective, then the roll lying across its far end.
    c.fill(polygon([(260, 560), (880, 560), (1040, 820), (140, 820)]), Gradient("#b79cf2", "#8f6fe0"))
    for k in range(1, 4):
        t = k / 4
        y = 560 + 260 * t
        c.line([(260 - 120 * t, y), (880 + 160 * t, y)], "#ffffff", 4, opacity=0.25)
    c.fill(rect((250, 380, 860, 580), 100), Gradient("#9b7ff0", "#6a4dc9"))
    c.fill(ellipse((790, 380, 930, 580)), "#7d5fd9")
    for k, r in enumerate((88, 66, 44, 22)):
        c.outline(ellipse((860 - r * 0.7, 480 - r, 860 + r * 0.7, 480 + r)), "#b9a6f7" if k % 2 else "#5a3eb5", 8)
    c.fill(rect((300, 400, 780, 420), 10), "#ffffff30")
    # A cork block standing on the mat.
    c.shadow((200, 760, 440, 810), opacity=0.25, blur=10)
    c.fill(polygon([(220, 640), (380, 625), (430, 665), (270, 682)]), "#f0cfa6")
    c.fill(polygon([(270, 682), (430, 665), (430, 775), (270, 795)]), "#c99b6a")
    c.fill(polygon([(220, 640), (270, 682), (270, 795), (220, 750)]), "#b5885a")


def water_bottle(c: Canvas) -> None:
    c.shadow((420, 790, 780, 850), opacity=0.3, blur=18)
    c.fill(rect((455, 250, 745, 820), 80), Gradient("#bfe9ff", "#6cc3f5", horizontal=True))
    c.fill(rect((470, 440, 730, 805), 66), Gradient("#4aa8e8", "#2a7fc4"))
    c.fill(oval(600, 442, 130, 16), "#7cc8f5")
    c.fill(rect((455, 520, 745, 640), 0), "#ffffff")
    c.fill(rect((455, 560, 745, 600), 0), "#ff6a3d")
    c.fill(rect((495, 150, 705, 270), 30), Gradient("#3a3f4a", "#1f232a"))
    c.outline(ellipse((640, 90, 780, 230)), "#3a3f4a", 24)
    c.fill(rect((560, 110, 640, 160), 14), "#2b2f38")
    c.fill(rect((490, 300, 520, 780), 15), "#ffffff66")
    for x, y, r in ((660, 700, 14), (620, 750, 9), (690, 520 + 160, 7), (560, 690, 8)):
        c.outline(circle(x, y, r), "#d6f1ff", 4)


def jump_rope(c: Canvas) -> None:
    c.shadow((240, 740, 960, 820), opacity=0.22, blur=18)
    rope = bezier((380, 300), (120, 980), (1080, 980), (820, 300), n=60)
    c.line(rope, "#1f8a70", 18)
    c.line(rope, "#3fc1a0", 8)
    for (x0, y0), (x1, y1) in (((430, 130), (380, 310)), ((770, 130), (820, 310))):
        c.line([(x0, y0), (x1, y1)], "#22262e", 64)
        c.line([(x0, y0), (x1, y1)], "#ff6a3d", 44)
        c.fill(circle(x1, y1, 28), "#22262e")
        c.line([(x0 - 8, y0 + 20), (x0 + (x1 - x0) * 0.6 - 8, y0 + (y1 - y0) * 0.6)], "#ffffff", 8, opacity=0.45)


def stopwatch(c: Canvas) -> None:
    c.shadow((340, 760, 860, 840), opacity=0.3, blur=22)
    c.fill(rect((560, 90, 640, 170), 14), "#2b2f38")
    c.fill(rect((530, 70, 670, 110), 18), "#ff6a3d")
    c.fill(rect((790, 190, 850, 250), 12), "#2b2f38")
    c.fill(circle(600, 490, 320), Gradient("#3a3f4a", "#1f232a"))
    c.fill(circle(600, 490, 280), "#ffffff")
    c.fill(pieslice((320, 210, 880, 770), -90, 130), "#ffe3d6")
    c.arc((335, 225, 865, 755), -90, 130, "#ff6a3d", 30)
    for k in range(60):
        a = math.radians(k * 6 - 90)
        r0 = 230 if k % 5 == 0 else 250
        tick = [(600 + r0 * math.cos(a), 490 + r0 * math.sin(a)), (600 + 262 * math.cos(a), 490 + 262 * math.sin(a))]
        c.line(tick, "#3a3f4a", 10 if k % 5 == 0 else 4)
    a = math.radians(130)
    c.line([(600, 490), (600 + 210 * math.cos(a), 490 + 210 * math.sin(a))], "#ff6a3d", 16)
    c.line([(600, 490), (600, 330)], "#22262e", 20)
    c.fill(circle(600, 490, 26), "#22262e")
    c.fill(oval(470, 330, 90, 40, -35), "#ffffff55")


def heart_rate(c: Canvas) -> None:
    c.soft(heart(600, 470, 640), "#ff3d6e", 0.35, 40)
    c.fill(heart(600, 450, 600), Gradient("#ff6b8b", "#e0244f"))
    c.fill(oval(450, 300, 80, 45, -35), "#ffffff55")
    pulse = [(160, 470), (420, 470), (470, 380), (530, 600), (600, 260), (660, 560), (700, 470), (1040, 470)]
    c.line(pulse, "#ffffff", 30)
    c.line([(160, 470), (420, 470)], "#ff6b8b", 30)
    c.line([(700, 470), (1040, 470)], "#e0244f", 30)
    c.line(pulse[1:-1], "#ffffff", 26)


def bicycle(c: Canvas) -> None:
    c.shadow((170, 800, 1030, 860), opacity=0.25, blur=16)
    for cx in (350, 850):
        c.outline(circle(cx, 620, 190), "#22262e", 34)
        c.outline(circle(cx, 620, 160), "#c3c9d2", 8)
        for k in range(12):
            a = math.radians(k * 30)
            c.line([(cx, 620), (cx + 160 * math.cos(a), 620 + 160 * math.sin(a))], "#aab2bd", 3)
        c.fill(circle(cx, 620, 18), "#5b6472")
    frame = "#ff6a3d"
    seat, head, crank = (500, 360), (790, 370), (560, 620)
    c.line([(350, 620), crank, seat, (350, 620)], frame, 30)
    c.line([seat, head, crank], frame, 30)
    c.line([head, (850, 620)], frame, 30)
    c.line([(780, 340), (770, 280), (860, 260)], "#22262e", 20)
    c.line([(500, 360), (490, 300)], "#22262e", 18)
    c.fill(polygon([(420, 290), (560, 280), (570, 305), (440, 320)]), "#22262e")
    c.fill(circle(560, 620, 48), "#22262e")
    c.fill(circle(560, 620, 30), "#5b6472")
    c.line([(560, 620), (620, 700)], "#22262e", 16)
    c.fill(rect((600, 690, 670, 712), 8), "#22262e")
    for x0, x1, y in ((120, 230, 430), (60, 200, 520), (130, 210, 340)):
        c.line([(x0, y), (x1, y)], "#ffffff", 14, opacity=0.8)
