#!/usr/bin/env python3
"""Reference translator: Lemma/Souffle-style Datalog -> clingo ASP.

This is the *reference engine* used to compute the expected outputs of the
fixtures in Tests/LemmaTests/Fixtures.  It is deliberately independent of the
Swift implementation: it parses the Datalog subset itself, loads `.facts`
files, checks arity/types/stratification, and hands the program to clingo
(`pip install clingo`).

Supported subset
  .decl r(a: T, ...)            T in symbol, number, unsigned, float (float is
                                rejected at evaluation time: clingo has no floats)
  .type T <: symbol | .type T = number | .type T = A | B
  .include "rel/path.dl"        relative to the including file; each file once
  .input r  /  .input r(IO=file, filename="x.csv", delimiter=",", headers=true)
  .output r
  .phrase r "tmpl" | "tmpl"     (parsed and linted, otherwise ignored)
  .pragma "world" "open"        recorded (Program.world); other pragmas and
                                .printsize are ignored
  open world                    `-p(...)` is the classical negation of p (its own
                                relation sharing p's declaration), in facts, heads
                                and bodies; translated to clingo's `-r_p(...)`.
                                `.decl p(...) closed` marks a closed relation; in an
                                open-world program `!p(...)` is only allowed on
                                closed relations (as Lemma's validator requires)
  facts, rules, integrity constraints `:- body.`
  body: `,` conjunction, `;` disjunction (`,` binds tighter), parentheses,
        `!atom`, comparisons = != < <= > >=, arithmetic + - * / % ^, `_`,
        aggregates as terms: count : { body }, sum e : { body },
        min e : { body }, max e : { body }   (also `count : atom`)

Aggregate semantics follow Souffle: the aggregate ranges over the distinct
solutions of its body, i.e. over distinct bindings of the body's variables.
For `count`, and for sum/min/max over a single atom, each `_` in a positive
atom counts as a variable too (Souffle iterates over the matching tuples, and
names the wildcards of a count body); a sum over several atoms is taken over
distinct bindings of the named variables only (Souffle materialises such a
body into a relation of its named variables first).  Variables
that also occur outside the aggregate are bound from outside; the others are
renamed apart per aggregate.  min/max over an empty body yield no tuple.

Constants: string literals in .dl files are unescaped (\\" \\\\ \\n \\t \\r \\'),
as in Lemma's lexer; .facts fields are raw (no quotes, no trimming, CR of CRLF
dropped, empty lines skipped).
"""

import os
import re
import sys

__all__ = ["DatalogError", "Program", "load_program", "load_files", "parse_body_text",
           "translate", "solve", "format_value"]


class DatalogError(Exception):
    pass


# ----------------------------------------------------------------------------
# Lexer

PUNCT = [":-", "<:", "!=", "<=", ">=", "(", ")", ",", ".", ":", ";", "!", "=", "<", ">",
         "+", "-", "*", "/", "%", "^", "{", "}", "|", "[", "]"]


class Tok:
    __slots__ = ("kind", "value", "file", "line", "col")

    def __init__(self, kind, value, file, line, col):
        self.kind, self.value, self.file, self.line, self.col = kind, value, file, line, col

    def where(self):
        return "%s:%d:%d" % (self.file, self.line, self.col)

    def __repr__(self):
        return "Tok(%s,%r)" % (self.kind, self.value)


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'"}


def tokenize(text, file="<text>"):
    toks = []
    i, line, line_start, n = 0, 1, 0, len(text)
    while True:
        # whitespace and comments
        while i < n:
            c = text[i]
            if c in " \t\r":
                i += 1
            elif c == "\n":
                i += 1
                line += 1
                line_start = i
            elif text.startswith("//", i):
                while i < n and text[i] != "\n":
                    i += 1
            elif text.startswith("/*", i):
                j = text.find("*/", i + 2)
                if j < 0:
                    raise DatalogError("%s:%d: unterminated block comment" % (file, line))
                line += text.count("\n", i, j)
                if text.count("\n", i, j):
                    line_start = text.rfind("\n", i, j) + 1
                i = j + 2
            else:
                break
        col = i - line_start + 1
        if i >= n:
            toks.append(Tok("eof", None, file, line, col))
            return toks
        c = text[i]
        if c == '"':
            j = i + 1
            out = []
            while True:
                if j >= n or text[j] == "\n":
                    raise DatalogError("%s:%d:%d: unterminated string" % (file, line, col))
                ch = text[j]
                if ch == '"':
                    break
                if ch == "\\":
                    e = text[j + 1] if j + 1 < n else ""
                    if e not in _ESCAPES:
                        raise DatalogError("%s:%d:%d: unknown escape \\%s" % (file, line, col, e))
                    out.append(_ESCAPES[e])
                    j += 2
                    continue
                out.append(ch)
                j += 1
            toks.append(Tok("string", "".join(out), file, line, col))
            i = j + 1
            continue
        if c.isdigit():
            m = re.compile(r"0x[0-9a-fA-F]+|0b[01]+|\d+(\.\d+)?").match(text, i)
            s = m.group(0)
            if s.startswith("0x"):
                v = int(s, 16)
            elif s.startswith("0b"):
                v = int(s, 2)
            elif "." in s:
                v = float(s)
            else:
                v = int(s)
            toks.append(Tok("number", v, file, line, col))
            i = m.end()
            continue
        if c == "." and i + 1 < n and (text[i + 1].isalpha() or text[i + 1] == "_"):
            m = re.compile(r"\.[A-Za-z_][A-Za-z0-9_]*").match(text, i)
            toks.append(Tok("directive", m.group(0)[1:], file, line, col))
            i = m.end()
            continue
        if c.isalpha() or c == "_" or c == "?" or ord(c) >= 0x80:
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] in "_?" or ord(text[j]) >= 0x80):
                j += 1
            toks.append(Tok("ident", text[i:j], file, line, col))
            i = j
            continue
        for p in PUNCT:
            if text.startswith(p, i):
                toks.append(Tok("punct", p, file, line, col))
                i += len(p)
                break
        else:
            raise DatalogError("%s:%d:%d: unexpected character %r" % (file, line, col, c))


# ----------------------------------------------------------------------------
# AST

class Var:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


class Wild:
    def __repr__(self):
        return "_"


class Const:
    def __init__(self, value):
        self.value = value  # str (symbol), int, float

    def __repr__(self):
        return '"%s"' % self.value if isinstance(self.value, str) else str(self.value)


class BinOp:
    def __init__(self, op, l, r):
        self.op, self.l, self.r = op, l, r


class Neg:
    def __init__(self, t):
        self.t = t


class Agg:
    def __init__(self, kind, target, body):
        self.kind, self.target, self.body = kind, target, body  # body: list of conjunctions (DNF)


class Atom:
    def __init__(self, name, args, negated=False, where="", classical=False):
        # negated: negation as failure `!p(...)`; classical: classical negation `-p(...)`
        self.name, self.args, self.negated, self.where = name, args, negated, where
        self.classical = classical

    @property
    def rel_key(self):
        """The relation this atom is about: `p`, or `-p` for the classical negation."""
        return ("-" + self.name) if self.classical else self.name


class Cmp:
    def __init__(self, op, l, r):
        self.op, self.l, self.r = op, l, r


class Decl:
    def __init__(self, name, attrs, where, closed=False):
        self.name, self.attrs, self.where = name, attrs, where  # attrs: [(name, typename)]
        self.closed = closed  # `.decl p(...) closed`: closed-world inside an open-world program


class Clause:
    def __init__(self, head, body, where, text=""):
        # head: Atom or None (integrity constraint); body: list of conjunctions (DNF)
        self.head, self.body, self.where, self.text = head, body, where, text


class Program:
    def __init__(self):
        self.decls = {}        # name -> Decl
        self.decl_order = []
        self.types = {"symbol": "symbol", "number": "number", "unsigned": "unsigned", "float": "float"}
        self.inputs = []       # (rel, options dict, basedir, where)
        self.outputs = []      # rel names, in order
        self.clauses = []      # Clause
        self.phrases = {}      # rel -> [templates]
        self.files = []        # loaded files
        self.unions = []       # (type name, member type names)
        self.pragmas = []      # (key, value or None), in order
        self._loaded = set()

    @property
    def world(self):
        """"open" when the last `.pragma "world"` says so, else "closed" (Lemma's rule)."""
        values = [v for k, v in self.pragmas if k == "world"]
        return "open" if values and values[-1] == "open" else "closed"

    def base_type(self, tname, where=""):
        seen = set()
        t = tname
        while t in self.types and self.types[t] != t:
            if t in seen:
                raise DatalogError("%s: cyclic type %s" % (where, tname))
            seen.add(t)
            t = self.types[t]
        if t not in ("symbol", "number", "unsigned", "float"):
            raise DatalogError("%s: unknown type %s" % (where, tname))
        return t

    def attr_types(self, rel):
        d = self.decls[rel]
        return [self.base_type(t, d.where) for _, t in d.attrs]


def conj_product(a, b):
    return [x + y for x in a for y in b]


# ----------------------------------------------------------------------------
# Parser

DECL_QUALIFIERS = {"btree", "brie", "inline", "no_inline", "magic", "no_magic", "overridable",
                   "btree_delete", "output", "input", "printsize", "closed"}
AGG_KINDS = {"count", "sum", "min", "max"}
CMP_OPS = {"=", "!=", "<", "<=", ">", ">="}


class Parser:
    def __init__(self, toks, program, path, src_text=""):
        self.toks, self.i, self.prog, self.path = toks, 0, program, path
        self.dir = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
        self.src = src_text

    # helpers
    def peek(self, k=0):
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def next(self):
        t = self.toks[self.i]
        self.i += 1
        return t

    def at(self, kind, value=None, k=0):
        t = self.peek(k)
        return t.kind == kind and (value is None or t.value == value)

    def expect(self, kind, value=None):
        t = self.peek()
        if not self.at(kind, value):
            raise DatalogError("%s: expected %s, found %r" % (t.where(), value or kind, t.value))
        return self.next()

    def error(self, msg):
        raise DatalogError("%s: %s" % (self.peek().where(), msg))

    # top level
    def parse_program(self):
        while not self.at("eof"):
            if self.at("directive"):
                self.directive()
            else:
                self.clause()

    def directive(self):
        t = self.next()
        d = t.value
        if d == "decl":
            self.decl(t)
        elif d in ("type", "symbol_type", "number_type"):
            self.typedecl(d)
        elif d in ("input", "output", "printsize"):
            self.io(d, t)
        elif d == "include":
            s = self.expect("string").value
            inc = os.path.normpath(os.path.join(self.dir, s))
            load_file(inc, self.prog)
        elif d == "phrase":
            rel = self.expect("ident").value
            templates = [self.expect("string").value]
            while self.at("punct", "|"):
                self.next()
                templates.append(self.expect("string").value)
            if rel in self.prog.phrases:
                raise DatalogError("%s: second .phrase for %s" % (t.where(), rel))
            self.prog.phrases[rel] = templates
        elif d == "pragma":
            key = self.expect("string").value
            value = None
            if self.at("string"):
                value = self.next().value
            self.prog.pragmas.append((key, value))
        else:
            raise DatalogError("%s: unsupported directive .%s" % (t.where(), d))

    def decl(self, t):
        name = self.expect("ident").value
        self.expect("punct", "(")
        attrs = []
        if not self.at("punct", ")"):
            while True:
                an = self.expect("ident").value
                self.expect("punct", ":")
                tn = self.expect("ident").value
                attrs.append((an, tn))
                if self.at("punct", ","):
                    self.next()
                    continue
                break
        self.expect("punct", ")")
        closed = False
        # a qualifier is a bare word after the attribute list; a following rule head has a '('
        while self.at("ident") and self.peek().value in DECL_QUALIFIERS and not self.at("punct", "(", k=1):
            closed = closed or self.peek().value == "closed"
            self.next()
        if self.at("ident") and self.peek().value in ("eqrel", "choice"):
            self.error("unsupported relation qualifier %s" % self.peek().value)
        if name in self.prog.decls:
            raise DatalogError("%s: relation %s declared twice" % (t.where(), name))
        names = [a for a, _ in attrs]
        if len(set(names)) != len(names):
            raise DatalogError("%s: duplicate attribute name in %s" % (t.where(), name))
        self.prog.decls[name] = Decl(name, attrs, t.where(), closed)
        self.prog.decl_order.append(name)

    def typedecl(self, d):
        name = self.expect("ident").value
        if d == "symbol_type":
            self.prog.types[name] = "symbol"
            return
        if d == "number_type":
            self.prog.types[name] = "number"
            return
        if self.at("punct", "<:"):
            self.next()
            self.prog.types[name] = self.expect("ident").value
            return
        self.expect("punct", "=")
        if self.at("punct", "["):
            self.error("record types are not supported")
        members = [self.expect("ident").value]
        while self.at("punct", "|"):
            self.next()
            members.append(self.expect("ident").value)
        self.prog.types[name] = members[0]
        self.prog.unions.append((name, members))

    def io(self, d, t):
        while True:
            rel = self.expect("ident").value
            opts = {}
            if self.at("punct", "("):
                self.next()
                while not self.at("punct", ")"):
                    k = self.expect("ident").value
                    self.expect("punct", "=")
                    v = self.next()
                    if v.kind not in ("string", "ident", "number"):
                        raise DatalogError("%s: bad option value" % v.where())
                    opts[k] = str(v.value)
                    if self.at("punct", ","):
                        self.next()
                self.expect("punct", ")")
            if d == "input":
                self.prog.inputs.append((rel, opts, self.dir, t.where()))
            elif d == "output":
                if rel not in self.prog.outputs:
                    self.prog.outputs.append(rel)
            if self.at("punct", ","):
                self.next()
                continue
            break

    def clause(self):
        start = self.peek()
        if self.at("punct", ":-"):
            self.next()
            body = self.body()
            self.expect("punct", ".")
            self.prog.clauses.append(Clause(None, body, start.where()))
            return
        heads = [self.atom(False)]
        while self.at("punct", ","):
            self.next()
            heads.append(self.atom(False))
        if self.at("punct", ":-"):
            self.next()
            body = self.body()
        else:
            body = [[]]
        self.expect("punct", ".")
        for h in heads:
            self.prog.clauses.append(Clause(h, body, start.where()))

    def atom(self, negated):
        classical = False
        if self.at("punct", "-"):
            self.next()
            classical = True
        t = self.expect("ident")
        self.expect("punct", "(")
        args = []
        if not self.at("punct", ")"):
            while True:
                args.append(self.expr())
                if self.at("punct", ","):
                    self.next()
                    continue
                break
        self.expect("punct", ")")
        return Atom(t.value, args, negated, t.where(), classical)

    # body: returns DNF (list of conjunctions, each a list of literals)
    def body(self):
        dnf = self.conjunction()
        while self.at("punct", ";"):
            self.next()
            dnf = dnf + self.conjunction()
        return dnf

    def conjunction(self):
        dnf = self.literal()
        while self.at("punct", ","):
            self.next()
            dnf = conj_product(dnf, self.literal())
        return dnf

    def literal(self):
        if self.at("punct", "!") and self.at("ident", k=1) and self.at("punct", "(", k=2):
            self.next()
            return [[self.atom(True)]]
        if self.at("punct", "!") and self.at("punct", "-", k=1) and self.at("ident", k=2) and self.at("punct", "(", k=3):
            self.next()
            return [[self.atom(True)]]
        if self.at("punct", "-") and self.at("ident", k=1) and self.at("punct", "(", k=2) \
                and self.peek(1).value not in AGG_KINDS:
            return [[self.atom(False)]]
        if self.at("ident") and self.at("punct", "(", k=1) and self.peek().value not in AGG_KINDS:
            return [[self.atom(False)]]
        if self.at("ident") and self.peek().value in ("true", "false") and not self.at("punct", "(", k=1):
            v = self.next().value
            return [[]] if v == "true" else []
        if self.at("punct", "("):
            save = self.i
            try:
                self.next()
                dnf = self.body()
                self.expect("punct", ")")
                if not (self.peek().kind == "punct" and self.peek().value in CMP_OPS):
                    return dnf
            except DatalogError:
                pass
            self.i = save
        l = self.expr()
        t = self.peek()
        if not (t.kind == "punct" and t.value in CMP_OPS):
            raise DatalogError("%s: expected a comparison operator, found %r" % (t.where(), t.value))
        self.next()
        r = self.expr()
        return [[Cmp(t.value, l, r)]]

    # expressions
    def expr(self):
        l = self.term()
        while self.at("punct", "+") or self.at("punct", "-"):
            op = self.next().value
            l = BinOp(op, l, self.term())
        return l

    def term(self):
        l = self.power()
        while self.at("punct", "*") or self.at("punct", "/") or self.at("punct", "%"):
            op = self.next().value
            l = BinOp(op, l, self.power())
        return l

    def power(self):
        l = self.unary()
        if self.at("punct", "^"):
            self.next()
            return BinOp("^", l, self.power())
        return l

    def unary(self):
        if self.at("punct", "-"):
            self.next()
            t = self.unary()
            if isinstance(t, Const) and not isinstance(t.value, str):
                return Const(-t.value)
            return Neg(t)
        return self.primary()

    def primary(self):
        t = self.peek()
        if t.kind == "number":
            self.next()
            return Const(t.value)
        if t.kind == "string":
            self.next()
            return Const(t.value)
        if t.kind == "punct" and t.value == "(":
            self.next()
            e = self.expr()
            self.expect("punct", ")")
            return e
        if t.kind == "ident":
            if t.value in AGG_KINDS:
                return self.aggregate()
            if self.at("punct", "(", k=1):
                self.error("functor calls like %s(...) are not supported" % t.value)
            return self._var()
        self.error("expected a term, found %r" % t.value)

    def _var(self):
        t = self.next()
        if t.value == "_":
            return Wild()
        return Var(t.value)

    def aggregate(self):
        kind = self.next().value
        target = None
        if kind != "count":
            target = self.expr()
        self.expect("punct", ":")
        if self.at("punct", "{"):
            self.next()
            body = self.body()
            self.expect("punct", "}")
        else:
            body = [[self.atom(False)]]
        if len(body) != 1:
            self.error("disjunction inside an aggregate body is not supported")
        return Agg(kind, target, body[0])


def load_file(path, prog):
    path = os.path.abspath(path)
    if path in prog._loaded:
        return prog
    prog._loaded.add(path)
    prog.files.append(path)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise DatalogError("cannot read %s: %s" % (path, e))
    Parser(tokenize(text, path), prog, path, text).parse_program()
    return prog


def load_files(paths):
    prog = Program()
    for p in paths:
        load_file(p, prog)
    check(prog)
    return prog


def load_program(target):
    """target: a .dl file, a case folder holding program.dl, or a knowledge folder
    (every top-level .dl file, sorted by name)."""
    if os.path.isdir(target):
        if os.path.exists(os.path.join(target, "program.dl")):
            files = [os.path.join(target, "program.dl")]
        else:
            files = sorted(os.path.join(target, f) for f in os.listdir(target) if f.endswith(".dl"))
        if not files:
            raise DatalogError("no .dl files in %s" % target)
    else:
        files = [target]
    return load_files(files)


def parse_body_text(text, prog):
    """Parses a query body (`a(x), b(x, "c")` or `count : { ... }`)."""
    p = Parser(tokenize(text, "<query>"), prog, None)
    if p.at("ident") and p.peek().value == "count" and p.at("punct", ":", k=1):
        agg = p.aggregate()
        p.expect("eof")
        return ("count", agg)
    dnf = p.body()
    if p.at("punct", "."):
        p.next()
    p.expect("eof")
    return ("body", dnf)


# ----------------------------------------------------------------------------
# Static checks: declarations, arity, types, phrases, stratification

def term_vars(t, acc):
    if isinstance(t, Var):
        acc.append(t.name)
    elif isinstance(t, BinOp):
        term_vars(t.l, acc)
        term_vars(t.r, acc)
    elif isinstance(t, Neg):
        term_vars(t.t, acc)
    elif isinstance(t, Agg):
        pass  # aggregate-local variables are not visible outside
    return acc


def literal_vars(lit, acc):
    if isinstance(lit, Atom):
        for a in lit.args:
            term_vars(a, acc)
    else:
        term_vars(lit.l, acc)
        term_vars(lit.r, acc)
    return acc


def iter_aggs(t):
    if isinstance(t, Agg):
        yield t
    elif isinstance(t, BinOp):
        yield from iter_aggs(t.l)
        yield from iter_aggs(t.r)
    elif isinstance(t, Neg):
        yield from iter_aggs(t.t)


def literal_aggs(lit):
    terms = lit.args if isinstance(lit, Atom) else [lit.l, lit.r]
    for t in terms:
        yield from iter_aggs(t)


def check_atom(prog, atom, vtypes, ctx):
    if atom.name not in prog.decls:
        raise DatalogError("%s: relation %s is not declared" % (atom.where or ctx, atom.name))
    types = prog.attr_types(atom.name)
    if len(types) != len(atom.args):
        raise DatalogError("%s: %s has arity %d, used with %d arguments" % (atom.where or ctx, atom.name, len(types), len(atom.args)))
    for ty, a in zip(types, atom.args):
        kind = "symbol" if ty == "symbol" else ("float" if ty == "float" else "number")
        check_term_type(a, kind, vtypes, atom.where or ctx)


def check_term_type(t, kind, vtypes, where):
    if isinstance(t, Var):
        prev = vtypes.get(t.name)
        if prev and prev != kind:
            raise DatalogError("%s: variable %s used as both %s and %s" % (where, t.name, prev, kind))
        vtypes[t.name] = kind
    elif isinstance(t, Const):
        k = "symbol" if isinstance(t.value, str) else ("float" if isinstance(t.value, float) else "number")
        if k != kind:
            raise DatalogError("%s: constant %r where a %s is expected" % (where, t.value, kind))
    elif isinstance(t, (BinOp, Neg)):
        if kind == "symbol":
            raise DatalogError("%s: arithmetic where a symbol is expected" % where)
        for sub in ([t.l, t.r] if isinstance(t, BinOp) else [t.t]):
            check_term_type(sub, kind, vtypes, where)
    elif isinstance(t, Agg):
        if kind == "symbol":
            raise DatalogError("%s: aggregate where a symbol is expected" % where)


def check_conj(prog, conj, vtypes, where):
    for lit in conj:
        if isinstance(lit, Atom):
            check_atom(prog, lit, vtypes, where)
        for agg in literal_aggs(lit):
            check_conj(prog, agg.body, vtypes, where)
            if agg.target is not None:
                check_term_type(agg.target, "number", vtypes, where)
    for lit in conj:
        if isinstance(lit, Cmp):
            kl = guess_kind(lit.l, vtypes)
            kr = guess_kind(lit.r, vtypes)
            if kl and kr and kl != kr:
                raise DatalogError("%s: comparison between %s and %s" % (where, kl, kr))
            k = kl or kr
            if k:
                check_term_type(lit.l, k, vtypes, where)
                check_term_type(lit.r, k, vtypes, where)
            if k == "symbol" and lit.op not in ("=", "!="):
                raise DatalogError("%s: ordering comparison on symbols is not supported by the reference" % where)


def guess_kind(t, vtypes):
    if isinstance(t, Var):
        return vtypes.get(t.name)
    if isinstance(t, Const):
        return "symbol" if isinstance(t.value, str) else ("float" if isinstance(t.value, float) else "number")
    if isinstance(t, (BinOp, Neg, Agg)):
        return "number"
    return None


def check(prog):
    for name, members in prog.unions:
        bases = {prog.base_type(m, name) for m in members}
        if len(bases) != 1:
            raise DatalogError("union type %s mixes %s" % (name, ", ".join(sorted(bases))))
    for rel in list(prog.outputs) + [i[0] for i in prog.inputs]:
        if rel not in prog.decls:
            raise DatalogError("I/O directive for undeclared relation %s" % rel)
    for rel, templates in prog.phrases.items():
        if rel not in prog.decls:
            raise DatalogError(".phrase for undeclared relation %s" % rel)
    for c in prog.clauses:
        for conj in c.body:
            vt = {}
            if c.head is not None:
                check_atom(prog, c.head, vt, c.where)
            check_conj(prog, conj, vt, c.where)
            if c.head is not None:
                check_atom(prog, c.head, vt, c.where)
        if c.head is not None and c.body == [[]]:
            for a in c.head.args:
                if not isinstance(a, Const):
                    raise DatalogError("%s: fact %s has a non-constant argument" % (c.where, c.head.name))
    if prog.world == "open":
        check_open_world_negation(prog)
    check_stratification(prog)


def check_open_world_negation(prog):
    """In an open-world program `!p(...)` (negation as failure) needs `p` declared closed."""
    def visit(conj, where):
        for lit in conj:
            if isinstance(lit, Atom) and lit.negated and lit.name in prog.decls and not prog.decls[lit.name].closed:
                raise DatalogError("%s: '!%s' is negation as failure, but %s is an open-world relation; "
                                   "declare it closed or use classical negation '-%s'"
                                   % (lit.where or where, lit.rel_key, lit.name, lit.name))
            for agg in literal_aggs(lit):
                visit(agg.body, where)

    for c in prog.clauses:
        for conj in c.body:
            visit(conj, c.where)


def phrase_problems(prog, require_all=True):
    """Lemma's .phrase rules: every {placeholder} names an attribute, the first
    template mentions every attribute; optionally every relation has a phrase."""
    problems = []
    for rel in prog.decl_order:
        attrs = [a for a, _ in prog.decls[rel].attrs]
        templates = prog.phrases.get(rel)
        if templates is None:
            if require_all:
                problems.append("%s: no .phrase" % rel)
            continue
        for k, tmpl in enumerate(templates):
            holes = re.findall(r"\{([^{}]*)\}", tmpl)
            if re.sub(r"\{[^{}]*\}", "", tmpl).count("{") or re.sub(r"\{[^{}]*\}", "", tmpl).count("}"):
                problems.append("%s: unbalanced braces in %r" % (rel, tmpl))
            for h in holes:
                if h not in attrs:
                    problems.append("%s: placeholder {%s} is not an attribute" % (rel, h))
            if k == 0:
                for a in attrs:
                    if a not in holes:
                        problems.append("%s: canonical template lacks {%s}" % (rel, a))
    return problems


def singleton_warnings(prog):
    """Variables that occur once in a clause (Lemma warns about them; `_` is meant)."""
    out = []

    def count_term(t, counts):
        if isinstance(t, Var):
            counts[t.name] = counts.get(t.name, 0) + 1
        elif isinstance(t, BinOp):
            count_term(t.l, counts)
            count_term(t.r, counts)
        elif isinstance(t, Neg):
            count_term(t.t, counts)
        elif isinstance(t, Agg):
            if t.target is not None:
                count_term(t.target, counts)
            count_conj(t.body, counts)

    def count_conj(conj, counts):
        for lit in conj:
            for t in (lit.args if isinstance(lit, Atom) else [lit.l, lit.r]):
                count_term(t, counts)

    for c in prog.clauses:
        for conj in c.body:
            counts = {}
            if c.head is not None:
                for t in c.head.args:
                    count_term(t, counts)
            count_conj(conj, counts)
            for v, k in sorted(counts.items()):
                if k == 1 and not v.startswith("_"):
                    out.append("%s: variable %s appears only once" % (c.where, v))
    return out


def check_stratification(prog):
    edges = {}  # head -> set of (body rel, negative?)
    for c in prog.clauses:
        head = c.head.rel_key if c.head is not None else None
        if head is None:
            continue
        for conj in c.body:
            for lit in conj:
                if isinstance(lit, Atom):
                    edges.setdefault(head, set()).add((lit.rel_key, lit.negated))
                for agg in literal_aggs(lit):
                    for l2 in agg.body:
                        if isinstance(l2, Atom):
                            edges.setdefault(head, set()).add((l2.rel_key, True))
    # Tarjan SCC
    index, low, stack, on, comp = {}, {}, [], set(), {}
    counter = [0]
    nodes = set(edges) | {b for s in edges.values() for b, _ in s}
    sys.setrecursionlimit(max(10000, sys.getrecursionlimit()))

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w, _ in edges.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            while True:
                w = stack.pop()
                on.discard(w)
                comp[w] = v
                if w == v:
                    break

    for v in sorted(nodes):
        if v not in index:
            strong(v)
    for h, s in edges.items():
        for b, neg in s:
            if neg and comp[h] == comp[b]:
                raise DatalogError("not stratifiable: %s depends negatively (negation or aggregate) on %s within a recursive cycle" % (h, b))


# ----------------------------------------------------------------------------
# Translation to ASP

def asp_rel(name):
    return "r_" + name


def asp_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def format_value(sym):
    """clingo symbol -> Souffle output field."""
    import clingo
    if sym.type == clingo.SymbolType.Number:
        return str(sym.number)
    if sym.type == clingo.SymbolType.String:
        return sym.string
    raise DatalogError("unexpected clingo value %s" % sym)


class Translator:
    def __init__(self, prog):
        self.prog = prog
        self.fresh = 0

    def new(self, prefix):
        self.fresh += 1
        return "%s%d" % (prefix, self.fresh)

    def term(self, t, ren, extra, wild_to_var=None):
        if isinstance(t, Var):
            return ren.get(t.name, "V_" + t.name)
        if isinstance(t, Wild):
            if wild_to_var is not None:
                v = self.new("W")
                wild_to_var.append(v)
                return v
            return "_"
        if isinstance(t, Const):
            if isinstance(t.value, str):
                return asp_str(t.value)
            if isinstance(t.value, float):
                raise DatalogError("floats are not supported by the clingo reference")
            return "(%d)" % t.value if t.value < 0 else str(t.value)
        if isinstance(t, Neg):
            return "-(%s)" % self.term(t.t, ren, extra)
        if isinstance(t, BinOp):
            op = {"%": "\\", "^": "**"}.get(t.op, t.op)
            return "(%s%s%s)" % (self.term(t.l, ren, extra), op, self.term(t.r, ren, extra))
        if isinstance(t, Agg):
            return self.aggregate(t, ren, extra)
        raise DatalogError("cannot translate term %r" % t)

    def aggregate(self, agg, ren, extra):
        outer = self.outer_vars
        inner_names = []
        for lit in agg.body:
            literal_vars(lit, inner_names)
        if agg.target is not None:
            term_vars(agg.target, inner_names)
        ren2 = dict(ren)
        tag = self.new("L")
        for v in inner_names:
            if v not in outer:
                ren2[v] = "%s_%s" % (tag, v)
        wilds = []
        conds = []
        # Souffle counts every matching tuple (it names the wildcards of a count body), and a
        # sum/min/max over a single atom iterates over that atom's tuples; a sum/min/max body
        # with several atoms (or a repeated variable) is first materialised into a relation of
        # its *named* variables, so there wildcards do not make tuples distinct.
        include_wilds = agg.kind == "count" or not needs_materialization(agg)
        for lit in agg.body:
            if isinstance(lit, Atom):
                conds.append(self.atom(lit, ren2, extra, wilds if include_wilds and not lit.negated else None))
            else:
                conds.append(self.cmp(lit, ren2, extra))
        tup_vars = []
        for v in inner_names:
            name = ren2.get(v, "V_" + v)
            if name not in tup_vars:
                tup_vars.append(name)
        tup_vars += wilds
        res = self.new("A")
        cond = ", ".join(conds) if conds else "#true"
        if agg.kind == "count":
            tup = ", ".join(tup_vars) if tup_vars else "0"
            extra.append("%s = #count{ %s : %s }" % (res, tup, cond))
        else:
            tgt = self.term(agg.target, ren2, extra)
            tup = ", ".join([tgt] + tup_vars)
            fn = {"sum": "#sum", "min": "#min", "max": "#max"}[agg.kind]
            extra.append("%s = %s{ %s : %s }" % (res, fn, tup, cond))
            if agg.kind == "min":
                extra.append("%s != #sup" % res)
            if agg.kind == "max":
                extra.append("%s != #inf" % res)
        return res

    def atom(self, a, ren, extra, wilds=None):
        args = [self.term(x, ren, extra, wilds) for x in a.args]
        s = ("-" if a.classical else "") + asp_rel(a.name) + ("(%s)" % ", ".join(args) if args else "")
        return ("not " + s) if a.negated else s

    def cmp(self, c, ren, extra):
        return "%s %s %s" % (self.term(c.l, ren, extra), c.op, self.term(c.r, ren, extra))

    def conj(self, head, conj, ren=None):
        ren = ren or {}
        names = []
        if head is not None:
            literal_vars(head, names)
        for lit in conj:
            literal_vars(lit, names)
        self.outer_vars = set(names)
        parts = []
        for lit in conj:
            extra = []
            s = self.atom(lit, ren, extra) if isinstance(lit, Atom) else self.cmp(lit, ren, extra)
            parts.extend(extra)
            parts.append(s)
        return parts

    def clause(self, c, k):
        out = []
        for conj in c.body:
            parts = self.conj(c.head, conj)
            if c.head is None:
                h = "lemma_violation(%d)" % k
            else:
                extra = []
                h = self.atom(c.head, {}, extra)
                parts = extra + parts
            out.append(h + (" :- " + ", ".join(parts) if parts else "") + ".")
        return out


def needs_materialization(agg):
    atoms = [l for l in agg.body if isinstance(l, Atom) and not l.negated]
    if len(atoms) > 1:
        return True
    if len(atoms) == 1:
        names = []
        for a in atoms[0].args:
            term_vars(a, names)
        return len(names) != len(set(names))
    return False


def read_input(prog, rel, opts, basedir, where):
    types = prog.attr_types(rel)
    fname = opts.get("filename", rel + ".facts")
    delim = opts.get("delimiter", "\t").replace("\\t", "\t")
    path = fname if os.path.isabs(fname) else os.path.join(basedir, fname)
    try:
        with open(path, encoding="utf-8", newline="") as f:
            data = f.read()
    except OSError as e:
        raise DatalogError("%s: cannot read input %s: %s" % (where, path, e))
    lines = data.split("\n")
    if opts.get("headers") == "true":
        lines = lines[1:]
    rows = []
    for ln, line in enumerate(lines, 1):
        if line.endswith("\r"):
            line = line[:-1]
        if line == "":
            continue
        fields = [line] if len(types) == 1 else line.split(delim)
        if len(fields) != len(types):
            raise DatalogError("%s:%d: expected %d fields for %s, found %d" % (path, ln, len(types), rel, len(fields)))
        vals = []
        for f, ty in zip(fields, types):
            if ty == "symbol":
                vals.append(f)
            elif ty in ("number", "unsigned"):
                if not re.fullmatch(r"-?\d+", f):
                    raise DatalogError("%s:%d: %r is not a number" % (path, ln, f))
                v = int(f)
                if ty == "unsigned" and v < 0:
                    raise DatalogError("%s:%d: negative unsigned" % (path, ln))
                vals.append(v)
            else:
                raise DatalogError("%s: float columns are not supported by the clingo reference" % path)
        rows.append(vals)
    return rows


def translate(prog, extra_rules=(), show=None):
    """Returns ASP text. show: relation names to #show (default: the .output ones)."""
    tr = Translator(prog)
    lines = ["% generated by dl2asp.py"]
    for rel, opts, basedir, where in prog.inputs:
        if opts.get("IO", "file") != "file":
            raise DatalogError("%s: only IO=file is supported" % where)
        for vals in read_input(prog, rel, opts, basedir, where):
            args = ", ".join(asp_str(v) if isinstance(v, str) else ("(%d)" % v if v < 0 else str(v)) for v in vals)
            lines.append("%s%s." % (asp_rel(rel), "(%s)" % args if args else ""))
    for k, c in enumerate(prog.clauses):
        lines.extend(tr.clause(c, k))
    for r in extra_rules:
        lines.append(r)
    classical = {lit.name for c in prog.clauses for lit in ([c.head] if c.head is not None else [])
                 + [l for conj in c.body for l in conj] if isinstance(lit, Atom) and lit.classical}
    for rel in prog.decl_order:  # silence "atom does not occur in any rule head"
        lines.append("#defined %s/%d." % (asp_rel(rel), len(prog.decls[rel].attrs)))
        if rel in classical:
            lines.append("#defined -%s/%d." % (asp_rel(rel), len(prog.decls[rel].attrs)))
    for rel in (prog.outputs if show is None else show):
        lines.append("#show %s/%d." % (asp_rel(rel), len(prog.decls[rel].attrs)))
    lines.append("#show lemma_violation/1.")
    return "\n".join(lines) + "\n"


def solve(asp_text, extra_show=()):
    """Grounds and solves; returns (dict name -> set of tuples of clingo symbols)."""
    import clingo
    messages = []

    def logger(code, msg):
        messages.append(msg)

    ctl = clingo.Control(["--warn=none"], logger=logger)
    try:
        ctl.add("base", [], asp_text)
        ctl.ground([("base", [])])
    except RuntimeError as e:
        raise DatalogError("clingo failed: %s\n%s" % (e, "\n".join(messages)))
    result = {}
    models = []

    def on_model(m):
        models.append(m.symbols(shown=True))

    res = ctl.solve(on_model=on_model)
    if not res.satisfiable or len(models) != 1:
        raise DatalogError("clingo: expected exactly one model, got %d (%s)" % (len(models), res))
    for s in models[0]:
        result.setdefault(s.name, set()).add(tuple(s.arguments))
    return result


def relation_tuples(result, rel):
    return result.get(asp_rel(rel), set())


def violations(prog, result):
    out = []
    for (k,) in sorted(result.get("lemma_violation", ()), key=lambda t: t[0].number):
        out.append(prog.clauses[k.number].where)
    return out


def csv_lines(tuples, arity):
    """Souffle's CSV output: tab-separated raw fields, `()` for a true nullary relation; byte-sorted."""
    if arity == 0:
        return ["()"] if tuples else []
    lines = ["\t".join(format_value(v) for v in t) for t in tuples]
    lines.sort(key=lambda s: s.encode("utf-8"))
    return lines


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: dl2asp.py FILE.dl|DIR   (prints the ASP translation)", file=sys.stderr)
        sys.exit(2)
    try:
        p = load_program(sys.argv[1])
        sys.stdout.write(translate(p))
    except DatalogError as e:
        print("error: %s" % e, file=sys.stderr)
        sys.exit(1)
