"""The demo's lessons learned: Mueang Loei's younger tambons write them up at the end of the
programme, after activity 4 (dated inside the programme, which ends on 30 Sep 2564).

420102 and 420103 are published by the province (so Loei's booklet has two chapters, with photos);
420104 is a draft its tambon leader is still writing. Everything goes through the lessons services;
a tambon that already has a write-up is left as it is, so seeding again changes nothing.
"""

from __future__ import annotations

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from phinong.accounts.models import User
from phinong.demo.clock import at, dated
from phinong.geo.models import Tambon
from phinong.lessons import services
from phinong.lessons.models import Lesson
from phinong.programmes.models import Programme

WRITE_UPS: dict[str, dict[str, str]] = {
    "420102": {
        "background": (
            "ตำบลเมืองมีครัวเรือนเปราะบางกว่า 120 ครัวเรือน หลายครอบครัวซื้ออาหารทุกมื้อจากตลาด "
            "เมื่อเกิดการระบาดของโควิด 19 รายได้ลดลงและค่าใช้จ่ายในครัวเรือนสูงขึ้น\n\n"
            "ผู้นำการเปลี่ยนแปลง 15 คนจึงร่วมกับตำบลกุดป่องซึ่งเป็นตำบลบ้านพี่ วางแผนสร้างความมั่นคง"
            "ทางอาหารด้วยธนาคารอาหารชุมชนและแปลงผักรวม"
        ),
        "process": (
            "ประชุมผู้นำทั้ง 15 คนเพื่อสำรวจครัวเรือนเป้าหมาย แบ่งกลุ่ม HI และ CI แล้วจัดทำแผนร่วมกับ "
            "อบต. วัด และโรงเรียน\n\n"
            "เปิดแปลงผักรวมในที่ดินสาธารณะของหมู่ที่ 3 ตามแนวทางโคก หนอง นา ขุดบ่อเก็บน้ำ ปลูกผักสวนครัว "
            "และเลี้ยงไก่ไข่ ผลผลิตส่วนหนึ่งเข้าศูนย์แบ่งปันของตำบล"
        ),
        "results": (
            "ครัวเรือนที่เข้าร่วม 95 ครัวเรือนลดรายจ่ายค่าอาหารได้เฉลี่ยเดือนละ 600 บาท "
            "ศูนย์แบ่งปันแจกชุดอาหาร 240 ชุดให้ครัวเรือนเปราะบาง ผู้สูงอายุ และผู้มีรายได้น้อย"
        ),
        "success_factors": (
            "ผู้นำที่เป็นทั้งผู้นำทางการและไม่เป็นทางการทำงานร่วมกัน ตำบลบ้านพี่มาเป็นพี่เลี้ยงทุกสัปดาห์ "
            "และภาคีเครือข่ายอย่างวัดศรีสุทธาวาสกับโรงเรียนช่วยรับบริจาคและกระจายอาหาร"
        ),
        "problems": ("ช่วงหน้าแล้งน้ำไม่พอรดแปลงผัก และบางครัวเรือนยังไม่เห็นประโยชน์ของการปลูกผักกินเอง"),
        "solutions": ("ขอสนับสนุนถังเก็บน้ำจาก อบต. และพาครัวเรือนไปดูงานแปลงตัวอย่างของตำบลบ้านพี่"),
        "recommendations": ("ควรขยายผลธนาคารอาหารชุมชนไปทุกหมู่บ้าน และบันทึกบัญชีรับจ่ายของศูนย์แบ่งปันให้ต่อเนื่อง"),
    },
    "420103": {
        "background": ("ตำบลนาอ้อเป็นพื้นที่เกษตรกรรม ปลูกข้าวเป็นหลัก แต่ครัวเรือนยังซื้อผักและโปรตีนจากนอกชุมชน"),
        "process": (
            "ผู้นำชวนครัวเรือนปลูกผักสวนครัวรั้วกินได้ ตั้งกองทุนเมล็ดพันธุ์ และทำข้อตกลงกับโรงเรียน"
            "ให้รับซื้อผักไปทำอาหารกลางวัน"
        ),
        "results": ("ครัวเรือน 80 ครัวเรือนมีผักกินเองตลอดปี โรงเรียนรับซื้อผักสัปดาห์ละ 30 กิโลกรัม"),
        "success_factors": "มีตลาดรับซื้อที่แน่นอน และผู้นำติดตามเยี่ยมครัวเรือนทุกเดือน",
        "problems": "ศัตรูพืชระบาดในช่วงฤดูฝน",
        "solutions": "อบรมการทำน้ำหมักชีวภาพไล่แมลงร่วมกับสำนักงานเกษตรอำเภอ",
        "recommendations": "ควรเชื่อมโยงกับตลาดชุมชนเพื่อให้มีรายได้เสริมนอกจากโรงเรียน",
    },
    "420104": {
        "background": "ตำบลกกดู่เริ่มตั้งศูนย์แบ่งปันที่ศาลาประชาคมหมู่ที่ 1",
        "process": "กำลังรวบรวมข้อมูลจากผู้นำทั้ง 15 คน",
    },
}
PUBLISHED = ("420102", "420103")
PHOTOS: dict[str, list[tuple[str, int]]] = {
    "420102": [("แปลงผักรวมตามแนวทางโคก หนอง นา หมู่ที่ 3", 1), ("ศูนย์แบ่งปันตำบลเมือง", 2)],
    "420103": [("ผักสวนครัวรั้วกินได้ของครัวเรือนในตำบลนาอ้อ", 3)],
}


def _picture(seed: int) -> SimpleUploadedFile:
    """A drawn landscape (fields under a sky), so the demo needs no photo files."""
    rng = random.Random(seed)  # noqa: S311 - synthetic pictures
    image = Image.new("RGB", (1200, 800), (170, 205, 235))
    draw = ImageDraw.Draw(image)
    draw.ellipse((900, 80, 1020, 200), fill=(250, 215, 90))
    for row in range(8):
        top = 360 + row * 55
        green = (60 + rng.randint(0, 50), 140 + rng.randint(0, 60), 60 + rng.randint(0, 30))
        draw.rectangle((0, top, 1200, top + 55), fill=green)
        for x in range(rng.randint(0, 40), 1200, 70):
            draw.ellipse((x, top + 12, x + 30, top + 42), fill=(40, 110 + rng.randint(0, 40), 40))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return SimpleUploadedFile(f"demo-{seed}.jpg", out.getvalue())


def seed_lessons(*, phase2: Programme) -> list[str]:
    district = User.objects.get(username="demo-d4201")
    province = User.objects.get(username="demo-p42")
    written = 0
    for code, values in WRITE_UPS.items():
        if Lesson.objects.filter(programme=phase2, tambon_id=code).exists():
            continue
        tambon = Tambon.objects.select_related("district__province").get(code=code)
        writer = User.objects.filter(username=f"demo-t{code}").first() or district
        with dated(at(2021, 9, 24, 14)):
            lesson = services.save_lesson(
                actor=writer, programme=phase2, tambon=tambon, expected_version=0, values=values
            )
            for caption, seed in PHOTOS.get(code, []):
                services.add_photo(
                    actor=writer, lesson=lesson, upload=_picture(seed), caption=caption
                )
        if code in PUBLISHED:
            with dated(at(2021, 9, 29, 10)):
                services.publish(actor=province, lesson=lesson, expected_version=lesson.version)
        written += 1
    return [f"lessons learned: {written} written"]
