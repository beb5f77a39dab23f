"""The workloads of Benchmarks/compare.py: generated inputs and the same program written for every engine.

A workload is one of three kinds:
- `evaluate`: a Datalog program over number relations; every engine writes the tuples of one output relation (or, with
  `start`, only those whose first column is `start`, as a bound query).
- `import`: load a fact file into a persistent SQLite store; the answers are the stored rows.
- `ask`: one whole `lemma ask` process over stored knowledge; the answer is yes/no, a count or the list of names.

`programs` maps an engine dialect (lemma, clingo, prolog, sql, z3) to that engine's text; an engine without one is
skipped, with the reason from `skip`.
"""
import dataclasses
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORDNET_NOUNS = "/usr/share/wordnet/data.noun"


@dataclasses.dataclass
class Workload:
    """`inputs`: relation → tuples; `relations`: every relation of an evaluate program → arity (all numbers);
    `output`: the relation whose tuples are compared; `expected`: answers known in advance, checked against Lemma's;
    `family` and `size`: the rows of a growth table; `folder`: a work folder shared by workloads with the same input."""
    name: str
    description: str
    family: str
    size: int
    kind: str = "evaluate"
    inputs: dict = dataclasses.field(default_factory=dict)
    relations: dict = dataclasses.field(default_factory=dict)
    output: str = "path"
    programs: dict = dataclasses.field(default_factory=dict)
    skip: dict = dataclasses.field(default_factory=dict)
    start: int = None
    expected: set = None
    folder: str = None

    @property
    def facts(self):
        return sum(len(rows) for rows in self.inputs.values())


def with_start(rules, start):
    """The programs for a whole evaluation, or for a bound one: SQL cannot push the binding into a recursive CTE by
    itself, so a bound query gets `sql_bound`, the CTE seeded with `start`."""
    programs = {key: text for key, text in rules.items() if key != "sql_bound"}
    if start is not None:
        programs["sql"] = rules["sql_bound"].format(start=start)
    return programs


def graph(name, description, family, size, edges, rules, start=None):
    """An `edge`/`path` workload; a bound one asks only for path(start, y)."""
    return Workload(name, description, family, size, inputs={"edge": edges}, relations={"edge": 2, "path": 2},
                    programs=with_start(rules, start), start=start)


# ---------------------------------------------------------------------------------------------- graphs

def clustered_graph(edges, seed, cluster=100):
    """Random edges inside clusters of `cluster` nodes: closure grows linearly with the edges (at most `cluster`
    reachable nodes each) instead of quadratically, so 10^5 edges stay within every engine's memory."""
    rng = random.Random(seed)
    clusters = max(1, edges // (cluster * 2))
    result = set()
    while len(result) < edges:
        base = rng.randrange(clusters) * cluster
        result.add((base + rng.randrange(cluster) + 1, base + rng.randrange(cluster) + 1))
    return sorted(result)


def chain(nodes):
    return [(i, i + 1) for i in range(1, nodes)]


def forest(edges, tree=100):
    """Binary-heap-shaped trees of `tree` nodes: node k's parent is k // 2 within its tree."""
    result = []
    node_base = 0
    while len(result) < edges:
        for k in range(2, tree + 1):
            result.append((node_base + k // 2, node_base + k))
            if len(result) == edges:
                break
        node_base += tree
    return result


TRANSITIVE_CLOSURE = {
    "lemma": "path(x, y) :- edge(x, y).\npath(x, z) :- path(x, y), edge(y, z).",
    "clingo": "path(X,Y) :- edge(X,Y).\npath(X,Z) :- path(X,Y), edge(Y,Z).",
    "prolog": ":- table path/2.\npath(X,Y) :- edge(X,Y).\npath(X,Z) :- path(X,Y), edge(Y,Z).",
    "sql": "WITH RECURSIVE path(x, y) AS (SELECT a, b FROM edge UNION SELECT path.x, edge.b FROM path JOIN edge ON path.y = edge.a) SELECT x, y FROM path",
    "sql_bound": "WITH RECURSIVE path(x, y) AS (SELECT a, b FROM edge WHERE a = {start} UNION SELECT path.x, edge.b FROM path JOIN edge ON path.y = edge.a) SELECT x, y FROM path",
    "z3": ["(rule (=> (edge x y) (path x y)))", "(rule (=> (and (path x y) (edge y z)) (path x z)))"],
}

SAME_GENERATION = {
    "lemma": "path(x, y) :- edge(p, x), edge(p, y), x != y.\npath(x, y) :- edge(a, x), path(a, b), edge(b, y).",
    "clingo": "path(X,Y) :- edge(P,X), edge(P,Y), X != Y.\npath(X,Y) :- edge(A,X), path(A,B), edge(B,Y).",
    "prolog": ":- table path/2.\npath(X,Y) :- edge(P,X), edge(P,Y), X \\== Y.\npath(X,Y) :- edge(A,X), path(A,B), edge(B,Y).",
    "sql": "WITH RECURSIVE path(x, y) AS (SELECT e1.b, e2.b FROM edge e1 JOIN edge e2 ON e1.a = e2.a WHERE e1.b <> e2.b "
           "UNION SELECT e1.b, e2.b FROM path JOIN edge e1 ON e1.a = path.x JOIN edge e2 ON e2.a = path.y) SELECT x, y FROM path",
    "z3": ["(rule (=> (and (edge p x) (edge p y) (not (= x y))) (path x y)))",
           "(rule (=> (and (edge a x) (path a b) (edge b y)) (path x y)))"],
}

LOOKUP = {
    "lemma": "path(x, y) :- edge(x, y).",
    "clingo": "path(X,Y) :- edge(X,Y).",
    "prolog": ":- table path/2.\npath(X,Y) :- edge(X,Y).",
    "sql": "SELECT a, b FROM edge",
    "sql_bound": "SELECT a, b FROM edge WHERE a = {start}",
    "z3": ["(rule (=> (edge x y) (path x y)))"],
}


# ---------------------------------------------------------------------------------------------- policy

POLICY_RELATIONS = {"user": 1, "subgroup": 2, "member": 2, "grant": 2, "denied": 2, "in_group": 2, "can": 2, "access_count": 2}

POLICY = {
    "lemma": "in_group(u, g) :- member(u, g).\n"
             "in_group(u, p) :- in_group(u, g), subgroup(g, p).\n"
             "can(u, r) :- in_group(u, g), grant(g, r), !denied(u, r).\n"
             "access_count(u, n) :- user(u), n = count : { can(u, _) }.",
    "clingo": "in_group(U,G) :- member(U,G).\n"
              "in_group(U,P) :- in_group(U,G), subgroup(G,P).\n"
              "can(U,R) :- in_group(U,G), grant(G,R), not denied(U,R).\n"
              "access_count(U,N) :- user(U), N = #count { R : can(U,R) }.",
    "prolog": ":- table in_group/2, can/2.\n"
              "in_group(U,G) :- member(U,G).\n"
              "in_group(U,P) :- in_group(U,G), subgroup(G,P).\n"
              "can(U,R) :- in_group(U,G), grant(G,R), \\+ denied(U,R).\n"
              "access_count(U,N) :- user(U), aggregate_all(count, can(U,_), N).",
    "sql": "WITH RECURSIVE in_group(u, g) AS (SELECT a, b FROM member "
           "UNION SELECT in_group.u, subgroup.b FROM in_group JOIN subgroup ON subgroup.a = in_group.g), "
           "can(u, r) AS (SELECT DISTINCT in_group.u, grant.b FROM in_group JOIN grant ON grant.a = in_group.g "
           "WHERE NOT EXISTS (SELECT 1 FROM denied WHERE denied.a = in_group.u AND denied.b = grant.b)) "
           "SELECT user.a, COUNT(can.r) FROM user LEFT JOIN can ON can.u = user.a GROUP BY user.a",
}


def policy(memberships, seed):
    """Users in groups, groups in a forest of small DAGs (each group under its heap parent, a fifth also under an
    earlier group of its tree), grants to groups, and denials aimed at resources the user would otherwise reach, so
    negation removes real tuples. About 2 memberships per user, so some users have none and count 0."""
    rng = random.Random(seed)
    users = max(2, memberships // 2)
    tree = 40
    groups = max(tree, memberships // 20 // tree * tree)
    resources = max(10, memberships // 10)
    subgroup = set()
    for g in range(groups):
        index = g % tree
        if index == 0:
            continue
        base = g - index
        parent = base + (index - 1) // 3
        subgroup.add((g, parent))
        if index > 1 and rng.random() < 0.2:
            other = base + rng.randrange(index)
            if other != parent:
                subgroup.add((g, other))
    member = set()
    while len(member) < memberships:
        member.add((rng.randrange(users), rng.randrange(groups)))
    grant = {(g, rng.randrange(resources)) for g in range(groups) for _ in range(2)}
    grants_of = {}
    for g, r in grant:
        grants_of.setdefault(g, []).append(r)
    member_list = sorted(member)
    denied = set()
    for _ in range(memberships // 10):
        u, g = rng.choice(member_list)
        denied.add((u, rng.choice(grants_of[g])))
    return {"user": [(u,) for u in range(users)], "subgroup": sorted(subgroup), "member": member_list,
            "grant": sorted(grant), "denied": sorted(denied)}


# ---------------------------------------------------------------------------------------------- WordNet

IS_A = {
    "lemma": "is_a(x, y) :- hypernym(x, y).\nis_a(x, z) :- hypernym(x, y), is_a(y, z).",
    "clingo": "is_a(X,Y) :- hypernym(X,Y).\nis_a(X,Z) :- hypernym(X,Y), is_a(Y,Z).",
    "prolog": ":- table is_a/2.\nis_a(X,Y) :- hypernym(X,Y).\nis_a(X,Z) :- hypernym(X,Y), is_a(Y,Z).",
    "sql": "WITH RECURSIVE is_a(x, y) AS (SELECT a, b FROM hypernym UNION SELECT hypernym.a, is_a.y FROM hypernym JOIN is_a ON is_a.x = hypernym.b) SELECT x, y FROM is_a",
    "sql_bound": "WITH RECURSIVE is_a(x, y) AS (SELECT a, b FROM hypernym WHERE a = {start} UNION SELECT is_a.x, hypernym.b FROM is_a JOIN hypernym ON hypernym.a = is_a.y) SELECT x, y FROM is_a",
    "z3": ["(rule (=> (hypernym x y) (is_a x y)))", "(rule (=> (and (hypernym x y) (is_a y z)) (is_a x z)))"],
}


def wordnet_hypernyms(path=WORDNET_NOUNS):
    """(child, parent) synset offsets for every hypernym (@) and instance hypernym (@i) pointer between nouns, and
    the synsets' words by offset. A data line is: offset lex_filenum ss_type w_cnt(hex) [word lex_id]... p_cnt
    [symbol offset pos source/target]... | gloss; licence lines start with two spaces."""
    edges = set()
    words = {}
    with open(path, encoding="latin-1") as lines:
        for line in lines:
            if line.startswith("  "):
                continue
            fields = line.split(" | ")[0].split()
            offset = int(fields[0])
            word_count = int(fields[3], 16)
            words[offset] = fields[4:4 + 2 * word_count:2]
            position = 4 + 2 * word_count
            for i in range(int(fields[position])):
                symbol, target, pos = fields[position + 1 + 4 * i:position + 4 + 4 * i]
                if symbol in ("@", "@i") and pos == "n":
                    edges.add((offset, int(target)))
    return sorted(edges), words


def first_synset(word, words, path=WORDNET_NOUNS):
    """The word's first sense: the first offset on its line in index.noun (senses are listed most frequent first),
    else the first synset in data.noun that holds the word."""
    index = os.path.join(os.path.dirname(path), "index.noun")
    if os.path.exists(index):
        with open(index, encoding="latin-1") as lines:
            for line in lines:
                fields = line.split()
                if fields and fields[0] == word:
                    return int(fields[-int(fields[2])])
    return next(offset for offset, names in sorted(words.items()) if word in names)


def wordnet_workloads():
    if not os.path.exists(WORDNET_NOUNS):
        return []
    edges, words = wordnet_hypernyms()
    dog = first_synset("dog", words)
    relations = {"hypernym": 2, "is_a": 2}
    closure = Workload("wordnet-closure", f"every is_a pair of the WordNet 3.0 noun hypernym graph ({len(edges):,} "
                       "@ and @i edges, Debian wordnet-base)", "wordnet-closure", len(edges),
                       inputs={"hypernym": edges}, relations=relations, output="is_a", programs=with_start(IS_A, None))
    bound = Workload("wordnet-bound", f"bound query is_a({dog}, y): every hypernym of synset {dog:08d} "
                     f"({', '.join(words[dog])}), the first noun sense of \"dog\"", "wordnet-bound", len(edges),
                     inputs={"hypernym": edges}, relations=relations, output="is_a", programs=with_start(IS_A, dog), start=dog)
    return [closure, bound]


# ---------------------------------------------------------------------------------------------- import

def import_workload(size, format_):
    edges = clustered_graph(size, seed=size + 3)
    return Workload(f"import-{format_}-{size}", f"`lemma import` of {size:,} edge facts from a .{'facts' if format_ == 'tsv' else 'csv'} "
                    f"file into a new .sqlite knowledge base, against sqlite3 `.import` into a file database plus the index "
                    "Lemma's fact table has: unique on (a, b)",
                    f"import-{format_}", size, kind="import", inputs={"edge": edges}, relations={"edge": 2},
                    output="edge", programs={"lemma": format_, "sql": format_},
                    skip={"clingo": "no persistent store", "prolog": "no persistent store", "z3": "no persistent store"})


# ---------------------------------------------------------------------------------------------- ask

SHIPPED_QUESTIONS = [
    ("ask-grandparents", "Who are the grandparents of Mateo?", {("Juan",), ("Maria Lopez",)}),
    ("ask-ancestor", "Is Ann an ancestor of Noah?", {("yes",)}),
    ("ask-descendants", "Who descends from Juan?", {("Carlos",), ("Iris",), ("Lucia",), ("Mateo",), ("Sofia",)}),
    ("ask-count", "How many people are minors?", {(3,)}),
]

NOT_TRANSLATED = {"clingo": "shipped knowledge not translated", "prolog": "shipped knowledge not translated",
                  "sql": "shipped knowledge not translated", "z3": "shipped knowledge not translated"}

SYLLABLES = ["ka", "lo", "mi", "ra", "te", "su", "no", "vi", "da", "pe", "lu", "zo", "ri", "ma", "ne", "to", "bi",
             "sa", "fe", "go"]


def name(number):
    """A made-up four-syllable name per number below 160,000 (scrambled by a prime, so that neighbours differ), a word
    the parser links as a name."""
    syllables = []
    number = number * 7919 % len(SYLLABLES) ** 4
    for _ in range(4):
        number, digit = divmod(number, len(SYLLABLES))
        syllables.append(SYLLABLES[digit])
    return "".join(syllables).capitalize()


def family(people, seed):
    """Clans of 100 people in four generations (8, 16, 32, 44); everyone after the first has a father and a mother
    from the generation before, in the clan. Ages put each generation 25 years below the last, so the family rules'
    integrity constraints hold. Returns the facts and the parent map."""
    rng = random.Random(seed)
    widths = [8, 16, 32, 44]
    facts = {"person": [], "female": [], "male": [], "parent": [], "age": []}
    parents = {}
    number = 0
    while number < people:
        previous = []
        for generation, width in enumerate(widths):
            current = []
            for _ in range(width):
                person = name(number)
                number += 1
                female = len(current) % 2 == 0
                facts["person"].append((person,))
                facts["female" if female else "male"].append((person,))
                facts["age"].append((person, 85 - 25 * generation - rng.randrange(5)))
                if previous:
                    mother = rng.choice(previous[0::2])
                    father = rng.choice(previous[1::2])
                    parents[person] = (mother, father)
                    facts["parent"] += [(mother, person), (father, person)]
                current.append(person)
            previous = current
    return facts, parents


def ancestors(person, parents):
    found, stack = set(), list(parents.get(person, ()))
    while stack:
        ancestor = stack.pop()
        if ancestor not in found:
            found.add(ancestor)
            stack += parents.get(ancestor, ())
    return found


FAMILY_PROLOG = (":- table ancestor/2, descendant/2.\n"
                 "ancestor(A,D) :- parent(A,D).\n"
                 "ancestor(A,D) :- parent(A,C), descendant(D,C).\n"
                 "descendant(D,A) :- ancestor(A,D).")

FAMILY_SQL = ("WITH RECURSIVE below(x) AS (SELECT b FROM parent WHERE a = '{a}' "
              "UNION SELECT parent.b FROM below JOIN parent ON parent.a = below.x) "
              "SELECT CASE WHEN EXISTS (SELECT 1 FROM below WHERE x = '{b}') THEN 'yes' ELSE 'no' END")


def family_workloads(people):
    """Two ancestor questions over a generated family imported once: a first-generation ancestor of the last person of
    the first clan (yes), and the first person of the second clan (no)."""
    facts, parents = family(max(people, 200), seed=people)
    youngest = facts["person"][99][0]
    line = ancestors(youngest, parents)
    yes = next(row[0] for row in facts["person"][:8] if row[0] in line)
    stranger = facts["person"][100][0]
    knowledge = f'.include "{ROOT}/rules/family.dl"\n' + "".join(f".input {relation}\n" for relation in facts)
    result = []
    for answer, a, b in (("yes", yes, youngest), ("no", stranger, youngest)):
        expected = "yes" if a in ancestors(b, parents) else "no"
        assert expected == answer
        question = f"Is {a} an ancestor of {b}?"
        result.append(Workload(
            f"ask-family-{answer}-{people}", f"`lemma ask \"{question}\"` over a generated family of {len(facts['person']):,} people "
            f"(rules/family.dl, imported once into a .sqlite file); SWI-Prolog consults the facts and the ancestor "
            f"rules, SQLite opens a file database with an index on parent(a)", f"ask-family-{answer}", people,
            kind="ask", inputs=facts, output="ancestor", expected={(answer,)}, folder=f"ask-family-{people}",
            programs={"lemma": (question, knowledge), "prolog": (FAMILY_PROLOG, f"ancestor('{a}','{b}')"),
                      "sql": FAMILY_SQL.format(a=a, b=b)},
            skip={"clingo": "grounds the whole ancestor relation: not a bound query", "z3": "no symbols in this driver's Z3 encoding"}))
    return result


# ---------------------------------------------------------------------------------------------- all

def workloads(sizes, people, wanted=lambda name: True):
    """Every workload, in families; `wanted(name)` is asked before a workload's input is generated. The generated
    family has sizes of its own (`people`), since one `lemma ask` there costs far more than a query of the same size."""
    for size in sizes:
        if wanted(f"tc-random-{size}"):
            yield graph(f"tc-random-{size}", "transitive closure, clustered random graph", "tc-random", size,
                        clustered_graph(size, seed=size), TRANSITIVE_CLOSURE)
    for nodes in (1000, 2000):
        if wanted(f"tc-chain-{nodes}"):
            yield graph(f"tc-chain-{nodes}", "transitive closure of a chain", "tc-chain", nodes, chain(nodes), TRANSITIVE_CLOSURE)
    for size in sizes:
        if wanted(f"same-generation-{size}"):
            yield graph(f"same-generation-{size}", "same generation over a forest", "same-generation", size, forest(size), SAME_GENERATION)
    for size in sizes:
        if wanted(f"load-{size}"):
            edges = clustered_graph(size, seed=size + 2)
            yield graph(f"load-{size}", f"load the edges from a file, then look up path({edges[0][0]}, y) with path = edge: "
                        "the cost of loading", "load", size, edges, LOOKUP, start=edges[0][0])
    for size in sizes:
        if wanted(f"bound-{size}"):
            edges = clustered_graph(size, seed=size + 1)
            yield graph(f"bound-{size}", f"bound query path({edges[0][0]}, y), clustered random graph", "bound", size, edges,
                        TRANSITIVE_CLOSURE, start=edges[0][0])
    for size in sizes:
        if wanted(f"policy-{size}"):
            yield Workload(f"policy-{size}", f"stratified negation and a count over {size:,} memberships: group closure "
                           "over a forest of group DAGs, grants minus denials, access_count(u, n) for every user (0 included)",
                           "policy", size,
                           inputs=policy(size, seed=size), relations=POLICY_RELATIONS, output="access_count", programs=POLICY,
                           skip={"z3": "Z3's Datalog engine has no aggregates"})
    if wanted("wordnet-closure") or wanted("wordnet-bound"):
        yield from (workload for workload in wordnet_workloads() if wanted(workload.name))
    for format_ in ("tsv", "csv"):
        for size in sizes:
            if wanted(f"import-{format_}-{size}"):
                yield import_workload(size, format_)
    for workload_name, question, expected in SHIPPED_QUESTIONS:
        if wanted(workload_name):
            yield Workload(workload_name, f"`lemma ask \"{question}\"` over the shipped knowledge", workload_name, 0,
                           kind="ask", expected=expected, programs={"lemma": (question, None)}, skip=NOT_TRANSLATED)
    for size in people:
        if wanted(f"ask-family-yes-{size}") or wanted(f"ask-family-no-{size}"):
            yield from (workload for workload in family_workloads(size) if wanted(workload.name))
