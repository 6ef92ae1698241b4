#!/usr/bin/env python3
"""Synthetic corpora for the geokg benchmarks (bench/README.md).

Three forms, all JSON Lines, all deterministic for a given --seed and size
(and, for repeat, a given source):

  articles  news-like articles {"id","date","title","text"} for the
            extraction path: templated English over real country,
            organisation and person names and PLOVER event verbs, with
            datelines, quotes, tickers and other scraped-page noise, 300-1200
            words each.
  records   extraction records for the storage path: for each article one
            {"kind":"article",...} line, then its {"kind":"entity",...} and
            {"kind":"triple",...} lines (the output contract of
            ../shared/eval/README.md), over N entities with power-law
            degrees, all 18 relations and dates spread over ten years.
  repeat    real articles repeated until the output holds at least
            --min-bytes (default 1 MiB): whole passes over the source, each
            copy with a unique id ("<id>~r003"), only id/date/title/text
            kept (gold entities and triples dropped). Source: --source, else
            ../shared/eval/dev.jsonl beside the repository when it exists,
            else the repository's examples/ folder (its .jsonl feeds and
            .txt articles). Says on stderr which source it used.

Standard library only. Output goes to --out (default stdout).

  make_corpus.py articles --count 2000 --seed 1 --out articles.jsonl
  make_corpus.py records --triples 100000 --seed 1 --out records.jsonl
  make_corpus.py repeat --out dev-1mb.jsonl
"""

import argparse
import bisect
import datetime
import itertools
import json
import os
import random
import re
import sys

# ------------------------------------------------------------------ names ---

# (canonical, adjective, capital, [(title, person)]) for real states. The
# people are public office holders of the last decade.
COUNTRIES = [
    ("United States", "US", "Washington",
     [("President", "Joe Biden"), ("Secretary of State", "Antony Blinken"),
      ("Defense Secretary", "Lloyd Austin")]),
    ("Russia", "Russian", "Moscow",
     [("President", "Vladimir Putin"), ("Foreign Minister", "Sergei Lavrov"),
      ("Defence Minister", "Sergei Shoigu")]),
    ("China", "Chinese", "Beijing",
     [("President", "Xi Jinping"), ("Foreign Minister", "Wang Yi")]),
    ("Ukraine", "Ukrainian", "Kyiv",
     [("President", "Volodymyr Zelensky"), ("Foreign Minister", "Dmytro Kuleba")]),
    ("United Kingdom", "British", "London",
     [("Prime Minister", "Rishi Sunak"), ("Foreign Secretary", "David Cameron")]),
    ("France", "French", "Paris",
     [("President", "Emmanuel Macron"), ("Foreign Minister", "Catherine Colonna")]),
    ("Germany", "German", "Berlin",
     [("Chancellor", "Olaf Scholz"), ("Foreign Minister", "Annalena Baerbock")]),
    ("Iran", "Iranian", "Tehran",
     [("President", "Ebrahim Raisi"), ("Foreign Minister", "Hossein Amir-Abdollahian")]),
    ("Israel", "Israeli", "Jerusalem",
     [("Prime Minister", "Benjamin Netanyahu"), ("Defence Minister", "Yoav Gallant")]),
    ("Turkey", "Turkish", "Ankara",
     [("President", "Recep Tayyip Erdogan"), ("Foreign Minister", "Hakan Fidan")]),
    ("India", "Indian", "New Delhi",
     [("Prime Minister", "Narendra Modi"), ("External Affairs Minister", "Subrahmanyam Jaishankar")]),
    ("Pakistan", "Pakistani", "Islamabad",
     [("Prime Minister", "Shehbaz Sharif"), ("Army Chief", "Asim Munir")]),
    ("Japan", "Japanese", "Tokyo",
     [("Prime Minister", "Fumio Kishida"), ("Foreign Minister", "Yoko Kamikawa")]),
    ("South Korea", "South Korean", "Seoul",
     [("President", "Yoon Suk Yeol"), ("Foreign Minister", "Park Jin")]),
    ("North Korea", "North Korean", "Pyongyang",
     [("leader", "Kim Jong Un"), ("Foreign Minister", "Choe Son Hui")]),
    ("Saudi Arabia", "Saudi", "Riyadh",
     [("Crown Prince", "Mohammed bin Salman"), ("Foreign Minister", "Faisal bin Farhan")]),
    ("Egypt", "Egyptian", "Cairo",
     [("President", "Abdel Fattah al-Sisi"), ("Foreign Minister", "Sameh Shoukry")]),
    ("Qatar", "Qatari", "Doha",
     [("Emir", "Tamim bin Hamad Al Thani")]),
    ("Syria", "Syrian", "Damascus",
     [("President", "Bashar al-Assad")]),
    ("Iraq", "Iraqi", "Baghdad",
     [("Prime Minister", "Mohammed Shia al-Sudani")]),
    ("Afghanistan", "Afghan", "Kabul", []),
    ("Brazil", "Brazilian", "Brasilia",
     [("President", "Luiz Inacio Lula da Silva")]),
    ("Mexico", "Mexican", "Mexico City",
     [("President", "Andres Manuel Lopez Obrador")]),
    ("Venezuela", "Venezuelan", "Caracas",
     [("President", "Nicolas Maduro")]),
    ("Poland", "Polish", "Warsaw",
     [("President", "Andrzej Duda"), ("Prime Minister", "Donald Tusk")]),
    ("Hungary", "Hungarian", "Budapest",
     [("Prime Minister", "Viktor Orban")]),
    ("Italy", "Italian", "Rome",
     [("Prime Minister", "Giorgia Meloni")]),
    ("Spain", "Spanish", "Madrid",
     [("Prime Minister", "Pedro Sanchez")]),
    ("Canada", "Canadian", "Ottawa",
     [("Prime Minister", "Justin Trudeau")]),
    ("Australia", "Australian", "Canberra",
     [("Prime Minister", "Anthony Albanese")]),
    ("South Africa", "South African", "Pretoria",
     [("President", "Cyril Ramaphosa")]),
    ("Nigeria", "Nigerian", "Abuja",
     [("President", "Bola Tinubu")]),
    ("Ethiopia", "Ethiopian", "Addis Ababa",
     [("Prime Minister", "Abiy Ahmed")]),
    ("Kenya", "Kenyan", "Nairobi",
     [("President", "William Ruto")]),
    ("Sudan", "Sudanese", "Khartoum",
     [("army chief", "Abdel Fattah al-Burhan")]),
    ("Libya", "Libyan", "Tripoli", []),
    ("Yemen", "Yemeni", "Sanaa", []),
    ("Lebanon", "Lebanese", "Beirut",
     [("Prime Minister", "Najib Mikati")]),
    ("Jordan", "Jordanian", "Amman",
     [("King", "Abdullah II")]),
    ("Belarus", "Belarusian", "Minsk",
     [("President", "Alexander Lukashenko")]),
    ("Georgia", "Georgian", "Tbilisi", []),
    ("Armenia", "Armenian", "Yerevan",
     [("Prime Minister", "Nikol Pashinyan")]),
    ("Azerbaijan", "Azerbaijani", "Baku",
     [("President", "Ilham Aliyev")]),
    ("Serbia", "Serbian", "Belgrade",
     [("President", "Aleksandar Vucic")]),
    ("Indonesia", "Indonesian", "Jakarta",
     [("President", "Joko Widodo")]),
    ("Philippines", "Philippine", "Manila",
     [("President", "Ferdinand Marcos Jr")]),
    ("Vietnam", "Vietnamese", "Hanoi", []),
    ("Taiwan", "Taiwanese", "Taipei",
     [("President", "Tsai Ing-wen")]),
    ("Myanmar", "Myanmar", "Naypyidaw",
     [("junta chief", "Min Aung Hlaing")]),
    ("Colombia", "Colombian", "Bogota",
     [("President", "Gustavo Petro")]),
    ("Argentina", "Argentine", "Buenos Aires",
     [("President", "Javier Milei")]),
    ("Cuba", "Cuban", "Havana", []),
    ("Mali", "Malian", "Bamako", []),
    ("Niger", "Nigerien", "Niamey", []),
    ("Somalia", "Somali", "Mogadishu", []),
    ("Greece", "Greek", "Athens",
     [("Prime Minister", "Kyriakos Mitsotakis")]),
    ("Sweden", "Swedish", "Stockholm",
     [("Prime Minister", "Ulf Kristersson")]),
    ("Finland", "Finnish", "Helsinki", []),
    ("Norway", "Norwegian", "Oslo", []),
    ("Netherlands", "Dutch", "The Hague", []),
]

# (canonical, short form, type, [(title, person)]).
ORGANISATIONS = [
    ("European Union", "EU", "ORG",
     [("Commission President", "Ursula von der Leyen"), ("foreign policy chief", "Josep Borrell")]),
    ("North Atlantic Treaty Organization", "NATO", "ORG",
     [("Secretary General", "Jens Stoltenberg")]),
    ("United Nations", "UN", "ORG",
     [("Secretary-General", "Antonio Guterres")]),
    ("International Atomic Energy Agency", "IAEA", "ORG",
     [("Director General", "Rafael Grossi")]),
    ("International Monetary Fund", "IMF", "ORG",
     [("Managing Director", "Kristalina Georgieva")]),
    ("World Bank", "World Bank", "ORG", []),
    ("African Union", "AU", "ORG", []),
    ("Association of Southeast Asian Nations", "ASEAN", "ORG", []),
    ("Organization of the Petroleum Exporting Countries", "OPEC", "ORG", []),
    ("World Health Organization", "WHO", "ORG",
     [("Director-General", "Tedros Adhanom Ghebreyesus")]),
    ("International Committee of the Red Cross", "ICRC", "ORG", []),
    ("International Criminal Court", "ICC", "ORG", []),
    ("Arab League", "Arab League", "ORG", []),
    ("Hamas", "Hamas", "GROUP", []),
    ("Hezbollah", "Hezbollah", "GROUP", []),
    ("Taliban", "Taliban", "GROUP", []),
    ("Islamic State", "Islamic State", "GROUP", []),
    ("al-Shabaab", "al-Shabaab", "GROUP", []),
    ("Houthis", "Houthis", "GROUP", []),
    ("Wagner Group", "Wagner", "GROUP", []),
]

# Forms of event verbs per relation: (past tense clause, present for "would"
# clauses, noun phrase object suffix). "{o}" is the object's name.
EVENTS = {
    "agree": [("signed an agreement with {o}", "sign an agreement with {o}"),
              ("reached a deal with {o}", "reach a deal with {o}"),
              ("agreed to a ceasefire with {o}", "agree to a ceasefire with {o}")],
    "consult": [("met with {o}", "meet with {o}"),
                ("held talks with {o}", "hold talks with {o}"),
                ("spoke by telephone with {o}", "speak with {o}"),
                ("visited {o}", "visit {o}")],
    "support": [("praised {o}", "praise {o}"),
                ("endorsed {o}", "endorse {o}"),
                ("expressed support for {o}", "support {o}")],
    "concede": [("eased restrictions on {o}", "ease restrictions on {o}"),
                ("released prisoners held by {o}", "release prisoners to {o}")],
    "cooperate": [("cooperated with {o}", "cooperate with {o}"),
                  ("established diplomatic relations with {o}",
                   "establish diplomatic relations with {o}")],
    "aid": [("sent humanitarian aid to {o}", "send humanitarian aid to {o}"),
            ("provided military assistance to {o}", "provide military assistance to {o}"),
            ("granted a loan to {o}", "grant a loan to {o}")],
    "retreat": [("withdrew troops from {o}", "withdraw troops from {o}"),
                ("pulled its forces out of {o}", "pull its forces out of {o}")],
    "request": [("urged {o} to return to negotiations", "urge {o} to negotiate"),
                ("called on {o} to release the detainees", "call on {o} to act"),
                ("asked {o} for assistance", "ask {o} for help")],
    "accuse": [("accused {o} of violating the agreement", "accuse {o} of bad faith"),
               ("blamed {o} for the attack", "blame {o}"),
               ("criticised {o}", "criticise {o}")],
    "reject": [("rejected the proposal from {o}", "reject the offer from {o}"),
               ("refused to meet {o}", "refuse to meet {o}")],
    "threaten": [("threatened {o} with retaliation", "threaten {o}"),
                 ("warned {o} of serious consequences", "warn {o}")],
    "protest": [("protested against {o}", "protest against {o}"),
                ("boycotted talks with {o}", "boycott talks with {o}")],
    "sanction": [("imposed sanctions on {o}", "impose sanctions on {o}"),
                 ("expelled diplomats from {o}", "expel diplomats from {o}"),
                 ("froze the assets of {o}", "freeze the assets of {o}")],
    "mobilize": [("deployed troops along the border with {o}",
                  "deploy troops near {o}"),
                 ("put its forces on alert against {o}", "mobilise against {o}")],
    "coerce": [("arrested members of {o}", "arrest members of {o}"),
               ("seized a vessel belonging to {o}", "seize the ships of {o}")],
    "assault": [("attacked {o}", "attack {o}"),
                ("launched air strikes against {o}", "strike {o}"),
                ("shelled positions held by {o}", "shell {o}")],
}

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
AGENCIES = ["Reuters", "AP", "AFP", "Xinhua", "Anadolu"]
SAY = ["said", "told reporters", "said in a statement", "announced", "wrote on social media"]

FILLER = [
    "Officials did not give further details about the timetable.",
    "The talks are expected to continue later this month.",
    "Analysts said the move could reshape the balance of power in the region.",
    "Oil prices rose by more than two percent after the announcement.",
    "The statement came amid growing pressure from lawmakers at home.",
    "Several hundred people gathered outside the parliament building.",
    "It was not immediately clear how many civilians were affected.",
    "The ministry said the measures would remain in place until further notice.",
    "Diplomats described the meeting as frank and constructive.",
    "Markets reacted calmly to the news, with the main index closing slightly higher.",
    "The government has faced criticism over its handling of the economy.",
    "Independent observers have not been able to verify the claims.",
    "A spokesperson declined to comment on the details of the negotiations.",
    "Local media reported heavy traffic near the border crossing on Sunday.",
    "Inflation has eased over the past six months but remains above target.",
    "The next round of discussions is scheduled for early next year.",
    "Humanitarian agencies warned that food supplies were running low.",
    "The opposition called the decision a betrayal of voters.",
]

NOISE = [
    "Read more: {t}",
    "Photo: {a} / Getty Images",
    "Subscribe to our newsletter for the latest updates.",
    "Download our app to get breaking news alerts.",
    "Image copyright {a}",
    "Media playback is unsupported on your device",
    "RELATED: {t}",
    "Follow us on Twitter and Facebook.",
]

# Article length bounds in words (white-space separated tokens).
MIN_WORDS = 300
MAX_WORDS = 1200

TICKERS = ["AAPL", "MSFT", "XOM", "BP", "SHEL", "TSLA", "GAZP", "SPX", "BRENT", "EUR/USD"]


# ------------------------------------------------------------ articles ---


class ArticleWriter:
    """Builds one article at a time from the real names above."""

    def __init__(self, rng):
        self.rng = rng
        # Every actor: (canonical, short form, type, [(title, person)]).
        self.actors = [(c, a, "GPE", people) for c, a, _, people in COUNTRIES]
        self.actors += ORGANISATIONS
        self.capital_of = {c: cap for c, _, cap, _ in COUNTRIES}
        self.relations = sorted(EVENTS)

    def _actor(self):
        # Earlier entries are the bigger players in the news: weight 1/rank.
        weights = [1.0 / (i + 1) for i in range(len(self.actors))]
        return self.rng.choices(self.actors, weights=weights)[0]

    def _subject_phrase(self, actor, first):
        """How a sentence names `actor` as its subject: a title and its holder
        on first mention, later the surname, the state, its capital or its
        short form."""
        canonical, short, kind, people = actor
        r = self.rng.random()
        if people and r < 0.5:
            title, person = self.rng.choice(people)
            if first:
                return f"{short} {title} {person}"
            return person.split()[-1] if self.rng.random() < 0.5 else person
        if kind == "GPE" and r < 0.65 and not first:
            return self.capital_of[canonical]
        if kind != "GPE" and short != canonical and r < 0.8 and not first:
            return short
        return with_article(canonical)

    def _object_phrase(self, actor):
        canonical, short, kind, _ = actor
        if kind != "GPE" and short != canonical and self.rng.random() < 0.4:
            return short
        return with_article(canonical)

    def _event_sentence(self, seen):
        subject = self._actor()
        obj = self._actor()
        while obj[0] == subject[0]:
            obj = self._actor()
        first = subject[0] not in seen
        seen.add(subject[0])
        seen.add(obj[0])
        s = self._subject_phrase(subject, first)
        o = self._object_phrase(obj)
        relation = self.rng.choice(self.relations)
        past, future = self.rng.choice(EVENTS[relation])
        day = self.rng.choice(WEEKDAYS)
        form = self.rng.randrange(7)
        if form == 0:
            text = f"{s} {past.format(o=o)} on {day}."
        elif form == 1:
            text = (f"{s} {self.rng.choice(SAY)} on {day} that it would "
                    f"{future.format(o=o)}.")
        elif form == 2:
            quote = self.rng.choice(FILLER)
            text = f"{s} {past.format(o=o)}, saying: \"{quote}\""
        elif form == 3:
            text = f"{s} did not {future.format(o=o)}, officials said."
        elif form == 4:
            text = f"On {day}, {s} {past.format(o=o)}, according to state media."
        elif form == 5:
            text = (f"{s} {past.format(o=o)} last week, a move that drew criticism "
                    f"from neighbouring countries.")
        else:
            text = f"Earlier, {s} {past.format(o=o)} in a rare public statement."
        return text[0].upper() + text[1:]

    def _title(self):
        subject = self._actor()
        obj = self._actor()
        while obj[0] == subject[0]:
            obj = self._actor()
        relation = self.rng.choice(self.relations)
        past, _ = self.rng.choice(EVENTS[relation])
        words = f"{subject[1]} {past.format(o=obj[1])}"
        return words[0].upper() + words[1:]

    def article(self, index, date):
        rng = self.rng
        # Log-normal lengths around 600 words, clipped to the bounds.
        target = int(min(MAX_WORDS, max(MIN_WORDS, rng.lognormvariate(6.35, 0.4))))
        title = self._title()
        seen = set()
        paragraphs = []
        country = rng.choice(COUNTRIES)
        dateline = rng.choice([
            f"{country[2].upper()} ({rng.choice(AGENCIES)}) -",
            f"{country[2].upper()}:",
            f"{country[2]}, {country[0]} ({rng.choice(AGENCIES)}) -",
        ])
        header = []
        if rng.random() < 0.3:
            header.append("  ".join(
                f"{t} {rng.uniform(10, 500):.2f} {rng.choice('+-')}{rng.uniform(0, 3):.2f}%"
                for t in rng.sample(TICKERS, 4)))
        if rng.random() < 0.5:
            header.append(f"Published {date.day} {date.strftime('%b')}, {date.year} "
                          f"{rng.randrange(1, 12):02d}:{rng.randrange(60):02d}am")
        if rng.random() < 0.4:
            header.append(f"By {rng.choice(['Staff Reporter', 'Our Correspondent', 'Agencies'])}")
        words = sum(len(line.split()) for line in header)
        while words < target:
            sentences = []
            for _ in range(rng.randint(2, 5)):
                if rng.random() < 0.55:
                    sentences.append(self._event_sentence(seen))
                else:
                    sentences.append(rng.choice(FILLER))
            paragraph = " ".join(sentences)
            if not paragraphs:
                paragraph = f"{dateline} {paragraph}"
            paragraphs.append(paragraph)
            words += len(paragraph.split())
            if rng.random() < 0.08:
                noise = rng.choice(NOISE).format(t=self._title(), a=rng.choice(AGENCIES))
                paragraphs.append(noise)
                words += len(noise.split())
        # The last paragraphs overshoot the target by at most ~150 words: drop
        # them while the article is above the ceiling.
        while words > MAX_WORDS and len(paragraphs) > 1:
            words -= len(paragraphs.pop().split())
        text = "\n\n".join(header + paragraphs)
        return {
            "id": f"bench-{index:07d}",
            "date": date.isoformat() if rng.random() < 0.9 else None,
            "title": title,
            "text": text,
        }


# Names read with "the" in running text.
THE_NAMES = {"United States", "United Kingdom", "European Union", "United Nations",
             "Netherlands", "Philippines", "Houthis", "Taliban", "Arab League", "World Bank",
             "African Union", "North Atlantic Treaty Organization",
             "International Atomic Energy Agency", "International Monetary Fund",
             "Association of Southeast Asian Nations", "World Health Organization",
             "International Committee of the Red Cross", "International Criminal Court",
             "Organization of the Petroleum Exporting Countries", "Islamic State", "Wagner Group"}


def with_article(name):
    return f"the {name}" if name in THE_NAMES else name


def random_date(rng, start, days):
    return start + datetime.timedelta(days=rng.randrange(days))


def write_articles(args, out):
    rng = random.Random(args.seed)
    writer = ArticleWriter(rng)
    start = datetime.date(2014, 1, 1)
    for i in range(args.count):
        record = writer.article(i, random_date(rng, start, 3652))
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


# ------------------------------------------------------------- records ---

FIRST_NAMES = [
    "Ahmed", "Maria", "John", "Olena", "Wei", "Fatima", "Carlos", "Anna", "Hiroshi", "Amina",
    "David", "Elena", "Mohammed", "Sofia", "Ivan", "Aisha", "Pierre", "Ingrid", "Rahul", "Chen",
    "Yusuf", "Laura", "Kofi", "Marta", "Dmitri", "Leila", "James", "Nadia", "Juan", "Mei",
    "Ali", "Sarah", "Tomasz", "Zainab", "Mikhail", "Grace", "Omar", "Helga", "Sanjay", "Lucia",
]
LAST_NAMES = [
    "Hassan", "Petrenko", "Smith", "Kovalenko", "Zhang", "Rahman", "Garcia", "Novak", "Tanaka",
    "Okafor", "Cohen", "Ivanova", "Haddad", "Rossi", "Popov", "Khan", "Dubois", "Larsen",
    "Sharma", "Liu", "Yilmaz", "Schmidt", "Mensah", "Kowalski", "Sokolov", "Nasser", "Brown",
    "Farouk", "Lopez", "Wang", "Abbasi", "Miller", "Nowak", "Bello", "Volkov", "Achieng",
    "Salem", "Jensen", "Gupta", "Moreno", "Kim", "Park", "Nguyen", "Silva", "Ortega", "Mansour",
    "Karimi", "Tadesse", "Mwangi", "Osei",
]
ORG_KINDS = [
    "Ministry of Foreign Affairs", "Ministry of Defence", "Ministry of Finance", "Central Bank",
    "National Security Council", "Interior Ministry", "Navy", "Air Force", "Army",
    "Supreme Court", "Parliament", "Election Commission", "Coast Guard", "Border Police",
    "State Oil Company", "Chamber of Commerce", "Trade Union Federation", "Red Crescent",
    "Intelligence Service", "Energy Ministry",
]
GROUP_WORDS = ["Popular", "National", "Revolutionary", "Liberation", "Democratic", "Islamic",
               "People's", "United", "Free", "Patriotic", "Resistance", "Independence"]
GROUP_KINDS = ["Front", "Movement", "Brigade", "Army", "Alliance", "Council", "Party", "Forces"]


def entity_pool(count, rng):
    """`count` distinct (name, type, mentions) entities. Real states,
    organisations and office holders come first so that the hubs have real
    names; synthetic people, state bodies and armed groups follow in a
    shuffled mix, so that every type reaches every degree."""
    pool = []
    names = set()

    def add(name, kind, mentions):
        if name not in names and len(pool) < count:
            names.add(name)
            pool.append((name, kind, mentions))

    for c, adjective, capital, _ in COUNTRIES:
        add(c, "GPE", [c, adjective, capital])
    for c, short, kind, _ in ORGANISATIONS:
        add(c, kind, sorted({c, short}))
    for c, _, _, people in COUNTRIES:
        for _, person in people:
            add(person, "PERSON", [person, person.split()[-1]])
    real = len(pool)

    def people():
        for first, initial, last in itertools.product(FIRST_NAMES, "ABCDEFGHJKLMNPRSTW",
                                                      LAST_NAMES):
            name = f"{first} {initial}. {last}"
            yield name, "PERSON", [name, last]

    def bodies():
        for suffix in ["", " of the North", " of the South", " of the East", " of the West"]:
            for adjective in (a for _, a, _, _ in COUNTRIES):
                for kind in ORG_KINDS:
                    name = f"{adjective} {kind}{suffix}"
                    yield name, "ORG", [name]

    def groups():
        for n in range(1, 1000):
            for a, b, kind in itertools.product(GROUP_WORDS, GROUP_WORDS, GROUP_KINDS):
                if a != b:
                    name = f"{a} {b} {kind}" + (f" {n}" if n > 1 else "")
                    yield name, "GROUP", [name]

    # Shares of the synthetic entities: 45% people, 35% bodies, 20% groups.
    makers = [(0.45, people()), (0.80, bodies()), (1.0, groups())]
    while len(pool) < count:
        if not makers:
            raise SystemExit(f"make_corpus.py: cannot make {count} distinct entities")
        r = rng.random() * makers[-1][0]
        slot = next(i for i, (limit, _) in enumerate(makers) if r < limit)
        try:
            add(*next(makers[slot][1]))
        except StopIteration:
            # Drop the exhausted kind and rescale the shares of the others.
            share = makers[slot][0] - (makers[slot - 1][0] if slot else 0.0)
            del makers[slot]
            makers = [(limit - share if i >= slot else limit, gen)
                      for i, (limit, gen) in enumerate(makers)]
    tail = pool[real:]
    rng.shuffle(tail)
    return pool[:real] + tail


def write_records(args, out):
    rng = random.Random(args.seed)
    entities = args.entities or max(50, args.triples // 20)
    pool = entity_pool(entities, rng)
    # Zipf popularity with exponent args.alpha: rank r is picked with weight
    # 1/r^alpha, so degrees follow a power law with a few big hubs.
    cumulative = list(itertools.accumulate(1.0 / (i + 1) ** args.alpha
                                           for i in range(len(pool))))
    total = cumulative[-1]

    def pick():
        return min(len(pool) - 1, bisect.bisect_left(cumulative, rng.random() * total))

    events = sorted(EVENTS)
    organisations = [i for i, (_, kind, _) in enumerate(pool) if kind in ("GPE", "ORG")]
    start = datetime.date(2014, 1, 1)
    written = 0
    article = 0
    while written < args.triples:
        doc = f"rec-{article:07d}"
        date = random_date(rng, start, 3652)
        triples = []
        for ordinal in range(min(args.triples - written, rng.randint(3, 17))):
            s = pick()
            if pool[s][1] == "PERSON" and rng.random() < 0.15:
                relation = rng.choice(["represents", "member_of"])
                o = organisations[pick() % len(organisations)]
                phrase = "spokesman for {o}" if relation == "represents" else "member of {o}"
            else:
                relation = rng.choice(events)
                o = pick()
                phrase, _ = rng.choice(EVENTS[relation])
            if o == s:
                o = (s + 1) % len(pool)
            # Some events are dated by the sentence, days before publication.
            triple_date = date
            if rng.random() < 0.1:
                triple_date = date - datetime.timedelta(days=rng.randrange(1, 30))
            negated = rng.random() < 0.05
            evidence = (f"{pool[s][0]} {'did not ' if negated else ''}"
                        f"{phrase.format(o=pool[o][0])} on {rng.choice(WEEKDAYS)}.")
            triples.append((s, o, {
                "kind": "triple", "doc": doc,
                "subject": pool[s][0], "relation": relation, "object": pool[o][0],
                "predicate": phrase.split(" {o}")[0], "negated": negated,
                "date": triple_date.isoformat(), "sentence": ordinal, "evidence": evidence,
                "confidence": round(rng.uniform(0.3, 1.0), 2),
            }))
        out.write(json.dumps({"kind": "article", "id": doc, "date": date.isoformat(),
                              "title": triples[0][2]["evidence"]}) + "\n")
        seen = []
        for s, o, _ in triples:
            for i in (s, o):
                if i not in seen:
                    seen.append(i)
        for i in seen:
            name, kind, mentions = pool[i]
            out.write(json.dumps({"kind": "entity", "doc": doc, "name": name, "type": kind,
                                  "mentions": mentions}) + "\n")
        for _, _, record in triples:
            out.write(json.dumps(record) + "\n")
        written += len(triples)
        article += 1


# ------------------------------------------------------------- repeat ---

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEV_SET = os.path.join(os.path.dirname(REPO), "shared", "eval", "dev.jsonl")
EXAMPLES = os.path.join(REPO, "examples")
ARTICLE_FIELDS = ("id", "date", "title", "text")


def read_jsonl_articles(path):
    """The id/date/title/text of each record of a JSON Lines file, in order;
    other fields (source, license, gold entities and triples) are dropped."""
    articles = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise SystemExit(f"make_corpus.py: {path}:{number}: {e}")
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise SystemExit(f"make_corpus.py: {path}:{number}: no \"text\" string")
            article = {key: record.get(key) for key in ARTICLE_FIELDS}
            if not article["id"]:
                article["id"] = f"{os.path.basename(path)}:{number}"
            articles.append(article)
    return articles


def read_text_article(path):
    """A plain-text article as a record: the id is the file name without
    .txt, the title its first non-blank line, the date the YYYY-MM-DD in the
    file name (else null); the text is the whole file, as `geokg extract`
    reads it."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    name = os.path.basename(path)
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    date = re.search(r"\d{4}-\d{2}-\d{2}", name)
    return {"id": name[:-4] if name.endswith(".txt") else name,
            "date": date.group(0) if date else None, "title": title, "text": text}


def read_source(path):
    """Articles of a .jsonl file, a .txt file, or a folder's .jsonl and .txt
    files (sorted by name, not recursive)."""
    if os.path.isdir(path):
        articles = []
        for name in sorted(os.listdir(path)):
            full = os.path.join(path, name)
            if name.endswith(".jsonl"):
                articles += read_jsonl_articles(full)
            elif name.endswith(".txt"):
                articles.append(read_text_article(full))
        return articles
    if path.endswith(".txt"):
        return [read_text_article(path)]
    return read_jsonl_articles(path)


def write_repeat(args, out):
    if args.source:
        source = args.source
    elif os.path.exists(DEV_SET):
        source = DEV_SET
    else:
        source = EXAMPLES
    articles = read_source(source)
    if not articles:
        raise SystemExit(f"make_corpus.py: no article in {source}")
    ids = [a["id"] for a in articles]
    if len(set(ids)) != len(ids):
        # Copies are told apart by their suffix; the originals must be too.
        articles = [dict(a, id=f"{a['id']}#{i}") for i, a in enumerate(articles)]
    written = 0
    copies = 0
    words = 0
    while written < args.min_bytes:
        for article in articles:
            record = dict(article, id=f"{article['id']}~r{copies:03d}")
            line = json.dumps(record, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            words += len((article["title"] or "").split()) + len(article["text"].split())
        copies += 1
    print(f"make_corpus.py repeat: source {os.path.abspath(source)} "
          f"({len(articles)} articles) x {copies} copies = {len(articles) * copies} "
          f"articles, {written:,} bytes, {words:,} words (title + text)", file=sys.stderr)


# ---------------------------------------------------------------- main ---


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="form", required=True)
    a = sub.add_parser("articles", help="news-like articles for the extraction path")
    a.add_argument("--count", type=int, default=2000, help="articles (default 2000)")
    r = sub.add_parser("records", help="extraction records for the storage path")
    r.add_argument("--triples", type=int, default=100000, help="triples (default 100000)")
    r.add_argument("--entities", type=int, default=0,
                   help="distinct entities (default triples/20, at least 50)")
    r.add_argument("--alpha", type=float, default=1.0,
                   help="Zipf exponent of entity popularity (default 1.0)")
    d = sub.add_parser("repeat", help="real articles repeated to at least --min-bytes")
    d.add_argument("--source", default="",
                   help="a .jsonl file, a .txt file or a folder of them (default: "
                        "../shared/eval/dev.jsonl beside the repository if it exists, "
                        "else examples/)")
    d.add_argument("--min-bytes", type=int, default=1 << 20,
                   help="least output size in bytes (default 1048576 = 1 MiB)")
    for p in (a, r):
        p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    for p in (a, r, d):
        p.add_argument("--out", default="-", help="output file (default stdout)")
    args = parser.parse_args(argv)
    if (getattr(args, "count", 1) < 0 or getattr(args, "triples", 1) < 0
            or getattr(args, "min_bytes", 1) < 1):
        parser.error("sizes must not be negative (and --min-bytes at least 1)")
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    try:
        if args.form == "articles":
            write_articles(args, out)
        elif args.form == "repeat":
            write_repeat(args, out)
        else:
            write_records(args, out)
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
