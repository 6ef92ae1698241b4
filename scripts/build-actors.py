#!/usr/bin/env python3
"""Generates data/actors.tsv: dated roles of known people.

Usage: python3 scripts/build-actors.py --shared ../shared [--out data]

Inputs (read-only):
  <shared>/data/eventdata/Phoenix.{Countries,International,MilNonState}.actors.txt
                                                     MIT (petrarch2)
  <shared>/data/eventdata/CountryInfo.120116.txt     CC BY-SA 3.0 (<Leaders> blocks)
  /usr/share/iso-codes/json/iso_3166-1.json          LGPL-2.1+ (Debian iso-codes)
  data/gazetteer.tsv, data/roles.tsv                 project data (canonical names)

Standard library only, offline; output is sorted and byte-for-byte
deterministic. The name helpers (dictionary phrases, title-casing, the person
test's word lists, canonical country names) come from scripts/build-data.py,
imported as a module, so that actor names match the gazetteer's. The format
and the mapping rules are documented in docs/actors.md.
"""

import argparse
import collections
import importlib.util
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def _load_build_data():
    spec = importlib.util.spec_from_file_location("build_data",
                                                  os.path.join(HERE, "build-data.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bd = _load_build_data()

ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
               "Phoenix.MilNonState.actors.txt")

# CAMEO country blocks that are not ISO 3166-1 alpha-3 codes, as a name the
# gazetteer knows. Blocks missing here and from ISO are dropped (counted):
# the Soviet Union, Yugoslavia, Czechoslovakia and East Germany have no
# gazetteer entry, so their officials keep only their other roles.
CAMEO_COUNTRIES = {
    "TMP": "East Timor",
    "KSV": "Kosovo",
}

# IGO and IMG codes whose organisation the dictionaries' own entries do not
# name well (or name with a vote too close to trust): code -> a gazetteer
# alias of the organisation. Looked up before the dictionary vote.
CURATED_CODES = {
    "IGOUNO": "United Nations",
    "IGOWSTNAT": "NATO",
    "IGOEEC": "European Union",
    "IGOEU": "European Union",
    "IGOEUREEC": "European Union",
    "IGOAFRAFU": "African Union",
    "IGOAFU": "African Union",
    "IGOARBARL": "Arab League",
    "IGOARL": "Arab League",
    "IGOASNASN": "ASEAN",
    "IGOSEAASN": "ASEAN",
    "IGOOPC": "OPEC",
    "IGOUNOIAE": "IAEA",
    "IGOUNOKID": "UNICEF",
    "IGOUNOREFHCR": "UNHCR",
    "IGOUNOHRIHCH": "Office of the UN High Commissioner for Human Rights",
    "IGOUNODEVWBK": "World Bank",
    "IGOUNOWBK": "World Bank",
    "IGOWBK": "World Bank",
    "IGOUNOIMF": "International Monetary Fund",
    "IGOIMF": "International Monetary Fund",
    "IGOUNOWFP": "World Food Programme",
    "IGOUNOHLHWHO": "World Health Organization",
    "IGOUNOWTO": "World Trade Organization",
    "IGOWTO": "World Trade Organization",
    "IGOUNOJUDICJ": "International Court of Justice",
    "IGOJUDICC": "International Criminal Court",
    "IGOUNOJUDICC": "International Criminal Court",
    "IGOOSCE": "OSCE",
    "IGOEUROSC": "OSCE",
    "IGOOAS": "Organization of American States",
    "IGOWSTOAS": "Organization of American States",
    "IGOGCC": "Gulf Cooperation Council",
    "IGOOIC": "Organisation of Islamic Cooperation",
    "IMGMUSALQ": "al-Qaeda",
    "IMGMUSISI": "Islamic State",
}

# Agent blocks after the country that mean the person acts against or apart
# from the state ("RUSOPP", "AFGINS"): such a role does not make the person
# represent the country, so it is dropped (counted).
# CAMEO region blocks: "IGO" plus one of these names no single body.
REGIONS = {"AFR", "ASA", "BLK", "CAS", "CAU", "CFR", "CRB", "EAF", "EEU", "EUR", "LAM",
           "MEA", "NAF", "NAM", "SAF", "SAM", "SAS", "SEA", "SCN", "WAF", "WST", "PGS"}

NON_STATE_AGENTS = ("OPP", "REB", "INS", "SEP", "CRM", "UAF", "IMG")

# Lower-case words that never occur inside a person's name (unlike "bin",
# "al", "de", "van").
ENGLISH_CONNECTORS = {"in", "of", "the", "and", "for", "on", "at", "to"}

CODE_RE = re.compile(r"^([A-Z~-]+)\s*(.*)$")
DATE_RE = re.compile(r"^\d{6}$|^\d{8}$")


# ------------------------------------------------------------------ dates ---

DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def parse_date(raw, stats):
    """'080508' or '20080508' -> '2008-05-08'; None when unusable.

    A day past the month's end ("20060431", found in CountryInfo) is clamped
    to the last day of that month; counted.
    """
    raw = raw.strip()
    if not DATE_RE.match(raw):
        return None
    if len(raw) == 6:
        yy = int(raw[:2])
        year = (2000 if yy <= 30 else 1900) + yy
        month, day = int(raw[2:4]), int(raw[4:6])
    else:
        year, month, day = int(raw[:4]), int(raw[4:6]), int(raw[6:8])
    if not 1 <= month <= 12 or day < 1 or year < 1000:
        return None
    last = DAYS[month - 1]
    if month == 2 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        last = 28
    if day > last:
        stats["dates clamped to month end"] += 1
        day = last
    return "%04d-%02d-%02d" % (year, month, day)


def parse_restriction(text, stats):
    """Date part of a code ('>080508', '700101-990809', '< 20040331', '')
    -> (from, until) as 'YYYY-MM-DD' or ''; None when malformed."""
    text = text.replace(" ", "")
    if not text:
        return "", ""
    if text[0] in "<>":
        d = parse_date(text[1:], stats)
        if d is None:
            return None
        return ("", d) if text[0] == "<" else (d, "")
    if text.count("-") == 1:
        a, b = text.split("-")
        da, db = parse_date(a, stats), parse_date(b, stats)
        if da is None or db is None or db < da:
            return None
        return da, db
    return None


# -------------------------------------------------------------- gazetteer ---

class Canonicals:
    """Canonical names of data/gazetteer.tsv, looked up by lower-case alias."""

    def __init__(self, path):
        self.by_alias = collections.defaultdict(set)  # lower alias -> {(canon, type)}
        self.persons = {}  # NameKey -> canonical PERSON name
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) != 4:
                    continue
                alias, canon, etype, _ = cols
                self.by_alias[alias.lower()].add((canon, etype))
                if etype == "PERSON" and alias == canon:
                    self.persons[name_key(canon)] = canon

    def find(self, name, etype):
        """Canonical of `name` with type `etype`, or None (also when ambiguous)."""
        hits = sorted(c for c, t in self.by_alias.get(name.lower(), ()) if t == etype)
        return hits[0] if len(hits) == 1 else None


def name_key(name):
    """Mirror of NameKey in extract/src/actors.cc: lower case, dots dropped,
    hyphens and runs of spaces as one space."""
    out = name.replace(".", "").replace("-", " ").lower()
    return " ".join(out.split())


# ------------------------------------------------------------ organisations ---

class Organisations:
    """Maps CAMEO codes to (canonical organisation, type)."""

    def __init__(self, shared, gaz):
        self.gaz = gaz
        iso = json.loads(bd.read_text("/usr/share/iso-codes/json/iso_3166-1.json"))["3166-1"]
        self.countries = {}
        for c in iso:
            a3 = c["alpha_3"]
            canon = bd.CANONICAL_OVERRIDES.get(a3) or c.get("common_name") or c["name"]
            if gaz.find(canon, "GPE") == canon:
                self.countries[a3] = canon
        for code, name in CAMEO_COUNTRIES.items():
            canon = gaz.find(name, "GPE")
            if canon:
                self.countries[code] = canon
        # Dictionary votes: code -> Counter(canonical) from the organisation
        # entries (and their synonyms) whose only code is that code.
        self.votes = collections.defaultdict(collections.Counter)
        for fname, etype in (("Phoenix.International.actors.txt", "ORG"),
                             ("Phoenix.MilNonState.actors.txt", "GROUP")):
            path = os.path.join(shared, "data/eventdata", fname)
            for name, synonyms, codes, _ in bd.actor_entries(path):
                codes = [c.strip() for c in codes if c.strip()]
                if len(codes) != 1 or not re.match(r"^[A-Z]+$", codes[0]):
                    continue
                code = codes[0]
                if not code.startswith(("IGO", "IMG")):
                    continue
                for phrase in [name] + synonyms:
                    words = bd.dict_phrase(re.sub(r"_?\([^)]*\)", "", phrase))
                    if not words:
                        continue
                    canon = gaz.find(" ".join(words), etype) or \
                        gaz.find(bd.title_case(words), etype)
                    if canon:
                        self.votes[code][canon] += 1
        self.cache = {}

    def _curated(self, code):
        if code not in CURATED_CODES:
            return None
        etype = "ORG" if code.startswith("IGO") else "GROUP"
        canon = self.gaz.find(CURATED_CODES[code], etype)
        return (canon, etype) if canon else None

    def _voted(self, code):
        """The clear winner of the dictionary vote on exactly `code`."""
        votes = self.votes.get(code)
        if not votes:
            return None
        ranked = votes.most_common()
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return None  # A tie is too weak to name an organisation.
        return ranked[0][0], "ORG" if code.startswith("IGO") else "GROUP"

    def comment_org(self, comments):
        """The organisation a dictionary comment names ("# Caribbean
        Community"), or None."""
        for comment in comments:
            for part in comment.split("#"):
                part = " ".join(part.replace("_", " ").split())
                if part.lower().startswith("the "):
                    part = part[4:]
                canon = self.gaz.find(part, "ORG") if part else None
                if canon:
                    return canon
        return None

    def resolve(self, code, named=None):
        """(organisation, type) for a CAMEO code, or None.

        Country blocks map to the state. For IGO/IMG codes the order is: the
        curated table; the organisation `named` by the entry's comment (IGO
        only); the dictionary vote on the exact code, unless the code is
        generic (bare IGO or IGO plus a region: "IGOLAM" is any Latin
        American body); then curated prefixes ("IGOUNOLKAHRI" falls back to
        "IGOUNO", the United Nations).
        """
        key = (code, named)
        if key in self.cache:
            return self.cache[key]
        result = None
        if code.startswith(("IGO", "IMG")):
            etype = "ORG" if code.startswith("IGO") else "GROUP"
            result = self._curated(code)
            if result is None and named and etype == "ORG":
                result = (named, etype)
            generic = len(code) == 3 or (len(code) == 6 and code[3:] in REGIONS)
            if result is None and not generic:
                result = self._voted(code)
            n = len(code) - 3
            while n >= 6 and result is None:
                result = self._curated(code[:n])
                n -= 3
        elif len(code) >= 3 and code[:3] in self.countries:
            if code[3:6] not in NON_STATE_AGENTS:
                result = (self.countries[code[:3]], "GPE")
        self.cache[key] = result
        return result


# ---------------------------------------------------------------- persons ---

def person_words(phrase, gaz):
    """The words of a person-like dictionary name, or None.

    The same test as collect_persons in build-data.py (2-4 plain words, none
    of them a non-person word, not starting with a title, not all initials),
    plus: no English connector inside ("Al-Qaeda in Iraq") and not a name the
    gazetteer gives to a state, organisation or group only.
    """
    words = bd.dict_phrase(phrase)
    if not words or not 2 <= len(words) <= 4:
        return None
    upper = [w.upper().strip(".") for w in words]
    if any(w in bd.NON_PERSON_WORDS for w in upper):
        return None
    if words[0].lower().rstrip(".") in bd.PERSON_TITLE_WORDS:
        return None
    # "SECRETARY-GENERAL_BAN_KI-MOON": a hyphenated title glued to the name.
    if any(p in bd.NON_PERSON_WORDS for p in upper[0].split("-")):
        return None
    if len(words) == 2 and all(len(w.strip(".")) <= 1 for w in words[:-1]):
        return None
    full = bd.title_case(words)
    if len(full.replace(".", "").replace(" ", "")) < 5:
        return None
    if any(w.lower() in ENGLISH_CONNECTORS for w in words[1:]):
        return None
    types = {t for _, t in gaz.by_alias.get(full.lower(), ())}
    if types and "PERSON" not in types:
        return None
    return words


def synonym_names(words, synonyms, gaz):
    """Title-cased synonyms that name the same person (same last word)."""
    out = []
    last = words[-1].upper()
    for s in synonyms:
        sw = person_words(s, gaz)
        if sw and sw[-1].upper() == last:
            out.append(bd.title_case(sw))
    return out


class People:
    """Persons merged by NameKey; roles in source order, duplicates dropped."""

    def __init__(self):
        self.names = {}  # key -> [display names in order seen]
        self.aliases = collections.defaultdict(list)
        self.roles = collections.defaultdict(list)

    def add(self, name, aliases, roles):
        key = name_key(name)
        self.names.setdefault(key, []).append(name)
        for a in aliases:
            if a not in self.aliases[key]:
                self.aliases[key].append(a)
        for r in roles:
            if r not in self.roles[key]:
                self.roles[key].append(r)


def dictionary_roles(codes, comments, orgs, stats):
    """Resolved roles of a dictionary entry, in dictionary order."""
    named = orgs.comment_org(comments)
    roles = []
    for raw in codes:
        m = CODE_RE.match(raw.strip())
        if not m or not m.group(1).isalpha():
            stats["codes dropped: generic or malformed"] += 1
            continue
        code, rest = m.group(1), m.group(2)
        dates = parse_restriction(rest, stats)
        if dates is None:
            stats["codes dropped: bad date"] += 1
            continue
        org = orgs.resolve(code, named)
        if org is None and code[:3] in orgs.countries and code[3:6] in NON_STATE_AGENTS:
            stats["codes dropped: non-state agent (opposition, rebel, ...)"] += 1
            continue
        if org is None:
            stats["codes dropped: organisation unresolved"] += 1
            stats["unresolved:" + code[:6]] += 1
            continue
        roles.append((org[0], org[1], dates[0], dates[1], code))
    return roles


def entry_groups(path):
    """Yields (names, comments, codes) per code block of a dictionary.

    As in PETRARCH, a primary entry without any code shares the codes of the
    entry that follows it ("DMITRY_MEDVEDEV_" before "DMITR_MEDVEDEV_ ...
    [RUSGOV >080507]"); names lists each primary then its synonyms.
    """
    names, comments = [], []
    for name, synonyms, codes, comment in bd.actor_entries(path):
        names.extend([name] + synonyms)
        comments.append(comment)
        if codes:
            yield names, comments, codes
            names, comments = [], []


def read_dictionaries(shared, orgs, gaz, people, stats):
    for fname in ACTOR_FILES:
        path = os.path.join(shared, "data/eventdata", fname)
        for names, comments, codes in entry_groups(path):
            dated = any(re.search(r"[<>]|\d{6}", c) for c in codes)
            if not (dated or any("CountryInfo" in c for c in comments)):
                continue  # Undated entries are groups, agents or posts.
            # The first plain name stands for the person: a title glued to
            # a primary name ("SECRETARY-GENERAL_BAN_KI-MOON") disqualifies it.
            words = None
            for phrase in names:
                words = person_words(phrase, gaz)
                if words:
                    break
            if words is None:
                continue
            roles = dictionary_roles(codes, comments, orgs, stats)
            stats["entries: " + fname] += 1
            if not roles:
                stats["persons dropped: no resolvable role"] += 1
                continue
            people.add(bd.title_case(words), synonym_names(words, names, gaz), roles)


LEADER_RE = re.compile(r"^\s*((?:\{[^}]*\})+|[A-Za-z][^\s\[]*)\s*(.*)$")


def read_country_info(shared, orgs, gaz, people, stats):
    text = bd.read_text(os.path.join(shared, "data/eventdata/CountryInfo.120116.txt"))
    for block in re.findall(r"<Country>(.*?)</Country>", text, re.S):
        def field(tag):
            m = re.search(r"<%s>(.*?)</%s>" % (tag, tag), block, re.S)
            return m.group(1).split("#")[0].strip() if m else ""
        country = None
        for code in (field("ISO3166-alpha3"), field("CountryCode")):
            if code in orgs.countries:
                country = orgs.countries[code]
                code3 = code
                break
        leaders = re.search(r"<Leaders>(.*?)</Leaders>", block, re.S)
        if not leaders:
            continue
        for line in leaders.group(1).split("\n"):
            line = line.split("#")[0].rstrip()
            if not line.strip() or line.strip().startswith("<"):
                continue
            m = LEADER_RE.match(line)
            if not m:
                continue
            forms = re.findall(r"\{([^}]*)\}", m.group(1)) or [m.group(1)]
            named = [w for w in (person_words(f, gaz) for f in forms) if w]
            if not named:
                continue
            stats["entries: CountryInfo leaders"] += 1
            if country is None:
                stats["persons dropped: no resolvable role"] += 1
                continue
            roles = []
            for span in re.findall(r"\[([^\]]*)\]", m.group(2)):
                if span.startswith(("B:", "D:")):
                    continue
                dates = parse_restriction(span, stats)
                if dates is None:
                    stats["codes dropped: bad date"] += 1
                    continue
                roles.append((country, "GPE", dates[0], dates[1], code3 + "GOV"))
            if not roles:
                stats["persons dropped: no resolvable role"] += 1
                continue
            aliases = [bd.title_case(w) for w in named[1:] if w[-1].upper() == named[0][-1].upper()]
            people.add(bd.title_case(named[0]), aliases, roles)


# ----------------------------------------------------------------- output ---

HEADER = """\
# geokg actor index: dated roles of known people.
# Columns: name<TAB>aliases<TAB>roles
#   name     canonical full name (the gazetteer's PERSON canonical when it has one)
#   aliases  |-separated other full names of the person (may be empty)
#   roles    ;-separated organisation|type|from|until|code, in dictionary order:
#            organisation is a gazetteer canonical name, type GPE|ORG|GROUP,
#            from/until YYYY-MM-DD inclusive or empty (open), code the CAMEO code.
#            The first dated role that holds on a date wins; a role with no
#            dates is the default (docs/actors.md).
# Derived from: petrarch2 Phoenix actor dictionaries (Phoenix.Countries,
# Phoenix.International, Phoenix.MilNonState; MIT, Copyright (c) 2014 Open Event
# Data Alliance); CountryInfo.120116.txt <Leaders> (openeventdata/CountryInfo,
# CC BY-SA 3.0); country names via Debian iso-codes (LGPL-2.1-or-later).
# Organisation names are gazetteer.tsv canonicals (CC BY-SA 4.0). This file is a
# derived work, shared alike under CC BY-SA 4.0; see data/LICENSES.md.
# Generated by scripts/build-actors.py; do not edit by hand.
"""


def clean(field):
    for bad in "\t\n|;":
        if bad in field:
            bd.die("separator %r inside field %r" % (bad, field))
    return field


def build_rows(people, gaz, stats):
    # Every key a person is known by; an alias claimed by two people, or
    # equal to another person's name, is dropped from both.
    display = {}
    for key, names in people.names.items():
        display[key] = gaz.persons.get(key, names[0])
    claims = collections.defaultdict(set)
    for key in people.names:
        claims[key].add(key)
    for key, aliases in people.aliases.items():
        for a in aliases:
            claims[name_key(a)].add(key)
    rows = []
    for key in people.names:
        name = display[key]
        aliases = []
        seen = {key}
        for a in people.names[key][1:] + people.aliases[key]:
            ak = name_key(a)
            if ak in seen:
                continue
            seen.add(ak)
            if len(claims[ak]) > 1:
                stats["aliases dropped: ambiguous"] += 1
                continue
            aliases.append(a)
        roles = ["|".join(clean(v) for v in r) for r in people.roles[key]]
        rows.append((clean(name), "|".join(clean(a) for a in sorted(aliases)), ";".join(roles)))
        stats["roles"] += len(roles)
        stats["aliases"] += len(aliases)
        if all(r[2] == "" and r[3] == "" for r in people.roles[key]):
            stats["persons with only undated roles"] += 1
    rows.sort(key=lambda r: (r[0].lower(), r[0], r[1], r[2]))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", required=True, help="path of ../shared")
    ap.add_argument("--out", default=os.path.join(HERE, "..", "data"))
    args = ap.parse_args()
    stats = collections.Counter()
    gaz = Canonicals(os.path.join(args.out, "gazetteer.tsv"))
    orgs = Organisations(args.shared, gaz)
    people = People()
    read_dictionaries(args.shared, orgs, gaz, people, stats)
    read_country_info(args.shared, orgs, gaz, people, stats)
    rows = build_rows(people, gaz, stats)
    path = os.path.join(args.out, "actors.tsv")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER)
        for r in rows:
            f.write("\t".join(r) + "\n")
    os.replace(tmp, path)
    print("wrote %s: %d persons, %d bytes" % (path, len(rows), os.path.getsize(path)))
    unresolved = sorted(((n, k[11:]) for k, n in stats.items() if k.startswith("unresolved:")),
                        reverse=True)
    for k in sorted(k for k in stats if not k.startswith("unresolved:")):
        print("  %s: %d" % (k, stats[k]))
    print("  most frequent unresolved code prefixes: %s" %
          ", ".join("%s %d" % (c, n) for n, c in unresolved[:12]))


if __name__ == "__main__":
    main()
