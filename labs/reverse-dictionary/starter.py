#!/usr/bin/env python3
"""Starter for the reverse-dictionary lab: a word-overlap ranker over the public data, and a valid file.

Each candidate word gets the words of its train definitions; a query ranks the candidates by how many of
its words (weighted by rarity) they share. Run it next to the lab's data folder:

    python3 starter.py --data data --out predictions.jsonl

then upload predictions.jsonl on the lab page. Replace rank() with your own method.
"""
import argparse
import collections
import json
import math
import re

WORD = re.compile(r"[a-z]+")
STOP = set("a an the of or and to in for with by as on that which who is are be from at its it".split())


def words(text):
    return [w for w in WORD.findall(text.lower()) if w not in STOP]


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def build_index(train):
    """word in a definition -> {candidate: count}, and each definition word's document frequency."""
    index = collections.defaultdict(collections.Counter)
    for item in train:
        for w in set(words(item["definition"])):
            for candidate in item["words"]:
                index[w][candidate] += 1
    idf = {w: math.log(1 + len(train) / sum(c.values())) for w, c in index.items()}
    return index, idf


def rank(definition, index, idf, popular, k=10):
    scores = collections.Counter()
    for w in set(words(definition)):
        for candidate, n in index.get(w, {}).items():
            scores[candidate] += n * idf[w]
    ranked = [c for c, _ in scores.most_common(k)]
    for c in popular:  # a ranking must not be empty: fill up with frequent answers
        if len(ranked) >= k:
            break
        if c not in ranked:
            ranked.append(c)
    return ranked


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="data", help="the lab's data folder")
    ap.add_argument("--out", default="predictions.jsonl", help="the predictions file to write")
    args = ap.parse_args()
    train = read_jsonl(f"{args.data}/train.jsonl") + read_jsonl(f"{args.data}/dev.jsonl")
    test = read_jsonl(f"{args.data}/test.jsonl")
    index, idf = build_index(train)
    popular = [w for w, _ in collections.Counter(w for item in train for w in item["words"]).most_common(10)]
    with open(args.out, "w", encoding="utf-8") as out:
        for query in test:
            out.write(json.dumps({"id": query["id"], "prediction": rank(query["definition"], index, idf, popular)}) + "\n")
    print(f"wrote {args.out}: {len(test)} queries, top 10 each")


if __name__ == "__main__":
    main()
