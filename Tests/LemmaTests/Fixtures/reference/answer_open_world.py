#!/usr/bin/env python3
"""Answers the queries of an open-world fixture with the clingo reference.

usage:
  answer_open_world.py DIR [--write] [--check] [--brute-force]

DIR holds an open-world knowledge base (every top-level .dl file of DIR, with
`.pragma "world" "open"`) and queries.txt: one ground query per line, a single
atom `p(a, ...)` or its classical negation `-p(a, ...)` (blank lines and lines
starting with `#` or `//` are skipped).

Semantics (answer sets with classical negation, as clingo computes them): the
program is stratified once `-p` is read as a relation of its own, so it has at
most one answer set.
  - The base is inconsistent when it has none: some p(t) and -p(t) both hold,
    or an integrity constraint `:- body.` fires.
  - Consistent base, open relation p: `p(t)` is "yes" if p(t) holds, "no" if
    -p(t) holds, "unknown" otherwise; `-p(t)` is "yes" if -p(t) holds, "no" if
    p(t) holds, "unknown" otherwise.
  - Closed relation p (`.decl p(...) closed`): `p(t)` is "yes" if p(t) holds,
    else "no".  The reference refuses `-p` for a closed relation (in the
    knowledge and in queries): its meaning is not settled.

Output, one JSON object per query (the contents of expected.jsonl):
  consistent base     {"query": q, "answer": "yes"|"no"|"unknown"}
  inconsistent base   {"query": q, "consistent": false}
and conflicts.json:
  {"consistent": true, "conflicts": []}, or
  {"consistent": false, "conflicts": [[fact, ...], ...]}
listing every minimal conflict set: an inclusion-minimal set of stored facts
(facts written in the .dl files or read from .facts inputs, never derived ones)
that with all the rules has no answer set.  Facts are printed in Lemma syntax
(`big("cat")`, `-big("cat")`, symbols double-quoted, numbers bare, arguments
separated by ", "); each set's facts are sorted, and the sets are sorted as
lists of strings (Python's code-point order).

The minimal conflict sets come from one clingo call: each stored fact is
switched on by a choice atom `lemma_sel(i)`, `-p` is renamed apart so that a
clash becomes an ordinary atom `lemma_conflict` instead of killing the model,
`:- not lemma_conflict.` keeps the selections that conflict, and clingo's
domain heuristic (`--enum-mode=domRec`, sign false on `lemma_sel`) enumerates
exactly the inclusion-minimal such selections.  This stays right when the
conflict is not monotone in the facts (negation as failure on closed
relations).  --brute-force recomputes them by trying every subset of the
stored facts (2^n clingo calls: small theories only) and fails on a difference.

  --write  writes DIR/expected.jsonl and DIR/conflicts.json
  --check  compares with them
"""

import itertools
import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dl2asp  # noqa: E402


# ----------------------------------------------------------------------------
# Loading

def lemma_value(value):
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


def lemma_fact(name, classical, values):
    """A ground atom in Lemma syntax: `big("cat")`, `-likes("bob", "cat")`, `age("bob", 3)`."""
    return "%s%s(%s)" % ("-" if classical else "", name, ", ".join(lemma_value(v) for v in values))


def all_atoms(prog):
    for c in prog.clauses:
        if c.head is not None:
            yield c.head
        for conj in c.body:
            for lit in conj:
                if isinstance(lit, dl2asp.Atom):
                    yield lit
                for agg in dl2asp.literal_aggs(lit):
                    for l2 in agg.body:
                        if isinstance(l2, dl2asp.Atom):
                            yield l2


def load(folder):
    prog = dl2asp.load_program(folder)
    if prog.world != "open":
        raise dl2asp.DatalogError('%s: not an open-world base (needs .pragma "world" "open")' % folder)
    problems = dl2asp.phrase_problems(prog, require_all=True)
    if problems:
        raise dl2asp.DatalogError("phrase problems: " + "; ".join(problems))
    for a in all_atoms(prog):
        if a.classical and prog.decls[a.name].closed:
            raise dl2asp.DatalogError("%s: -%s: classical negation of a closed relation is not supported by the reference"
                                      % (a.where, a.name))
    return prog


def stored_facts(prog):
    """[(text, asp_head, clause index or None)]: the distinct stored facts, in order of appearance.
    asp_head is the fact's atom in ASP syntax with `-r_p` spelled `lemma_neg_r_p`."""
    facts, seen = [], set()

    def add(name, classical, values, clause_index):
        text = lemma_fact(name, classical, values)
        if text in seen:
            return
        seen.add(text)
        args = ", ".join(dl2asp.asp_str(v) if isinstance(v, str) else ("(%d)" % v if v < 0 else str(v)) for v in values)
        head = ("lemma_neg_" if classical else "") + dl2asp.asp_rel(name) + ("(%s)" % args if args else "")
        facts.append((text, head, clause_index))

    for rel, opts, basedir, where in prog.inputs:
        if opts.get("IO", "file") != "file":
            raise dl2asp.DatalogError("%s: only IO=file is supported" % where)
        for vals in dl2asp.read_input(prog, rel, opts, basedir, where):
            add(rel, False, vals, None)
    for k, c in enumerate(prog.clauses):
        if c.head is not None and c.body == [[]]:
            add(c.head.name, c.head.classical, [a.value for a in c.head.args], k)
    return facts


def read_queries(folder, prog):
    with open(os.path.join(folder, "queries.txt"), encoding="utf-8") as f:
        lines = [ln.strip() for ln in f if ln.strip() and not ln.strip().startswith(("#", "//"))]
    queries = []
    for q in lines:
        kind, dnf = dl2asp.parse_body_text(q, prog)
        if kind != "body" or len(dnf) != 1 or len(dnf[0]) != 1 or not isinstance(dnf[0][0], dl2asp.Atom) \
                or dnf[0][0].negated or not all(isinstance(a, dl2asp.Const) for a in dnf[0][0].args):
            raise dl2asp.DatalogError("query %r: expected one ground atom p(...) or -p(...)" % q)
        atom = dnf[0][0]
        dl2asp.check_atom(prog, atom, {}, "<query %s>" % q)
        if atom.classical and prog.decls[atom.name].closed:
            raise dl2asp.DatalogError("query %r: classical negation of a closed relation" % q)
        queries.append((q, atom.name, atom.classical, tuple(a.value for a in atom.args)))
    return queries


# ----------------------------------------------------------------------------
# Solving

def python_value(sym):
    import clingo
    return sym.number if sym.type == clingo.SymbolType.Number else sym.string


def model_of(prog):
    """The unique answer set as a set of (name, classical, values), or None when there is none
    (a clash p/-p, or an integrity constraint fires)."""
    import clingo
    shows = []
    for rel in prog.decl_order:
        n = len(prog.decls[rel].attrs)
        shows += ["#show %s/%d." % (dl2asp.asp_rel(rel), n), "#show -%s/%d." % (dl2asp.asp_rel(rel), n)]
    asp = dl2asp.translate(prog, extra_rules=shows, show=[])
    ctl = clingo.Control(["--warn=none", "--models=0"])
    try:
        ctl.add("base", [], asp)
        ctl.ground([("base", [])])
    except RuntimeError as e:
        raise dl2asp.DatalogError("clingo failed: %s" % e)
    models = []
    ctl.solve(on_model=lambda m: models.append(m.symbols(shown=True)))
    if not models:
        return None
    if len(models) != 1:
        raise dl2asp.DatalogError("expected at most one answer set, got %d" % len(models))
    atoms = set()
    for s in models[0]:
        if s.name == "lemma_violation":
            return None
        atoms.add((s.name[2:], s.negative, tuple(python_value(a) for a in s.arguments)))
    return atoms


class RenamingTranslator(dl2asp.Translator):
    """Spells the classical negation `-r_p` as the plain relation `lemma_neg_r_p`."""

    def atom(self, a, ren, extra, wilds=None):
        s = dl2asp.Translator.atom(self, a, ren, extra, wilds)
        if a.classical:
            s = s.replace("-r_", "lemma_neg_r_", 1)
        return s


def conflict_program(prog, facts):
    tr = RenamingTranslator(prog)
    fact_clauses = {k for k, c in enumerate(prog.clauses) if c.head is not None and c.body == [[]]}
    lines = ["lemma_fact(0..%d)." % (len(facts) - 1) if facts else "",
             "{ lemma_sel(I) } :- lemma_fact(I).",
             "#heuristic lemma_sel(I) : lemma_fact(I). [1, false]"]
    for i, (_, head, _) in enumerate(facts):
        lines.append("%s :- lemma_sel(%d)." % (head, i))
    for k, c in enumerate(prog.clauses):
        if k not in fact_clauses:
            lines.extend(tr.clause(c, k))
    for rel in prog.decl_order:
        n = len(prog.decls[rel].attrs)
        vs = ["X%d" % i for i in range(n)]
        tup = "(%s)" % ", ".join(vs) if vs else ""
        lines.append("lemma_conflict :- %s%s, lemma_neg_%s%s." % (dl2asp.asp_rel(rel), tup, dl2asp.asp_rel(rel), tup))
        lines.append("#defined %s/%d. #defined lemma_neg_%s/%d." % (dl2asp.asp_rel(rel), n, dl2asp.asp_rel(rel), n))
    lines += ["#defined lemma_violation/1.", "#defined lemma_fact/1.",
              "lemma_conflict :- lemma_violation(_).", ":- not lemma_conflict.", "#show lemma_sel/1."]
    return "\n".join(lines) + "\n"


def minimal_conflicts(prog, facts):
    import clingo
    ctl = clingo.Control(["--warn=none", "--models=0", "--heuristic=Domain", "--enum-mode=domRec"])
    try:
        ctl.add("base", [], conflict_program(prog, facts))
        ctl.ground([("base", [])])
    except RuntimeError as e:
        raise dl2asp.DatalogError("clingo failed: %s" % e)
    sets = []
    ctl.solve(on_model=lambda m: sets.append(sorted(facts[s.arguments[0].number][0] for s in m.symbols(shown=True))))
    return sorted(sets)


def brute_force_conflicts(prog, facts):
    """Every subset of the stored facts, smallest first; keeps the inconsistent ones with no
    inconsistent proper subset."""
    import clingo
    base = conflict_program(prog, facts)
    found = []
    for size in range(len(facts) + 1):
        for combo in itertools.combinations(range(len(facts)), size):
            if any(set(f) <= set(combo) for f in found):
                continue
            ctl = clingo.Control(["--warn=none"])
            ctl.add("base", [], base + "".join(":- not lemma_sel(%d).\n" % i for i in combo)
                    + "".join(":- lemma_sel(%d).\n" % i for i in range(len(facts)) if i not in combo))
            ctl.ground([("base", [])])
            if ctl.solve().satisfiable:
                found.append(combo)
    return sorted(sorted(facts[i][0] for i in combo) for combo in found)


# ----------------------------------------------------------------------------

def answer(model, prog, name, classical, values):
    pos = (name, False, values) in model
    neg = (name, True, values) in model
    if prog.decls[name].closed:
        return "yes" if pos else "no"
    if classical:
        pos, neg = neg, pos
    return "yes" if pos else ("no" if neg else "unknown")


def conflicts_json(conflicts, consistent):
    if consistent:
        return '{"consistent": true, "conflicts": []}\n'
    rows = [json.dumps(c, ensure_ascii=False) for c in conflicts]
    return '{"consistent": false, "conflicts": [\n' + ",\n".join("  " + r for r in rows) + "\n]}\n"


def compute(folder, brute_force=False):
    """Returns (expected.jsonl text, conflicts.json text)."""
    prog = load(folder)
    queries = read_queries(folder, prog)
    model = model_of(prog)
    lines = []
    if model is None:
        facts = stored_facts(prog)
        conflicts = minimal_conflicts(prog, facts)
        if not conflicts:
            raise dl2asp.DatalogError("inconsistent, yet no set of stored facts conflicts (a rule-only conflict?)")
        if brute_force:
            other = brute_force_conflicts(prog, facts)
            if other != conflicts:
                raise dl2asp.DatalogError("brute force disagrees: %r vs %r" % (other, conflicts[:5]))
        for q, _, _, _ in queries:
            lines.append(json.dumps({"query": q, "consistent": False}, ensure_ascii=False))
        return "".join(l + "\n" for l in lines), conflicts_json(conflicts, False)
    for q, name, classical, values in queries:
        lines.append(json.dumps({"query": q, "answer": answer(model, prog, name, classical, values)}, ensure_ascii=False))
    return "".join(l + "\n" for l in lines), conflicts_json([], True)


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    flags = [a for a in argv if a.startswith("--")]
    if len(args) != 1 or set(flags) - {"--write", "--check", "--brute-force"}:
        print(__doc__, file=sys.stderr)
        return 2
    folder = args[0]
    try:
        expected, conflicts = compute(folder, "--brute-force" in flags)
    except dl2asp.DatalogError as e:
        print("error: %s: %s" % (folder, e), file=sys.stderr)
        return 1
    outputs = [("expected.jsonl", expected), ("conflicts.json", conflicts)]
    status = 0
    for name, text in outputs:
        path = os.path.join(folder, name)
        if "--write" in flags:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print("wrote %s" % path, file=sys.stderr)
        elif "--check" in flags:
            try:
                with open(path, encoding="utf-8") as f:
                    same = f.read() == text
            except OSError:
                same = False
            print("%s %s" % ("ok" if same else "MISMATCH", path), file=sys.stderr)
            status |= 0 if same else 1
        else:
            sys.stdout.write(text)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
