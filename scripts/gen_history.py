#!/usr/bin/env python3
"""Writes N realistic dossier histories as JSON Lines for `motcua import`.

Histories use the demo catalogue (data/demo/catalogue.json): desk and postal
receptions and online submissions received later, over 2024-2025, processed,
some waiting for supplements, most resolved and returned, some left open.
Usage: gen_history.py N > history.jsonl
"""
import datetime
import json
import random
import sys

random.seed(20261122)
CATALOGUE = json.load(open(sys.argv[2] if len(sys.argv) > 2 else
                           "data/demo/catalogue.json"))
AGENCIES = [a["code"] for a in CATALOGUE["agencies"]]
PROCEDURES = [p["code"] for p in CATALOGUE["procedures"]]
UTC7 = datetime.timezone(datetime.timedelta(hours=7))
START = datetime.datetime(2024, 1, 2, tzinfo=UTC7)
sequences = {}


def stamp(t):
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def later(t, lo_minutes, hi_minutes):
    return t + datetime.timedelta(minutes=random.randint(lo_minutes, hi_minutes))


def one():
    agency = random.choice(AGENCIES)
    day = START + datetime.timedelta(days=random.randint(0, 660))
    t = day.replace(hour=random.randint(7, 16), minute=random.randint(0, 59))
    key = (agency, t.strftime("%y%m%d"))
    sequences[key] = sequences.get(key, 0) + 1
    if sequences[key] > 9999:
        return None
    channel = random.choices(["DIRECT", "ONLINE", "POSTAL"], [55, 35, 10])[0]
    d = {
        "code": "%s-%s-%04d" % (agency, key[1], sequences[key]),
        "agency_code": agency,
        "procedure_code": random.choice(PROCEDURES),
        "channel": channel,
        "applicant": {"kind": "PERSON", "name": "Công dân %d" % random.randint(1, 10**6),
                      "id_number": "0420%08d" % random.randint(0, 10**8 - 1)},
        "created_at": stamp(t),
        "events": [],
    }
    events = d["events"]
    if channel == "ONLINE" and random.random() < 0.5:
        d["submitted_online"] = True
        t = later(t, 30, 60 * 24)
        events.append({"at": stamp(t), "status": "RECEIVED"})
    t = later(t, 10, 240)
    events.append({"at": stamp(t), "status": "PROCESSING"})
    if random.random() < 0.15:
        t = later(t, 60, 60 * 24 * 3)
        events.append({"at": stamp(t), "status": "AWAITING_SUPPLEMENT"})
        t = later(t, 60, 60 * 24 * 5)
        events.append({"at": stamp(t), "status": "PROCESSING"})
    r = random.random()
    if r < 0.08:
        return d  # still open
    t = later(t, 60, 60 * 24 * 14)
    if r < 0.11:
        events.append({"at": stamp(t), "status": "WITHDRAWN"})
        return d
    events.append({"at": stamp(t), "status": "RESOLVED",
                   "outcome": "GRANTED" if random.random() < 0.9 else "REFUSED"})
    if random.random() < 0.85:
        events.append({"at": stamp(later(t, 60, 60 * 24 * 3)), "status": "RETURNED"})
    return d


n = int(sys.argv[1])
written = 0
while written < n:
    d = one()
    if d is not None:
        sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
        written += 1
