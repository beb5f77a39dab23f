#!/usr/bin/env python3
"""Checks PARARULE-Plus labels against an answer-set solver, independently of Lemma.

usage:
  pararule_closed_world.py DATASET.jsonl [PREDICTIONS.jsonl]

Each person-domain theory ("Anne is big.", "If someone is not strong then they
are sad.", "All smart people are quiet.") is translated here, by its own small
reader, into a stratified ASP program with negation as failure and solved with
clingo (`pip install clingo`): its single answer set is the closed-world
meaning of the theory.  The script prints, per id family, how many labels
agree with that meaning, and with PREDICTIONS (from `lemma eval --world closed
--predictions`) how many of Lemma's answers agree with clingo.  Items of other
shapes (the animal theories with relations) are skipped and counted.
"""

import collections
import json
import re
import sys

import clingo


def program(context):
    lines = []
    for sentence in re.split(r"(?<=\.)\s+", context.strip()):
        sentence = sentence.rstrip(".")
        fact = re.fullmatch(r"([A-Z][a-z]+) is (\w+)", sentence)
        rule = re.fullmatch(r"If someone is (.*) then they are (\w+)", sentence)
        general = re.fullmatch(r"(?:All )?(\w+) people are (\w+)", sentence)
        if fact:
            name = fact.group(1).lower()
            lines.append(f"{fact.group(2)}({name}). thing({name}).")
        elif rule:
            body = ["thing(X)"]
            for condition in rule.group(1).split(" and "):
                body.append(f"not {condition[4:]}(X)" if condition.startswith("not ") else f"{condition}(X)")
            lines.append(f"{rule.group(2)}(X) :- {', '.join(body)}.")
        elif general:
            lines.append(f"{general.group(2)}(X) :- {general.group(1).lower()}(X).")
        else:
            return None
    return "\n".join(lines)


def answer(item):
    text = program(item["context"])
    question = re.fullmatch(r"([A-Z][a-z]+) is (not )?(\w+)\.", item["question"])
    if text is None or question is None:
        return None
    control = clingo.Control(["--warn=none"])
    control.add("base", [], text)
    control.ground([("base", [])])
    models = []
    control.solve(on_model=lambda model: models.append({str(symbol) for symbol in model.symbols(atoms=True)}))
    assert len(models) == 1, "a stratified program has exactly one answer set"
    holds = f"{question.group(3)}({question.group(1).lower()})" in models[0]
    return "true" if holds != bool(question.group(2)) else "false"


def main():
    items = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    predictions = {}
    if len(sys.argv) > 2:
        predictions = {p["id"]: p["prediction"] for p in map(json.loads, open(sys.argv[2])) }
    labels = collections.Counter()
    totals = collections.Counter()
    lemma_agrees = lemma_total = skipped = 0
    for item in items:
        reference = answer(item)
        if reference is None:
            skipped += 1
            continue
        family = item["id"].rsplit("-", 1)[0]
        totals[family] += 1
        labels[family] += reference == item["answer"]
        if item["id"] in predictions:
            lemma_total += 1
            lemma_agrees += predictions[item["id"]] == reference
    for family in sorted(totals):
        print(f"{family}: labels agree with clingo on {labels[family]}/{totals[family]}")
    print(f"skipped (not person-domain): {skipped}")
    if predictions:
        print(f"Lemma agrees with clingo on {lemma_agrees}/{lemma_total}")


if __name__ == "__main__":
    main()
