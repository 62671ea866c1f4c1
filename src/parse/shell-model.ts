// Builds the script model (model/model.ts) from a shell syntax tree, flattened out of tree-sitter
// (see flat.ts). Every walk here is iterative: a script of 3,000 nested `if`s must not overflow the stack.
import { firstChild, flattenTree, type FlatTree } from "./flat.js";
import type { Tree } from "./shell.js";
import { LineIndex, SpanNode } from "../model/source.js";
import type { Assignment, Command, Comment, Loop, ParseProblem, Redirect, ScriptModel, Word } from "../model/model.js";

interface VarDef {
  index: number;
  /** The value node, -1 for none (`A=`). */
  valueNode: number;
  /** Not statically known: `for v in`, `read v`, `v+=x`. */
  dynamic: boolean;
  memo?: { value: string | undefined };
}

const MAX_VALUE_DEPTH = 32;

const REDIRECT_DEFAULT_FD: Record<string, number> = {
  ">": 1,
  ">>": 1,
  ">&": 1,
  ">|": 1,
  "&>": 1,
  "&>>": 1,
  "<": 0,
  "<&": 0,
  "<>": 0,
  "<<": 0,
  "<<-": 0,
  "<<<": 0,
};

const REDIRECT_TYPES = new Set(["file_redirect", "heredoc_redirect", "herestring_redirect"]);
const SEPARATORS = new Set([";", "\n", "&", "|", "&&", "||", ";;"]);

/** Backslash removal outside quotes: `a\ b` is `a b`. */
function unescapeUnquoted(s: string): string {
  return s.includes("\\") ? s.replace(/\\(.)/gs, "$1") : s;
}

/** Inside double quotes a backslash escapes only $ ` " \ and newline. */
function unescapeDouble(s: string): string {
  return s.includes("\\") ? s.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === "\n" ? "" : c)) : s;
}

export function buildModel(tree: Tree, text: string): ScriptModel {
  return buildModelFromFlat(flattenTree(tree), text);
}

/**
 * tree-sitter-bash is stricter than sh in places (`[ ! \\( … \\) ]`, a `[` without its `]`, which
 * dash parses and fails at run time): the message says what svlint knows, not that the shell fails.
 */
const UNREADABLE_FROM_HERE =
  "svlint's shell parser cannot read this part of the script, so the commands in it were not checked. Check the " +
  "script with `sh -n` (or `bash -n`): if the shell rejects it too, the script fails; if not, the parser is stricter " +
  "than your shell here.";

/**
 * The model of a shell script from its flat syntax tree. Everything the model keeps is copied
 * out (nodes are spans of the text), so the flat arrays may be reused afterwards.
 */
export function buildModelFromFlat(t: FlatTree, text: string): ScriptModel {
  return new ShellModelBuilder(t, text).build();
}

/**
 * One script's model being built. The big steps are methods of their own, not one long body:
 * V8's optimizing compiler then compiles (and, when a deoptimization asks, recompiles) each on its
 * own. Every worker thread compiles svlint again, and one long body was compiled twice per thread
 * (measured: docs/performance.md#compile-time).
 */
class ShellModelBuilder {
  private readonly lines: LineIndex;
  private readonly varDefs = new Map<string, VarDef[]>();
  private readonly commandNodes: Array<{ node: number; inSubstitution: boolean }> = [];
  private readonly parseProblems: ParseProblem[] = [];
  private readonly commentNodes: number[] = [];
  private readonly assignmentNodes: number[] = [];
  private readonly loopNodes: number[] = [];

  constructor(
    private readonly t: FlatTree,
    private readonly text: string,
  ) {
    this.lines = new LineIndex(text);
  }

  build(): ScriptModel {
    this.scan();
    for (const list of this.varDefs.values()) list.sort((a, b) => a.index - b.index);
    const { type, named, next } = this.t;
    let lastStatement = -1;
    for (let c = firstChild(this.t, 0); c !== -1; c = next[c]!)
      if (named[c] && type[c] !== "comment") lastStatement = c;
    return {
      language: "shell",
      assignments: this.assignments(),
      lastStatement: lastStatement !== -1 ? this.span(lastStatement) : undefined,
      text: this.text,
      commands: this.commandNodes.map((c) => this.toCommand(c)),
      parseProblems: this.parseProblems,
      comments: this.comments(),
      loops: this.loops(),
    };
  }

  // ---- the flat tree ----

  // Not cached: nearly every node is asked for once, and a Map of them cost more than the nodes
  // (so two SourceNodes for one syntax node may be different objects: compare their offsets).
  private span(i: number): SpanNode {
    return new SpanNode(this.t.type[i]!, this.t.start[i]!, this.t.end[i]!, this.lines);
  }

  private src(i: number): string {
    return this.text.slice(this.t.start[i]!, this.t.end[i]!);
  }

  private children(i: number): number[] {
    const out: number[] = [];
    for (let c = firstChild(this.t, i); c !== -1; c = this.t.next[c]!) out.push(c);
    return out;
  }

  private namedChildren(i: number): number[] {
    const out: number[] = [];
    for (let c = firstChild(this.t, i); c !== -1; c = this.t.next[c]!) if (this.t.named[c]) out.push(c);
    return out;
  }

  private fieldChild(i: number, name: string): number {
    for (let c = firstChild(this.t, i); c !== -1; c = this.t.next[c]!) if (this.t.field[c] === name) return c;
    return -1;
  }

  private firstNamedChild(i: number): number {
    for (let c = firstChild(this.t, i); c !== -1; c = this.t.next[c]!) if (this.t.named[c]) return c;
    return -1;
  }

  private lastNamedChild(i: number): number {
    let last = -1;
    for (let c = firstChild(this.t, i); c !== -1; c = this.t.next[c]!) if (this.t.named[c]) last = c;
    return last;
  }

  private nextNamedSibling(i: number): number {
    for (let c = this.t.next[i]!; c !== -1; c = this.t.next[c]!) if (this.t.named[c]) return c;
    return -1;
  }

  private record(name: string, a: VarDef): void {
    let list = this.varDefs.get(name);
    if (!list) this.varDefs.set(name, (list = []));
    list.push(a);
  }

  // ---- pass 1 ----

  /**
   * In pre-order (source order): commands, assignments, comments and parse errors. Whether a node
   * lies inside `$( )` or an ERROR follows from its parent, seen before it.
   */
  private scan(): void {
    const t = this.t;
    const { size, type, named, start, parent, next } = t;
    const inSub = new Uint8Array(size);
    const inError = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const ty = type[i]!;
      const p = parent[i]!;
      if (p !== -1) {
        const pt = type[p]!;
        inSub[i] = inSub[p]! || pt === "command_substitution" || pt === "process_substitution" ? 1 : 0;
        inError[i] = inError[p]! || pt === "ERROR" ? 1 : 0;
      }
      if (ty === "command") this.commandNodes.push({ node: i, inSubstitution: inSub[i] === 1 });
      else if (ty === "while_statement") this.loopNodes.push(i);
      else if (ty === "comment") this.commentNodes.push(i);
      else if (ty === "variable_assignment") {
        this.assignmentNodes.push(i);
        if (p === -1 || type[p] !== "command") {
          const nameNode = this.fieldChild(i, "name");
          let op: string | undefined;
          for (let c = firstChild(t, i); c !== -1 && op === undefined; c = next[c]!) if (!named[c]) op = type[c];
          if (nameNode !== -1 && type[nameNode] === "variable_name") {
            this.record(this.src(nameNode), {
              index: start[i]!,
              valueNode: this.fieldChild(i, "value"),
              dynamic: op === "+=",
            });
          }
        }
      } else if (ty === "for_statement") {
        const v = this.fieldChild(i, "variable");
        if (v !== -1) this.record(this.src(v), { index: start[i]!, valueNode: -1, dynamic: true });
      } else if (t.hasError) {
        if (ty === "ERROR" && !inError[i]) this.parseProblems.push(this.describeError(i));
        else if (t.missing[i])
          this.parseProblems.push({ node: this.span(i), message: `Syntax error: \`${ty}\` is missing here.` });
      }
    }
  }

  private describeError(i: number): ParseProblem {
    const { type, named } = this.t;
    const kids = this.children(i);
    for (const c of kids) {
      if (!named[c] && !SEPARATORS.has(type[c]!)) {
        return { node: this.span(c), message: `Syntax error near \`${type[c]}\`: ${UNREADABLE_FROM_HERE}` };
      }
    }
    const first = kids[0] ?? i;
    const snippet = this.src(first).split("\n")[0]!.slice(0, 30);
    return { node: this.span(first), message: `Syntax error near \`${snippet}\`: ${UNREADABLE_FROM_HERE}` };
  }

  // ---- static values: quote removal plus variables assigned earlier in the script ----

  private lookup(name: string, pos: number, depth: number): string | undefined {
    const list = this.varDefs.get(name);
    if (!list) return undefined;
    let found: VarDef | undefined;
    for (const a of list) {
      if (a.index < pos) found = a;
      else break;
    }
    if (!found || found.dynamic) return undefined;
    if (!found.memo) {
      const v = found.valueNode !== -1 ? this.valueOf(found.valueNode, found.index, depth + 1) : "";
      found.memo = { value: v };
    }
    return found.memo.value;
  }

  private valueOf(i: number, pos: number, depth: number): string | undefined {
    if (depth > MAX_VALUE_DEPTH) return undefined;
    const t = this.t;
    const { type, named, start, end, next } = t;
    switch (type[i]) {
      case "word": {
        const w = this.src(i);
        if (w.startsWith("~")) return undefined;
        return unescapeUnquoted(w);
      }
      case "number":
        return this.src(i);
      case "raw_string":
        return this.src(i).slice(1, -1);
      case "string": {
        let out = "";
        let cur = start[i]! + 1;
        for (let child = firstChild(t, i); child !== -1; child = next[child]!) {
          if (!named[child]) continue;
          out += unescapeDouble(this.text.slice(cur, start[child]));
          if (type[child] === "string_content") out += unescapeDouble(this.src(child));
          else {
            const v = this.valueOf(child, pos, depth + 1);
            if (v === undefined) return undefined;
            out += v;
          }
          cur = end[child]!;
        }
        out += unescapeDouble(this.text.slice(cur, Math.max(cur, end[i]! - 1)));
        return out;
      }
      case "concatenation": {
        let out = "";
        for (let child = firstChild(t, i); child !== -1; child = next[child]!) {
          const v = this.valueOf(child, pos, depth + 1);
          if (v === undefined) return undefined;
          out += v;
        }
        return out;
      }
      case "simple_expansion": {
        const v = this.firstNamedChild(i);
        return v !== -1 && type[v] === "variable_name" ? this.lookup(this.src(v), pos, depth) : undefined;
      }
      case "expansion": {
        // Only `${NAME}`; `${NAME:-default}` and friends depend on the environment.
        const kids = this.namedChildren(i);
        if (
          kids.length === 1 &&
          type[kids[0]!] === "variable_name" &&
          this.src(i) === "${" + this.src(kids[0]!) + "}"
        ) {
          return this.lookup(this.src(kids[0]!), pos, depth);
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  // ---- commands ----

  private toWord(i: number): Word {
    return { node: this.span(i), text: this.src(i), value: this.valueOf(i, this.t.start[i]!, 0) };
  }

  private toRedirect(i: number): { redirect: Redirect; extraArgs: number[] } {
    const { type, named, next } = this.t;
    let explicit: number | undefined;
    let op = "";
    const dests: number[] = [];
    for (let c = firstChild(this.t, i); c !== -1; c = next[c]!) {
      const ct = type[c]!;
      if (ct === "file_descriptor") explicit = Number(this.src(c));
      else if (!named[c] && op === "") op = ct;
      else if (
        named[c] &&
        ct !== "heredoc_body" &&
        ct !== "heredoc_start" &&
        ct !== "heredoc_end" &&
        ct !== "file_redirect"
      )
        dests.push(c);
    }
    if (type[i] === "heredoc_redirect") op = op || "<<";
    const isFile = type[i] === "file_redirect";
    const redirect: Redirect = {
      node: this.span(i),
      fd: explicit ?? REDIRECT_DEFAULT_FD[op] ?? 1,
      explicitFd: explicit !== undefined,
      op,
      target: dests[0] !== undefined && isFile ? this.toWord(dests[0]) : undefined,
    };
    // tree-sitter-bash attaches words written after a redirect (`cmd >f arg`) to the
    // redirect as further destinations; to the shell they are arguments of the command.
    return { redirect, extraArgs: isFile ? dests.slice(1) : [] };
  }

  /** `redirected_statement` whose body is node i. */
  private redirectedAround(i: number): number {
    const p = this.t.parent[i]!;
    return p !== -1 && this.t.type[p] === "redirected_statement" && this.fieldChild(p, "body") === i ? p : -1;
  }

  /**
   * The `redirected_statement`s whose redirects belong to this command. Besides the one around
   * it, the grammar hangs the redirects of a pipeline's last command (`a | cat >> f`) and of
   * `! cmd > f` on the pipeline or negation; to the shell they are that command's.
   */
  private redirectHolders(node: number, statement: number): number[] {
    const { type, parent } = this.t;
    const holders: number[] = statement === node ? [] : [statement];
    let inner = statement;
    for (let up = parent[inner]!; up !== -1; up = parent[inner]!) {
      const lastOfPipeline = type[up] === "pipeline" && this.lastNamedChild(up) === inner;
      if (!lastOfPipeline && type[up] !== "negated_command") break;
      const around = this.redirectedAround(up);
      if (around !== -1) {
        holders.push(around);
        inner = around;
      } else inner = up;
    }
    return holders;
  }

  private toCommand({ node, inSubstitution }: { node: number; inSubstitution: boolean }): Command {
    const t = this.t;
    const { type, named, parent, next } = t;
    const around = this.redirectedAround(node);
    const statement = around === -1 ? node : around;
    const redirectNodes: number[] = [];
    const argNodes: number[] = [];
    const prefix: string[] = [];
    let nameNode = -1;
    for (let c = firstChild(t, node); c !== -1; c = next[c]!) {
      if (!named[c]) continue;
      const ct = type[c]!;
      if (ct === "command_name") {
        const inner = this.firstNamedChild(c);
        nameNode = inner !== -1 ? inner : c;
      } else if (ct === "variable_assignment") {
        const n = this.fieldChild(c, "name");
        prefix.push(this.src(n !== -1 ? n : c));
      } else if (REDIRECT_TYPES.has(ct)) redirectNodes.push(c);
      else argNodes.push(c);
    }
    for (const holder of this.redirectHolders(node, statement)) {
      for (let c = firstChild(t, holder); c !== -1; c = next[c]!) {
        if (named[c] && REDIRECT_TYPES.has(type[c]!)) {
          redirectNodes.push(c);
          // `cat <<EOF >f`: the grammar nests the second redirect inside the heredoc one.
          for (let n = firstChild(t, c); n !== -1; n = next[n]!) if (type[n] === "file_redirect") redirectNodes.push(n);
        }
      }
    }
    // Node indices are in source order: sorting them puts redirects gathered from several
    // places, and words moved from a redirect to the arguments, where the shell sees them.
    if (redirectNodes.length > 1) redirectNodes.sort((a, b) => a - b);
    const redirects: Redirect[] = [];
    let extra = false;
    for (const r of redirectNodes) {
      const { redirect, extraArgs } = this.toRedirect(r);
      redirects.push(redirect);
      if (extraArgs.length > 0) {
        argNodes.push(...extraArgs);
        extra = true;
      }
    }
    if (extra) argNodes.sort((a, b) => a - b);
    const statementParent = parent[statement]!;
    const topLevel = !inSubstitution && statementParent !== -1 && type[statementParent] === "program";
    const feedsPipe = statementParent !== -1 && type[statementParent] === "pipeline" && next[statement] !== -1;
    return {
      node: this.span(node),
      statement: this.span(statement),
      name: nameNode !== -1 ? this.toWord(nameNode) : undefined,
      args: argNodes.map((a) => this.toWord(a)),
      redirects,
      prefixAssignments: prefix,
      topLevel,
      inSubstitution,
      feedsPipe,
      chain: undefined,
    };
  }

  // ---- loops ----

  private loops(): Loop[] {
    const { type, named, start, end, parent, next } = this.t;
    return this.loopNodes.map((i) => {
      const kids = this.children(i);
      const keyword = kids[0] !== undefined && type[kids[0]] === "until" ? "until" : "while";
      const body = kids.find((c) => type[c] === "do_group") ?? i;
      let condStart = kids[0] !== undefined ? end[kids[0]]! : start[i]!;
      let condEnd = body !== i ? start[body]! : end[i]!;
      while (condStart < condEnd && /\s/.test(this.text[condStart]!)) condStart++;
      while (condEnd > condStart && /[\s;]/.test(this.text[condEnd - 1]!)) condEnd--;
      let detached = false;
      for (let n = i; n !== -1 && !detached; n = parent[n]!) {
        const ty = type[n]!;
        if (ty === "function_definition" || ty === "pipeline" || ty === "command_substitution") detached = true;
        // `stmt &`: the `&` token follows the statement among its parent's children.
        const after = next[n]!;
        if (after !== -1 && !named[after] && type[after] === "&") detached = true;
      }
      return {
        node: this.span(i),
        keyword,
        condition: new SpanNode("condition", condStart, Math.max(condStart, condEnd), this.lines),
        body: this.span(body),
        detached,
      };
    });
  }

  // ---- assignments and comments ----

  private assignments(): Assignment[] {
    return this.assignmentNodes.map((i) => {
      const nameNode = this.fieldChild(i, "name");
      const valueNode = this.fieldChild(i, "value");
      return {
        name: nameNode !== -1 ? this.src(nameNode) : this.src(i).split("=")[0]!,
        node: this.span(i),
        value: valueNode !== -1 ? this.valueOf(valueNode, this.t.start[i]!, 0) : "",
        valueText: valueNode !== -1 ? this.src(valueNode) : undefined,
      };
    });
  }

  private comments(): Comment[] {
    return this.commentNodes.map((i) => {
      let n = this.nextNamedSibling(i);
      while (n !== -1 && this.t.type[n] === "comment") n = this.nextNamedSibling(n);
      return { node: this.span(i), next: n !== -1 ? this.span(n) : undefined };
    });
  }
}

/** The program name of a word, for table look-ups: `/usr/bin/setuidgid` → `setuidgid`. */
