"""Large, realistic-looking evenings for benchmarks (deterministic: same seed, same evening)."""
from __future__ import annotations

import random

from kit.core.model import (AgendaItem, Agreement, Cafe, CafeTable, Consent, Evening, EveningInfo, Feedback, Idea,
                       Introduction, Organisation, Participant)

KINDS = ["Eläkkeensaajat", "Martat", "Kyläyhdistys", "Urheiluseura", "Partiolippukunta", "Nuorisoseura",
         "Mielenterveysyhdistys", "Omaishoitajat", "Kotiseutuyhdistys", "4H-yhdistys", "Kuoro", "VPK"]
WORDS = ["kylätalo", "kerhotila", "avustus", "nuoret", "ikäihmiset", "liikunta", "yhteistyö", "tiedotus",
         "kuljetus", "vapaaehtoiset", "kahvila", "yksinäisyys", "harrastus", "koulu", "kirjasto", "luonto"]


def large_evening(people: int = 150, orgs: int = 40, ideas: int = 600, tables: int = 6, seed: int = 1,
                  evening_id: str = "iso-ilta", date: str = "2026-11-24") -> Evening:
    rnd = random.Random(seed)
    organisations = [Organisation(id=f"o{n}", name=f"{rnd.choice(KINDS)} {n} ry", kind="association",
                                  email=f"yhdistys{n}@example.org", public_contact=rnd.random() < 0.7)
                     for n in range(1, orgs + 1)]
    participants = [Participant(id=f"p{n}", name=f"Henkilö {n}", organisation_id=f"o{1 + n % orgs}",
                                email=f"henkilo{n}@example.org", registered=rnd.random() < 0.8,
                                attended=rnd.random() < 0.85,
                                consent=Consent(memo=rnd.random() < 0.7, contact_list=rnd.random() < 0.5))
                    for n in range(1, people + 1)]
    intros = [Introduction(organisation_id=o.id, summary=" ".join(rnd.choices(WORDS, k=12)).capitalize() + ".",
                           wishes=[" ".join(rnd.choices(WORDS, k=5)).capitalize() for _ in range(rnd.randint(1, 3))])
              for o in organisations]
    cafe_tables = [CafeTable(id=f"t{n}", theme=f"Teema {n}: {rnd.choice(WORDS)}") for n in range(1, tables + 1)]
    cafe_ideas = [Idea(id=f"i{n}", table_id=f"t{1 + n % tables}", round=1 + n % 3,
                       text=" ".join(rnd.choices(WORDS, k=rnd.randint(4, 14))).capitalize(),
                       votes=rnd.randint(0, 9), created=f"{date}T18:{n % 60:02d}:00+02:00")
                  for n in range(1, ideas + 1)]
    return Evening(
        EveningInfo(id=evening_id, title="Iso järjestöilta", municipality="Isokaupunki", date=date, start="17:30",
                    end="20:30", venue="Kaupungintalo", language="fi"),
        agenda=[AgendaItem("Kahvit ja esittäytyminen", 40, "introductions", "17:30"),
                AgendaItem("Learning café", 110, "cafe", "18:10"), AgendaItem("Yhteenveto", 30, "summary", "20:00")],
        organisations=organisations, participants=participants, introductions=intros,
        cafe=Cafe(rounds=3, round_minutes=20, tables=cafe_tables, ideas=cafe_ideas),
        agreements=[Agreement(id=f"a{n}", what=" ".join(rnd.choices(WORDS, k=6)).capitalize(), who="Kunta",
                              due="2027-03-31") for n in range(1, 11)],
        feedback=[Feedback(rating=rnd.randint(2, 5), comment=rnd.choice([None, "Hyvä ilta"])) for _ in range(60)])
