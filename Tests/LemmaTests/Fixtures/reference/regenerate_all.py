#!/usr/bin/env python3
"""Recomputes (or, with --check, verifies) every expected output under Fixtures/
with the clingo reference, and checks the shipped knowledge in <repo>/knowledge.
Also rewrites (or verifies) the generated open-world theories.

usage: regenerate_all.py [--check] [--skip-slow]

  --check      compare with the committed files instead of writing them
  --skip-slow  leave out souffle/same_generation_tree (about 45 s and 2.5 GB in clingo)
Needs `pip install clingo`.
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(HERE)
REPO = os.path.normpath(os.path.join(FIXTURES, "..", "..", ".."))
SLOW = {"same_generation_tree"}


def run(args):
    print("$ " + " ".join(os.path.relpath(a, FIXTURES) if os.path.isabs(a) else a for a in args), flush=True)
    return subprocess.call([sys.executable] + args)


def main(argv):
    mode = "--check" if "--check" in argv else "--write"
    failures = 0
    souffle = os.path.join(FIXTURES, "souffle")
    for case in sorted(os.listdir(souffle)):
        path = os.path.join(souffle, case)
        if not os.path.isdir(path) or ("--skip-slow" in argv and case in SLOW):
            continue
        failures += run([os.path.join(HERE, "run_reference.py"), path, mode]) != 0
    domains = os.path.join(FIXTURES, "domains")
    for dom in sorted(os.listdir(domains)):
        path = os.path.join(domains, dom)
        if os.path.isdir(path):
            failures += run([os.path.join(HERE, "check_knowledge.py"), path]) != 0
            failures += run([os.path.join(HERE, "answer_queries.py"), path, mode]) != 0
    # open-world theories: the generated ones are rewritten (or compared) first, then every folder's
    # expected.jsonl and conflicts.json, hand-written inconsistent theories included
    failures += run([os.path.join(HERE, "generate_open_world.py")] + (["--check"] if mode == "--check" else [])) != 0
    open_world = os.path.join(FIXTURES, "open_world")
    for theory in sorted(os.listdir(open_world)):
        path = os.path.join(open_world, theory)
        if os.path.isdir(path):
            failures += run([os.path.join(HERE, "answer_open_world.py"), path, mode]) != 0
    knowledge = os.path.join(REPO, "knowledge")
    failures += run([os.path.join(HERE, "check_knowledge.py"), knowledge]) != 0
    failures += run([os.path.join(HERE, "answer_queries.py"), os.path.join(FIXTURES, "knowledge_queries"),
                     "--kb", knowledge, mode]) != 0
    print("%d failure(s)" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
