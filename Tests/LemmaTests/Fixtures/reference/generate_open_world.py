#!/usr/bin/env python3
"""Writes the generated open-world fixtures: ProofWriter-style theories.

usage: generate_open_world.py [--check] [--stats]

For every theory in THEORIES writes Fixtures/open_world/<name>/theory.dl and
queries.txt (expected.jsonl and conflicts.json come from answer_open_world.py).
Deterministic: each theory has its own fixed seed, and nothing depends on
hash order.
  --check  compares with the committed files instead of writing them
  --stats  prints every query with its answer and reasoning depth

A theory is a handful of people and animals with attributes (big, red, kind,
young, ...) and relations (likes, chases, sees, ...), stored facts of both
signs (`big("cat").`, `-young("bob").`), and rules whose heads and bodies use
classical negation (`-red(x) :- big(x), -young(x).`).  A theory of depth D has
a chain of D rules that derives a literal at depth D, plus distractor facts and
rules that are kept only while the theory stays consistent and nothing needs
more than D rule applications (so the depth-0 theory's rules never fire).  The
`closed_negation` theory also declares closed relations and uses `!` on them.

Depth of a literal: 0 for a stored fact; for a derived one, 1 + the largest
depth among the rule body's atoms (positive or classically negated) in its
shallowest derivation; a `!q(...)` body literal adds nothing (the closed
relation q is complete before it is used).  The query of a "no" answer has the
depth of the complementary literal that refutes it; "unknown" has no depth.

The generator evaluates each theory itself and checks its answers against
answer_open_world.py (clingo) before writing anything.
"""

import itertools
import json
import os
import random
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import answer_open_world  # noqa: E402

OUT = os.path.join(os.path.dirname(HERE), "open_world")

PEOPLE = ["anne", "bob", "charlie", "dave", "erin", "fiona", "gary", "harry"]
ANIMALS = ["bear", "cat", "cow", "dog", "lion", "mouse", "rabbit", "squirrel", "tiger"]
ATTRIBUTES = ["big", "blue", "cold", "furry", "green", "kind", "nice", "quiet", "red", "rough", "round",
              "smart", "white", "young"]
# relation -> (third person verb, plural verb, past participle)
RELATIONS = {"likes": ("likes", "like", "liked"), "chases": ("chases", "chase", "chased"),
             "sees": ("sees", "see", "seen"), "visits": ("visits", "visit", "visited"),
             "eats": ("eats", "eat", "eaten"), "needs": ("needs", "need", "needed")}

# name, seed, depth, closed relations ([] for none), entities, attributes, relations
THEORIES = [
    ("depth0", 100, 0, 4, 7, 2),
    ("depth1", 101, 1, 4, 7, 2),
    ("depth2", 102, 2, 5, 8, 2),
    ("depth3", 103, 3, 5, 8, 3),
    ("depth5", 105, 5, 5, 9, 3),
    ("closed_negation", 110, 3, 5, 8, 3),
]
MAX_FACTS, MAX_RULES = 59, 24


# ----------------------------------------------------------------------------
# Terms and literals.  A literal is (mode, relation, args): mode "pos" (p), "neg" (-p) or "naf"
# (!p); an argument is ("v", name) or ("c", entity).

def V(name):
    return ("v", name)


def C(name):
    return ("c", name)


def lit_text(lit):
    mode, rel, args = lit
    a = ", ".join(x[1] if x[0] == "v" else '"%s"' % x[1] for x in args)
    return {"pos": "", "neg": "-", "naf": "!"}[mode] + "%s(%s)" % (rel, a)


def complement(lit):
    mode, rel, args = lit
    return ({"pos": "neg", "neg": "pos"}[mode], rel, args)


class Theory:
    def __init__(self, name, depth, entities, attributes, relations, closed):
        self.name, self.depth = name, depth
        self.entities, self.attributes, self.relations = entities, attributes, relations
        self.closed = closed          # set of closed relation names
        self.facts = []               # ground literals ("pos"/"neg", rel, (C,...))
        self.rules = []               # (head literal, [body literals])
        self.notes = []               # what the rules of the chain are for
        self.chain_ends = []          # keys of the literals the chain derives at depth D

    def arity(self, rel):
        return 2 if rel in RELATIONS else 1

    # -- evaluation ------------------------------------------------------------
    def ground_rule(self, head, body):
        names = []
        for lit in [head] + body:
            for a in lit[2]:
                if a[0] == "v" and a[1] not in names:
                    names.append(a[1])
        if not names:
            yield head, body
            return
        for vals in itertools.product(self.entities, repeat=len(names)):
            sub = dict(zip(names, vals))

            def g(lit):
                return (lit[0], lit[1], tuple(C(sub[a[1]]) if a[0] == "v" else a for a in lit[2]))
            yield g(head), [g(l) for l in body]

    def evaluate(self):
        """Returns (depth: {ground literal key: depth}, consistent).  Keys are (sign, rel, values)."""
        def key(lit):
            return (lit[0], lit[1], tuple(a[1] for a in lit[2]))
        grounded = [gr for head, body in self.rules for gr in self.ground_rule(head, body)]
        # closed relations first (their rules use closed relations only), to a fixpoint
        closed_true = {key(f) for f in self.facts if f[1] in self.closed}
        changed = True
        while changed:
            changed = False
            for head, body in grounded:
                if head[1] not in self.closed or key(head) in closed_true:
                    continue
                if all((key(l) in closed_true) if l[0] == "pos" else (("pos",) + key(l)[1:] not in closed_true)
                       for l in body):
                    closed_true.add(key(head))
                    changed = True
        depth = {}
        for f in self.facts:
            depth.setdefault(key(f), 0)
        rnd = 0
        while True:
            rnd += 1
            new = {}
            for head, body in grounded:
                k = key(head)
                if k in depth or k in new:
                    continue
                ok = True
                for l in body:
                    if l[0] == "naf":
                        if ("pos",) + key(l)[1:] in closed_true:
                            ok = False
                            break
                    elif depth.get(key(l), rnd) >= rnd:
                        ok = False
                        break
                if ok:
                    new[k] = rnd
            if not new:
                break
            depth.update(new)
        consistent = not any(("neg",) + k[1:] in depth for k in depth if k[0] == "pos")
        assert all(k in depth for k in closed_true)
        return depth, consistent

    def max_depth(self, depth):
        return max(depth.values()) if depth else 0

    def acceptable(self):
        """Consistent, nothing deeper than D, and the chain still needs all D steps for one of its ends."""
        d, ok = self.evaluate()
        return ok and self.max_depth(d) == self.depth and (
            not self.chain_ends or any(d.get(e) == self.depth for e in self.chain_ends))

    # -- output ----------------------------------------------------------------
    def english(self, lit):
        mode, rel, args = lit
        a = [x[1] if x[0] == "v" else x[1].capitalize() if x[1] in PEOPLE else "the " + x[1] for x in args]
        if rel in RELATIONS:
            third, plural, _ = RELATIONS[rel]
            if mode == "pos":
                return "%s %s %s" % (a[0], third, a[1])
            if mode == "neg":
                return "%s does not %s %s" % (a[0], plural, a[1])
            return "%s is not known to %s %s" % (a[0], plural, a[1])
        return "%s %s %s" % (a[0], {"pos": "is", "neg": "is not", "naf": "is not known to be"}[mode], rel)

    def rule_text(self, head, body):
        return "%s :- %s." % (lit_text(head), ", ".join(lit_text(l) for l in body))

    def render(self, seed):
        used = sorted({f[1] for f in self.facts} | {l[1] for h, b in self.rules for l in [h] + b}
                      | set(self.attributes) | set(self.relations))
        out = ["// Generated by reference/generate_open_world.py (theory %r, seed %d): do not edit," % (self.name, seed),
               "// rerun the generator.  ProofWriter-style open-world theory; the deepest answer needs %d rule "
               "application%s." % (self.depth, "" if self.depth == 1 else "s")]
        out += ["// " + n for n in self.notes]
        out += ["", '.pragma "world" "open"', ""]
        for rel in used:
            q = " closed" if rel in self.closed else ""
            if rel in RELATIONS:
                out.append(".decl %s(subject: symbol, object: symbol)%s" % (rel, q))
                out.append('.phrase %s "{subject} %s {object}" | "{object} is %s by {subject}"'
                           % (rel, RELATIONS[rel][0], RELATIONS[rel][2]))
            else:
                out.append(".decl %s(thing: symbol)%s" % (rel, q))
                out.append('.phrase %s "{thing} is %s"' % (rel, rel))
        out += ["", "// ---- facts ----", ""]
        for f in sorted(self.facts, key=lambda f: (f[1], [a[1] for a in f[2]], f[0])):
            out.append(lit_text(f) + ".")
        out += ["", "// ---- rules ----", ""]
        for head, body in self.rules:
            conds = [self.english(l) for l in body]
            out.append("// If %s then %s." % (" and ".join(conds), self.english(head)))
            out.append(self.rule_text(head, body))
        return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------
# Generation

def sign(rng, p_neg):
    return "neg" if rng.random() < p_neg else "pos"


def random_fact(rng, th):
    if th.relations and rng.random() < 0.35:
        rel = rng.choice(th.relations)
        a, b = rng.sample(th.entities, 2)
        mode = "pos" if rel in th.closed else sign(rng, 0.3)
        return (mode, rel, (C(a), C(b)))
    rel = rng.choice(th.attributes)
    mode = "pos" if rel in th.closed else sign(rng, 0.4)
    return (mode, rel, (C(rng.choice(th.entities)),))


def body_literal(rng, th, rel, args, allow_naf):
    if rel in th.closed:
        return ("naf" if allow_naf and rng.random() < 0.6 else "pos", rel, args)
    return (sign(rng, 0.4), rel, args)


def random_rule(rng, th):
    """A distractor rule in one of ProofWriter's shapes, with random signs."""
    open_attrs = [a for a in th.attributes if a not in th.closed]
    open_rels = [r for r in th.relations if r not in th.closed]
    closed_naf = th.closed and rng.random() < 0.5
    x, y = V("x"), V("y")
    shape = rng.choice(["a", "ab", "ab", "rel_out", "rel_in", "ground", "rel_head"])
    if shape == "rel_head" and not open_rels or shape in ("rel_out", "rel_in") and not th.relations:
        shape = "ab"
    head = (sign(rng, 0.35), rng.choice(open_attrs), (x,))
    if shape == "a":
        body = [body_literal(rng, th, rng.choice(th.attributes), (x,), False)]
        if body[0][1] in th.closed:
            body = [("pos", body[0][1], (x,))]
    elif shape == "ab":
        a, b = rng.sample(th.attributes, 2)
        body = [body_literal(rng, th, a, (x,), False), body_literal(rng, th, b, (x,), True)]
        if body[0][0] == "naf":
            body[0] = ("pos",) + body[0][1:]
    elif shape in ("rel_out", "rel_in"):
        rel = rng.choice(th.relations)
        args = (x, y) if shape == "rel_out" else (y, x)
        body = [body_literal(rng, th, rel, args, False), body_literal(rng, th, rng.choice(th.attributes), (y,), True)]
        if body[0][0] == "naf":
            body[0] = ("pos",) + body[0][1:]
    elif shape == "ground":
        e, f = rng.sample(th.entities, 2)
        head = (sign(rng, 0.35), rng.choice(open_attrs), (C(e),))
        body = [body_literal(rng, th, rng.choice(th.attributes), (C(e),), True)]
        if th.relations:
            body.append(body_literal(rng, th, rng.choice(th.relations), (C(f), C(e)), True))
        if all(l[0] == "naf" for l in body):
            body[0] = ("pos",) + body[0][1:]
    else:  # rel_head: "if something is kind then it likes the cat"
        rel = rng.choice(open_rels)
        head = (sign(rng, 0.3), rel, (x, C(rng.choice(th.entities))))
        body = [body_literal(rng, th, rng.choice(th.attributes), (x,), False)]
        if body[0][0] == "naf":
            body[0] = ("pos",) + body[0][1:]
        body.append(body_literal(rng, th, rng.choice(th.attributes), (x,), True))
        if body[0][1] == body[1][1]:
            body.pop()
    if closed_naf and not any(l[0] == "naf" for l in body):
        c = rng.choice(sorted(th.closed))
        if th.arity(c) == 1:
            body.append(("naf", c, (x,) if any(x in l[2] for l in body) else body[0][2][:1]))
    return head, body


def closed_rule(rng, th):
    """A rule deriving the first closed attribute from the closed relation and the negation of the
    second closed attribute (which no rule derives: the program stays stratified)."""
    cattrs = sorted(a for a in th.attributes if a in th.closed)
    crel = rng.choice([r for r in th.relations if r in th.closed])
    x, y = V("x"), V("y")
    body = [("pos", crel, rng.choice([(x, y), (y, x)])), ("naf", cattrs[1], rng.choice([(x,), (y,)]))]
    return ("pos", cattrs[0], (x,)), body


def build_chain(rng, th):
    """Rules (and the facts they need) that derive one literal at depth th.depth, twice over:
    the chain starts from two entities."""
    open_attrs = [a for a in th.attributes if a not in th.closed]
    steps = rng.sample(open_attrs, th.depth + 1)
    x, y = V("x"), V("y")
    starts = rng.sample(th.entities, 2)
    signs = [sign(rng, 0.5) for _ in steps]
    facts = [(signs[0], steps[0], (C(e),)) for e in starts]
    current = list(starts)
    rules = []
    naf_used = False
    for i in range(1, th.depth + 1):
        prev = (signs[i - 1], steps[i - 1])
        head = (signs[i], steps[i], (x,))
        kind = rng.choice(["extra", "extra", "link"]) if th.relations else "extra"
        if th.closed and not naf_used and i == 1:
            kind = "naf"
        if kind == "link":
            rel = rng.choice([r for r in th.relations if r not in th.closed] or th.relations)
            mode = "pos" if rel in th.closed else sign(rng, 0.3)
            body = [(mode, rel, (x, y)), (prev[0], prev[1], (y,))]
            nxt = []
            for e in current:
                f = rng.choice([o for o in th.entities if o != e])
                facts.append((mode, rel, (C(f), C(e))))
                nxt.append(f)
            current = nxt
        elif kind == "naf":
            c = rng.choice(sorted(a for a in th.attributes if a in th.closed))
            body = [(prev[0], prev[1], (x,)), ("naf", c, (x,))]
            naf_used = True
        else:
            extra = rng.choice([a for a in open_attrs if a not in steps])
            mode = sign(rng, 0.5)
            body = [(prev[0], prev[1], (x,)), (mode, extra, (x,))]
            rng.shuffle(body)
            for e in current:
                facts.append((mode, extra, (C(e),)))
        rules.append((head, body))
    th.chain_ends = [(signs[-1], steps[-1], (e,)) for e in current]
    th.notes.append("Chain of depth %d: %s, starting from %s." % (
        th.depth, " -> ".join(("-" if s == "neg" else "") + a for s, a in zip(signs, steps)), " and ".join(starts)))
    return facts, rules


def consistent_facts(facts):
    seen = set()
    for f in facts:
        if complement(f) in seen:
            return False
        seen.add(f)
    return True


def add_unique(lst, item):
    if item not in lst:
        lst.append(item)


def generate(name, seed, depth, n_entities, n_attrs, n_rels):
    rng = random.Random(seed)
    for attempt in range(200):
        people = rng.sample(PEOPLE, (n_entities + 1) // 2)
        animals = rng.sample(ANIMALS, n_entities // 2)
        entities = sorted(people + animals)
        attributes = sorted(rng.sample(ATTRIBUTES, n_attrs))
        relations = sorted(rng.sample(sorted(RELATIONS), n_rels))
        closed = set()
        if name == "closed_negation":
            closed = {attributes[0], attributes[1], relations[0]}
        th = Theory(name, depth, entities, attributes, relations, closed)
        if depth > 0:
            facts, rules = build_chain(rng, th)
            for f in facts:
                add_unique(th.facts, f)
            th.rules.extend(rules)
        if not consistent_facts(th.facts):
            continue
        # distractor facts
        target_facts = rng.randint(22, 34)
        tries = 0
        while len(th.facts) < target_facts and tries < 500:
            tries += 1
            f = random_fact(rng, th)
            if f in th.facts or complement(f) in th.facts:
                continue
            th.facts.append(f)
            if not th.acceptable():
                th.facts.pop()
        if closed:
            for _ in range(2):
                th.rules.append(closed_rule(rng, th))
                if not th.acceptable():
                    th.rules.pop()
        # distractor rules
        target_rules = rng.randint(10, 16) if depth > 0 else rng.randint(8, 12)
        tries = 0
        while len(th.rules) < target_rules and tries < 2000:
            tries += 1
            r = random_rule(rng, th)
            if r in th.rules or any(l[1:] == r[0][1:] for l in r[1]) or len({l[1:] for l in r[1]}) != len(r[1]):
                continue
            th.rules.append(r)
            if not th.acceptable():
                th.rules.pop()
        if not th.acceptable() or len(th.rules) < target_rules or len(th.facts) > MAX_FACTS:
            continue
        d, _ = th.evaluate()
        if closed and not (sum(any(l[0] == "naf" for l in b) for _, b in th.rules) >= 2
                           and any(h[1] in closed for h, _ in th.rules)):
            continue
        if sum(any(l[0] == "neg" for l in b) for _, b in th.rules) < 2:
            continue
        rng.shuffle(th.rules)
        deepest = sorted(k for k, v in d.items() if v == depth)
        th.notes.append("No rule fires: every known literal is a stored fact." if depth == 0 else "Depth %d: %s." % (depth, ", ".join(
            lit_text((k[0], k[1], tuple(C(v) for v in k[2]))) for k in deepest)) if len(deepest) <= 6
            else "%d literals at depth %d." % (len(deepest), depth))
        queries = choose_queries(rng, th, d)
        if queries is None:
            continue
        return th, queries
    raise SystemExit("%s: no acceptable theory in 200 attempts" % name)


def choose_queries(rng, th, depth_of):
    """About 20 queries: yes and no at every depth 0..D (deepest ones first), and unknowns."""
    def as_lit(k):
        return (k[0], k[1], tuple(C(v) for v in k[2]))

    by_depth = {}
    for k in sorted(depth_of):
        by_depth.setdefault(depth_of[k], []).append(k)
    queries = []  # (literal as queried, answer, depth)
    used = set()

    def take(d, answer):
        cands = [k for k in by_depth.get(d, []) if (k, answer) not in used]
        if answer == "no":
            cands = [k for k in cands if k[1] not in th.closed]
        if not cands:
            return False
        k = rng.choice(cands)
        used.add((k, answer))
        lit = as_lit(k)
        queries.append((lit if answer == "yes" else complement(lit), answer, d))
        return True

    levels = list(range(th.depth, -1, -1))
    derived_closed = [k for k in sorted(depth_of) if k[1] in th.closed and depth_of[k] > 0]
    if derived_closed:
        k = rng.choice(derived_closed)
        used.add((k, "yes"))
        queries.append((as_lit(k), "yes", depth_of[k]))
    for d in levels:
        take(d, "yes")
        take(d, "no")
    n_known = 13 if th.depth < 5 else 15
    while len(queries) < n_known:
        d = rng.choice(levels)
        n_yes = sum(a == "yes" for _, a, _ in queries)
        if not take(d, "no" if 2 * n_yes > len(queries) else "yes"):
            if all(not take(e, a) for e in levels for a in ("yes", "no")):
                break
    # closed relations: "no" means not derivable
    closed_atoms = []
    for rel in sorted(th.closed):
        for args in th_tuples(th, rel):
            if ("pos", rel, args) not in depth_of:
                closed_atoms.append(("pos", rel, tuple(C(a) for a in args)))
    for lit in rng.sample(closed_atoms, min(3, len(closed_atoms))):
        queries.append((lit, "no", None))
    # unknowns, preferring relations that some rule derives
    heads = {h[1] for h, _ in th.rules}
    unknown = []
    for rel in th.attributes + th.relations:
        if rel in th.closed:
            continue
        for args in th_tuples(th, rel):
            if ("pos", rel, args) not in depth_of and ("neg", rel, args) not in depth_of:
                unknown.append((rel in heads, (rng.choice(["pos", "neg"]), rel, tuple(C(a) for a in args))))
    preferred = [u for h, u in unknown if h]
    others = [u for h, u in unknown if not h]
    n_unknown = 6
    picks = rng.sample(preferred, min(4, len(preferred)))
    picks += rng.sample(others, min(n_unknown - len(picks), len(others)))
    for lit in picks:
        queries.append((lit, "unknown", None))
    answers = {a for _, a, _ in queries}
    if len(queries) < 15 or not {"yes", "no", "unknown"} <= answers:
        return None
    rng.shuffle(queries)
    return queries


def th_tuples(th, rel):
    if th.arity(rel) == 1:
        return [(e,) for e in th.entities]
    return [(a, b) for a in th.entities for b in th.entities if a != b]


# ----------------------------------------------------------------------------

def main(argv):
    check = "--check" in argv
    stats = "--stats" in argv
    if set(argv) - {"--check", "--stats"}:
        print(__doc__, file=sys.stderr)
        return 2
    status = 0
    for name, seed, depth, n_entities, n_attrs, n_rels in THEORIES:
        th, queries = generate(name, seed, depth, n_entities, n_attrs, n_rels)
        files = {"theory.dl": th.render(seed),
                 "queries.txt": "".join(lit_text(q) + "\n" for q, _, _ in queries)}
        folder = os.path.join(OUT, name)
        assert len(th.facts) < 60 and len(th.rules) < 25, name
        if stats:
            print("%s: %d facts, %d rules, %d queries" % (name, len(th.facts), len(th.rules), len(queries)))
            for q, a, d in queries:
                print("  %-32s %-8s %s" % (lit_text(q), a, "" if d is None else "depth %d" % d))
        if check:
            for fname, text in files.items():
                path = os.path.join(folder, fname)
                try:
                    with open(path, encoding="utf-8") as f:
                        same = f.read() == text
                except OSError:
                    same = False
                print("%s %s" % ("ok" if same else "MISMATCH", path), file=sys.stderr)
                status |= 0 if same else 1
            continue
        os.makedirs(folder, exist_ok=True)
        for fname, text in files.items():
            with open(os.path.join(folder, fname), "w", encoding="utf-8") as f:
                f.write(text)
        # the generator's own evaluation must agree with clingo
        expected, conflicts = answer_open_world.compute(folder)
        got = [json.loads(line).get("answer") for line in expected.splitlines()]
        mine = [a for _, a, _ in queries]
        if got != mine or conflicts != answer_open_world.conflicts_json([], True):
            print("DISAGREE %s: generator %s, clingo %s" % (name, mine, got), file=sys.stderr)
            status = 1
        else:
            print("wrote %s (%d facts, %d rules, %d queries)" % (folder, len(th.facts), len(th.rules), len(queries)),
                  file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
