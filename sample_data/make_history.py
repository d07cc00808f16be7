"""Writes five earlier Kajaani evenings (2025–2026) beside kajaani-2026-11.json, so the network
metrics and the welfare-report input show two years of history on first start.

Deterministic: run again and the same files come out. `.venv/bin/python sample_data/make_history.py`
"""
from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).parent
EVENINGS = [  # (date, title, theme, tables)
    ("2025-03-18", "Järjestöilta: tilat ja avustukset", "Kokoontumistilat ja avustusten haku",
     ["Tilat ja kohtaamispaikat", "Avustukset ja tiedotus", "Vapaaehtoiset"]),
    ("2025-09-16", "Järjestöilta: syksyn yhteistyö", "Yhteiset tapahtumat ja viestintä",
     ["Yhteiset tapahtumat", "Viestintä ja näkyvyys", "Nuoret mukaan"]),
    ("2025-11-25", "Järjestöilta: hyvinvointikertomus", "Järjestöjen havainnot hyvinvoinnista",
     ["Yksinäisyys", "Liikunta ja ulkoilu", "Ikäihmisten arki", "Mielen hyvinvointi"]),
    ("2026-03-17", "Järjestöilta: kylät ja liikkuminen", "Kylien palvelut ja kuljetukset",
     ["Kylätalot", "Kuljetukset", "Turvallisuus"]),
    ("2026-09-15", "Järjestöilta: kotoutuminen ja yhdenvertaisuus", "Kaikki mukaan toimintaan",
     ["Uudet asukkaat", "Saavutettavuus", "Lapset ja perheet"]),
]
IDEAS = [
    "Koulujen liikuntasalit järjestöjen käyttöön iltaisin ja viikonloppuisin",
    "Yhteinen tapahtumakalenteri kunnan sivuille",
    "Kylätalojen kahvilat auki myös iltaisin",
    "Avustusten hakuajat yhteen paikkaan ja ajoissa tiedoksi",
    "Vapaaehtoisten koulutus yhdessä eri yhdistysten kesken",
    "Eläkeläisten kuntosalivuorot ilmaiseksi aamupäivisin",
    "Nuorille oma tila, jossa saa olla ilman ohjelmaa",
    "Kuljetus kylistä keskustan tapahtumiin kutsutaksilla",
    "Yksinäisille soittoringit ja kävelykaverit",
    "Selkokieliset esitteet yhdistysten toiminnasta",
    "Maahanmuuttajaperheille kummiperheitä yhdistyksistä",
    "Mielenterveyden ensiapukurssi kaikille yhdistyksille",
    "Ulkoilureittien opasteet ja penkit kuntoon",
    "Järjestöjen yhteinen messupäivä syksyllä",
    "Kunnan yhdyshenkilö vastaa sähköposteihin viikon sisällä",
    "Kokoontumistilojen varauskalenteri verkkoon",
    "Omaishoitajille vertaisryhmä ja sijainen illaksi",
    "Koululaisten iltapäiväkerhoihin yhdistysten ohjaajia",
    "Katuvalot kylän raitille, pimeällä pelottaa kävellä",
    "Kulttuuritapahtumiin ilmaisliput pienituloisille",
    "Esteettömät sisäänkäynnit kylätaloihin",
    "Yhdistysten tiedotteet paikallislehteen maksutta kerran kuussa",
    "Perhekahvila seurakuntatalolle kerran viikossa",
    "Päihteetön nuorten disco kouluilla",
]
WISHES = [
    "Maksuttomat kokoontumistilat yhdistyksille",
    "Avustusten hakuaika tutuksi ajoissa",
    "Yksi yhteyshenkilö kunnassa",
    "Kuljetusapua kylistä keskustaan",
    "Tiedotus yhdistysten tapahtumista kunnan kanavissa",
    "Koulujen salivuoroja iltaisin",
    "Tuki vapaaehtoisten koulutukseen",
    "Kerhotilat esteettömiksi",
    "Yhteinen varauskalenteri tiloille",
    "Pienavustus nuorten toimintaan",
]
SUMMARIES = [
    "Järjestämme viikoittaisia kerhoja ja retkiä.",
    "Toimintamme on vapaaehtoisvoimin pyöritettyä harrastustoimintaa kaikenikäisille.",
    "Kokoamme kylän asukkaat yhteen ja pidämme kylätaloa.",
    "Tuemme jäseniämme vertaistuella ja tapahtumilla.",
]
FIRST = ["Aino", "Eero", "Liisa", "Matti", "Helena", "Juha", "Sari", "Pekka", "Tuula", "Jari", "Riitta", "Mikko",
         "Anneli", "Timo", "Kaisa", "Ville", "Leena", "Heikki", "Marja", "Ahmed", "Olga", "Nina", "Petri", "Elina"]
LAST = ["Korhonen", "Heikkinen", "Leinonen", "Huusko", "Karjalainen", "Pulkkinen", "Kemppainen", "Tolonen",
        "Moilanen", "Kyllönen", "Räisänen", "Pääkkönen"]
EXTRA_ORGS = ["Kajaanin Kuvataideyhdistys ry", "Lehtikankaan Asukasyhdistys ry", "Kajaanin Shakkikerho ry",
              "Otanmäen Kyläyhdistys ry", "Kajaanin Rintamaveteraanit ry"]


def evening(n: int, date: str, title: str, theme: str, tables: list[str], orgs: list[dict], rnd: random.Random) -> dict:
    present = rnd.sample(orgs, k=min(len(orgs), 10 + 3 * n))
    people, intros = [], []
    for k, org in enumerate(present):
        for j in range(rnd.choice([1, 1, 2])):
            pid = f"p{len(people) + 1}"
            registered = rnd.random() < 0.78
            people.append({"id": pid, "name": f"{rnd.choice(FIRST)} {rnd.choice(LAST)}", "organisation_id": org["id"],
                           "email": None, "registered": registered, "attended": registered or rnd.random() < 0.6
                           if j == 0 else rnd.random() < 0.8,
                           "consent": {"memo": rnd.random() < 0.7, "contact_list": rnd.random() < 0.4}})
        people[-1]["attended"] = True
        intros.append({"organisation_id": org["id"], "speaker_id": people[-1]["id"],
                       "summary": rnd.choice(SUMMARIES), "wishes": rnd.sample(WISHES, k=rnd.choice([1, 2]))})
    no_shows = [{"id": f"p{len(people) + i + 1}", "name": f"{rnd.choice(FIRST)} {rnd.choice(LAST)}",
                 "organisation_id": rnd.choice(present)["id"], "email": None, "registered": True, "attended": False,
                 "consent": {"memo": False, "contact_list": False}} for i in range(rnd.randint(2, 5))]
    people += no_shows
    hosts = [p["id"] for p in people if p["attended"]]
    cafe_tables = [{"id": f"t{i + 1}", "theme": t, "host_id": hosts[i % len(hosts)]} for i, t in enumerate(tables)]
    ideas = [{"id": f"i{i + 1}", "table_id": f"t{1 + i % len(tables)}", "round": 1 + (i // len(tables)) % 3,
              "text": text, "votes": rnd.randint(0, 8), "created": f"{date}T18:{20 + i:02d}:00+02:00"}
             for i, text in enumerate(rnd.sample(IDEAS, k=3 * len(tables) + 2))]
    return {
        "format": "jarjestoilta/1",
        "evening": {"id": f"kajaani-{date[:7]}", "title": title, "municipality": "Kajaani", "date": date,
                    "start": "17:30", "end": "20:30", "venue": rnd.choice(["Kaupungintalo, valtuustosali",
                                                                         "Pääkirjasto, Kaukametsän sali"]),
                    "theme": theme, "language": "fi", "facilitator": "Järjestöyhdyshenkilö"},
        "agenda": [{"start": "17:30", "minutes": 40, "item": "Kahvit ja esittäytymiskierros", "kind": "introductions"},
                   {"start": "18:10", "minutes": 15, "item": "Kunnan puheenvuoro", "kind": "talk"},
                   {"start": "18:25", "minutes": 75, "item": "Learning café", "kind": "cafe"},
                   {"start": "19:40", "minutes": 50, "item": "Yhteenveto, palaute ja sovitut asiat", "kind": "summary"}],
        "organisations": [{k: v for k, v in o.items()} for o in present],
        "participants": people,
        "introductions": intros,
        "cafe": {"rounds": 3, "round_minutes": 20, "tables": cafe_tables, "ideas": ideas},
        "agreements": [{"id": f"a{i + 1}", "what": what, "who": who, "due": due} for i, (what, who, due) in enumerate(
            rnd.sample([("Tilojen hinnasto järjestöille", "Vapaa-aikapalvelut", f"{int(date[:4]) + 1}-03-31"),
                        ("Yhteinen tapahtumakalenteri verkkoon", "Viestintä", f"{date[:4]}-12-31"),
                        ("Avustusten infotilaisuus", "Hyvinvointipalvelut", f"{int(date[:4]) + 1}-01-31"),
                        ("Kuljetuskokeilu kahdesta kylästä", "Tekninen toimi", f"{int(date[:4]) + 1}-06-30")], k=2))],
        "feedback": [{"rating": rnd.choice([3, 4, 4, 5, 5]), "comment": rnd.choice([None, None, "Hyvä ilta",
                                                                                     "Lisää aikaa keskustelulle"])}
                     for _ in range(rnd.randint(8, 16))],
        "next_evening": None,
    }


def main() -> None:
    rnd = random.Random(2025)
    latest = json.loads((HERE / "kajaani-2026-11.json").read_text(encoding="utf-8"))
    orgs = [{k: o.get(k) for k in ("name", "kind", "email", "public_contact")} for o in latest["organisations"]]
    orgs += [{"name": name, "kind": "association", "email": None, "public_contact": False} for name in EXTRA_ORGS]
    for i, o in enumerate(orgs):
        o["id"] = f"o{i + 1}"
    for n, (date, title, theme, tables) in enumerate(EVENINGS):
        doc = evening(n, date, title, theme, tables, orgs, rnd)
        path = HERE / f"kajaani-{date[:7]}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(path.name)


if __name__ == "__main__":
    main()
