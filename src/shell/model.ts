// A thin typed layer over the tree-sitter tree so that rules speak the domain (commands,
// arguments, redirects, static values) instead of grammar node types.
// Every walk here is iterative: a script of 3,000 nested `if`s must not overflow the stack.
import type { SyntaxNode, Tree } from "./parse.js";

/**
 * The part of a syntax node that rules may use: where it is and what it says. tree-sitter nodes
 * have it, and so do the nodes the execline reader makes, so rules work on both languages.
 */
export interface SourceNode {
  type: string;
  text: string;
  startIndex: number;
  endIndex: number;
  startPosition: { row: number; column: number };
  endPosition: { row: number; column: number };
}

export interface Word {
  node: SourceNode;
  /** The source text, quotes and all. */
  text: string;
  /**
   * The value after quote removal, with `$VAR` resolved through simple earlier assignments in
   * the script; undefined when it depends on run time (`$(...)`, an unassigned variable, `~`).
   */
  value: string | undefined;
}

export interface Redirect {
  node: SourceNode;
  /** The descriptor it changes: explicit (`2>`) or the operator's default (`>` is 1, `<` is 0). */
  fd: number;
  /** Whether the descriptor was written out. */
  explicitFd: boolean;
  /** `>`, `>>`, `>&`, `<`, `<&`, `&>`, `&>>`, `>|`, `<>`, `<<`, `<<-`, `<<<`. */
  op: string;
  target: Word | undefined;
}

export interface Command {
  /** The `command` node. */
  node: SourceNode;
  /** The statement that holds it: a `redirected_statement` around it, or the command itself. */
  statement: SourceNode;
  name: Word | undefined;
  args: Word[];
  /** Redirections of this command, in source order (the order the shell applies them). */
  redirects: Redirect[];
  /** `FOO=bar cmd`: assignments that apply to this command only. */
  prefixAssignments: string[];
  /** A statement of the script itself: not inside if/while/case, a list, a pipeline, a function, a subshell or `$( )`. */
  topLevel: boolean;
  /** Inside `$( )` or backquotes. */
  inSubstitution: boolean;
  /** Its output feeds a pipe to a later command of the same pipeline (`a 2>&1 >/dev/null | b`). */
  feedsPipe: boolean;
}

export interface ParseProblem {
  node: SourceNode;
  message: string;
}

export interface Comment {
  node: SourceNode;
  /** The statement that follows it (skipping other comments), for `# svlint disable=…`. */
  next: SourceNode | undefined;
}

export interface Assignment {
  name: string;
  /** The whole `NAME=value` (or execline's `export NAME value`). */
  node: SourceNode;
  /** The static value, when known (see Word.value). */
  value: string | undefined;
  /** The value as written, quotes and all; undefined for `NAME=`. */
  valueText: string | undefined;
}

export interface ScriptModel {
  language: "shell" | "execline";
  text: string;
  /** Every simple command, in source order. */
  commands: Command[];
  parseProblems: ParseProblem[];
  /** Every comment, in source order (for `# svlint disable=…` directives). */
  comments: Comment[];
  /** Every variable assignment (`A=1`, `export A=1`, `A=1 cmd`), in source order. */
  assignments: Assignment[];
  /** The script's last statement (what runs last when nothing exits early); undefined when empty. */
  lastStatement: SourceNode | undefined;
}

interface VarDef {
  index: number;
  valueNode: SyntaxNode | undefined;
  /** Not statically known: `for v in`, `read v`, `v+=x`. */
  dynamic: boolean;
  memo?: { value: string | undefined };
}

const MAX_VALUE_DEPTH = 32;

const REDIRECT_DEFAULT_FD: Record<string, number> = {
  ">": 1, ">>": 1, ">&": 1, ">|": 1, "&>": 1, "&>>": 1, "<": 0, "<&": 0, "<>": 0, "<<": 0, "<<-": 0, "<<<": 0,
};

/** Backslash removal outside quotes: `a\ b` is `a b`. */
function unescapeUnquoted(s: string): string {
  return s.includes("\\") ? s.replace(/\\(.)/gs, "$1") : s;
}

/** Inside double quotes a backslash escapes only $ ` " \ and newline. */
function unescapeDouble(s: string): string {
  return s.includes("\\") ? s.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === "\n" ? "" : c)) : s;
}

export function buildModel(tree: Tree, text: string): ScriptModel {
  const varDefs = new Map<string, VarDef[]>();
  const commandNodes: Array<{ node: SyntaxNode; inSubstitution: boolean }> = [];
  const parseProblems: ParseProblem[] = [];
  const comments: SyntaxNode[] = [];
  const assignmentNodes: SyntaxNode[] = [];

  const record = (name: string, a: VarDef): void => {
    let list = varDefs.get(name);
    if (!list) varDefs.set(name, (list = []));
    list.push(a);
  };

  // Pass 1: one pre-order walk with a TreeCursor collects commands, assignments, comments and
  // parse errors. The cursor creates a node object only for the nodes kept, which is most of the
  // speed of this pass; it also needs no recursion however deep the script nests.
  const checkErrors = tree.rootNode.hasError;
  const cursor = tree.walk();
  const parentTypes: string[] = []; // types of the nodes above the cursor
  let subDepth = -1; // depth of the outermost $( ) around the cursor, -1 when none
  let errorDepth = -1; // depth of the outermost ERROR around the cursor, -1 when none
  for (;;) {
    const type = cursor.nodeType;
    const depth = parentTypes.length;
    if (type === "command") commandNodes.push({ node: cursor.currentNode, inSubstitution: subDepth !== -1 });
    else if (type === "comment") comments.push(cursor.currentNode);
    else if (type === "variable_assignment") {
      const node = cursor.currentNode;
      assignmentNodes.push(node);
      if (parentTypes[depth - 1] !== "command") {
        const nameNode = node.childForFieldName("name");
        const op = node.children.find((c) => !c.isNamed)?.type;
        if (nameNode && nameNode.type === "variable_name") {
          record(nameNode.text, { index: node.startIndex, valueNode: node.childForFieldName("value") ?? undefined, dynamic: op === "+=" });
        }
      }
    } else if (type === "for_statement") {
      const node = cursor.currentNode;
      const v = node.childForFieldName("variable");
      if (v) record(v.text, { index: node.startIndex, valueNode: undefined, dynamic: true });
    } else if (checkErrors) {
      if (type === "ERROR" && errorDepth === -1) parseProblems.push(describeError(cursor.currentNode));
      else if (cursor.nodeIsMissing) parseProblems.push({ node: cursor.currentNode, message: `Syntax error: \`${type}\` is missing here.` });
    }
    if (cursor.gotoFirstChild()) {
      parentTypes.push(type);
      if (subDepth === -1 && (type === "command_substitution" || type === "process_substitution")) subDepth = depth;
      if (errorDepth === -1 && type === "ERROR") errorDepth = depth;
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) break;
      parentTypes.pop();
      const d = parentTypes.length;
      if (subDepth === d) subDepth = -1;
      if (errorDepth === d) errorDepth = -1;
    }
    if (parentTypes.length === 0) break;
  }
  for (const list of varDefs.values()) list.sort((a, b) => a.index - b.index);

  // Static values: quote removal plus variables assigned earlier in the script.
  const lookup = (name: string, pos: number, depth: number): string | undefined => {
    const list = varDefs.get(name);
    if (!list) return undefined;
    let found: VarDef | undefined;
    for (const a of list) {
      if (a.index < pos) found = a;
      else break;
    }
    if (!found || found.dynamic) return undefined;
    if (!found.memo) {
      const v = found.valueNode ? valueOf(found.valueNode, found.index, depth + 1) : "";
      found.memo = { value: v };
    }
    return found.memo.value;
  };

  const valueOf = (node: SyntaxNode, pos: number, depth: number): string | undefined => {
    if (depth > MAX_VALUE_DEPTH) return undefined;
    switch (node.type) {
      case "word": {
        const t = node.text;
        if (t.startsWith("~")) return undefined;
        return unescapeUnquoted(t);
      }
      case "number":
        return node.text;
      case "raw_string":
        return node.text.slice(1, -1);
      case "string": {
        let out = "";
        let cur = node.startIndex + 1;
        for (const child of node.namedChildren) {
          out += unescapeDouble(text.slice(cur, child.startIndex));
          if (child.type === "string_content") out += unescapeDouble(child.text);
          else {
            const v = valueOf(child, pos, depth + 1);
            if (v === undefined) return undefined;
            out += v;
          }
          cur = child.endIndex;
        }
        out += unescapeDouble(text.slice(cur, Math.max(cur, node.endIndex - 1)));
        return out;
      }
      case "concatenation": {
        let out = "";
        for (const child of node.children) {
          const v = valueOf(child, pos, depth + 1);
          if (v === undefined) return undefined;
          out += v;
        }
        return out;
      }
      case "simple_expansion": {
        const v = node.namedChildren[0];
        return v && v.type === "variable_name" ? lookup(v.text, pos, depth) : undefined;
      }
      case "expansion": {
        // Only `${NAME}`; `${NAME:-default}` and friends depend on the environment.
        const named = node.namedChildren;
        if (named.length === 1 && named[0]!.type === "variable_name" && node.text === "${" + named[0]!.text + "}") {
          return lookup(named[0]!.text, pos, depth);
        }
        return undefined;
      }
      default:
        return undefined;
    }
  };

  const toWord = (node: SyntaxNode): Word => ({ node, text: node.text, value: valueOf(node, node.startIndex, 0) });

  const toRedirect = (node: SyntaxNode): { redirect: Redirect; extraArgs: SyntaxNode[] } => {
    let explicit: number | undefined;
    let op = "";
    const dests: SyntaxNode[] = [];
    for (const c of node.children) {
      if (c.type === "file_descriptor") explicit = Number(c.text);
      else if (!c.isNamed && op === "") op = c.type;
      else if (c.isNamed && c.type !== "heredoc_body" && c.type !== "heredoc_start" && c.type !== "heredoc_end" && c.type !== "file_redirect") dests.push(c);
    }
    if (node.type === "heredoc_redirect") op = op || "<<";
    const redirect: Redirect = {
      node,
      fd: explicit ?? REDIRECT_DEFAULT_FD[op] ?? 1,
      explicitFd: explicit !== undefined,
      op,
      target: dests[0] && node.type === "file_redirect" ? toWord(dests[0]) : undefined,
    };
    // tree-sitter-bash attaches words written after a redirect (`cmd >f arg`) to the
    // redirect as further destinations; to the shell they are arguments of the command.
    return { redirect, extraArgs: node.type === "file_redirect" ? dests.slice(1) : [] };
  };

  const commands: Command[] = [];
  for (const { node, inSubstitution } of commandNodes) {
    const parent = node.parent;
    const statement = parent && parent.type === "redirected_statement" && parent.childForFieldName("body")?.id === node.id ? parent : node;
    const redirectNodes: SyntaxNode[] = [];
    const argNodes: SyntaxNode[] = [];
    const prefix: string[] = [];
    let nameNode: SyntaxNode | undefined;
    for (const c of node.namedChildren) {
      if (c.type === "command_name") nameNode = c.namedChildren[0] ?? c;
      else if (c.type === "variable_assignment") prefix.push(c.childForFieldName("name")?.text ?? c.text);
      else if (c.type === "file_redirect" || c.type === "heredoc_redirect" || c.type === "herestring_redirect") redirectNodes.push(c);
      else argNodes.push(c);
    }
    for (const holder of redirectHolders(node, statement)) {
      for (const c of holder.namedChildren) {
        if (c.type === "file_redirect" || c.type === "heredoc_redirect" || c.type === "herestring_redirect") {
          redirectNodes.push(c);
          // `cat <<EOF >f`: the grammar nests the second redirect inside the heredoc one.
          for (const n of c.namedChildren) if (n.type === "file_redirect") redirectNodes.push(n);
        }
      }
    }
    const redirects: Redirect[] = [];
    let extra = false;
    for (const r of redirectNodes) {
      const { redirect, extraArgs } = toRedirect(r);
      redirects.push(redirect);
      if (extraArgs.length > 0) {
        argNodes.push(...extraArgs);
        extra = true;
      }
    }
    // Children come in source order; only redirects gathered from several places, and words
    // moved from a redirect to the arguments, need sorting. Each node property read crosses into
    // native code, so the sort keys are read once.
    if (redirects.length > 1) sortByStart(redirects, (r) => r.node);
    if (extra) sortByStart(argNodes, (n) => n);
    const statementParent = statement.parent;
    const topLevel = !inSubstitution && statementParent?.type === "program";
    const feedsPipe = statementParent?.type === "pipeline" && statement.nextSibling !== null;
    commands.push({
      node,
      statement,
      name: nameNode ? toWord(nameNode) : undefined,
      args: argNodes.map(toWord),
      redirects,
      prefixAssignments: prefix,
      topLevel,
      inSubstitution,
      feedsPipe,
    });
  }
  // The cursor walk visits commands in pre-order, which is source order: no sort needed.

  const assignments: Assignment[] = assignmentNodes.map((node) => {
    const nameNode = node.childForFieldName("name");
    const valueNode = node.childForFieldName("value");
    return {
      name: nameNode?.text ?? node.text.split("=")[0]!,
      node,
      value: valueNode ? valueOf(valueNode, node.startIndex, 0) : "",
      valueText: valueNode?.text,
    };
  });
  let lastStatement = tree.rootNode.lastNamedChild;
  while (lastStatement && lastStatement.type === "comment") lastStatement = lastStatement.previousNamedSibling;

  return {
    language: "shell",
    assignments,
    lastStatement: lastStatement ?? undefined,
    text,
    commands,
    parseProblems,
    comments: comments.map((node) => {
      let next = node.nextNamedSibling;
      while (next && next.type === "comment") next = next.nextNamedSibling;
      return { node, next: next ?? undefined };
    }),
  };
}

/** Sorts in place by each item's node's start, reading every start once. */
function sortByStart<T>(items: T[], nodeOf: (item: T) => SourceNode): void {
  const keyed = items.map((item) => ({ item, start: nodeOf(item).startIndex }));
  keyed.sort((a, b) => a.start - b.start);
  keyed.forEach((k, i) => (items[i] = k.item));
}

/**
 * The `redirected_statement`s whose redirects belong to this command. Besides the one around
 * it, the grammar hangs the redirects of a pipeline's last command (`a | cat >> f`) and of
 * `! cmd > f` on the pipeline or negation; to the shell they are that command's.
 */
function redirectHolders(node: SyntaxNode, statement: SyntaxNode): SyntaxNode[] {
  const holders: SyntaxNode[] = statement === node ? [] : [statement];
  let inner = statement;
  for (let up = inner.parent; up; up = inner.parent) {
    const lastOfPipeline = up.type === "pipeline" && up.lastNamedChild?.id === inner.id;
    if (!lastOfPipeline && up.type !== "negated_command") break;
    const around = up.parent;
    if (around?.type === "redirected_statement" && around.childForFieldName("body")?.id === up.id) {
      holders.push(around);
      inner = around;
    } else inner = up;
  }
  return holders;
}

const SEPARATORS = new Set([";", "\n", "&", "|", "&&", "||", ";;"]);

/** Where inside an ERROR node the parse went wrong, and a message naming the token. */
function describeError(node: SyntaxNode): ParseProblem {
  for (const c of node.children) {
    if (!c.isNamed && !SEPARATORS.has(c.type)) {
      return { node: c, message: `Syntax error near \`${c.type}\`: the shell cannot parse the script from here.` };
    }
  }
  const first = node.children[0] ?? node;
  const snippet = first.text.split("\n")[0]!.slice(0, 30);
  return { node: first, message: `Syntax error: the shell cannot parse the script from here (near \`${snippet}\`).` };
}

/** The program name of a word, for table look-ups: `/usr/bin/setuidgid` → `setuidgid`. */
export function programName(w: Word | undefined): string | undefined {
  const v = w?.value;
  if (v === undefined || v === "") return undefined;
  const slash = v.lastIndexOf("/");
  return slash === -1 ? v : v.slice(slash + 1);
}

/** `2>&1`, `1>&2`, `>&2`, execline's `fdmove -c 2 1`: the descriptor a redirect copies, if any. */
export function dupTarget(r: Redirect): number | undefined {
  if (r.op !== ">&" || !r.target) return undefined;
  const t = r.target.value ?? r.target.text;
  return /^\d+$/.test(t) ? Number(t) : undefined;
}
