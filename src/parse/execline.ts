// A small reader for execline scripts (`#!/command/execlineb -P`), s6's usual run-script language.
// It reads words, double quotes with backslash escapes, `#` comments and `{ }` blocks as
// execlineb does, then unrolls the script's chain of builtins (foreground, fdmove, redirfd,
// define…) into the same Command model the shell reader gives, so every rule applies to both.
// Nothing here recurses on the input's nesting depth: blocks are walked with an explicit stack.
import { CHAIN_LOADERS } from "../knowledge/chainloaders.js";
import { consumeOptions } from "../model/chains.js";
import {
  programName,
  type Assignment,
  type Command,
  type Comment,
  type ExeclineBlock,
  type ParseProblem,
  type Redirect,
  type ScriptModel,
  type SourceNode,
  type Word,
} from "../model/model.js";
import { LineIndex } from "../model/source.js";
import { EXECLINE_BUILTINS, type ExeclineBuiltin } from "../knowledge/execline-builtins.js";

interface Token {
  node: SourceNode;
  /** After quote removal, before variable substitution. */
  raw: string;
  quoted: boolean;
}

interface Block {
  open: Token;
  /** The closing `}`; missing when the block is never closed. */
  close?: Token;
  items: Item[];
}

type Item = Token | Block;

const isBlock = (i: Item | undefined): i is Block => i !== undefined && "items" in i;

const ESCAPES: Record<string, string> = { a: "\x07", b: "\b", t: "\t", n: "\n", v: "\v", f: "\f", r: "\r" };

export function buildExeclineModel(text: string): ScriptModel {
  const lines = new LineIndex(text);
  const pos = (index: number) => lines.position(index);
  const node = (type: string, start: number, end: number): SourceNode => ({
    type,
    text: text.slice(start, end),
    startIndex: start,
    endIndex: end,
    startPosition: pos(start),
    endPosition: pos(end),
  });
  const parseProblems: ParseProblem[] = [];
  const commentNodes: SourceNode[] = [];
  const tokens: Token[] = [];

  // Lexing, as execlineb: whitespace separates words; `#` starts a comment where a word could
  // start; `"…"` quotes with C escapes; a backslash outside quotes escapes the next character.
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if (c === "#") {
      const end = text.indexOf("\n", i);
      const stop = end === -1 ? n : end;
      commentNodes.push(node("comment", i, stop));
      i = stop;
      continue;
    }
    const start = i;
    let raw = "";
    let quoted = false;
    while (i < n) {
      const ch = text[i]!;
      if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") break;
      if (ch === "\\") {
        raw += text[i + 1] ?? "";
        i += 2;
        continue;
      }
      if (ch !== '"') {
        raw += ch;
        i++;
        continue;
      }
      quoted = true;
      const qStart = i;
      i++;
      let closed = false;
      while (i < n) {
        const q = text[i]!;
        if (q === '"') {
          closed = true;
          i++;
          break;
        }
        if (q === "\\" && i + 1 < n) {
          const e = text[i + 1]!;
          raw += e === "\n" ? "" : (ESCAPES[e] ?? e);
          i += 2;
          continue;
        }
        raw += q;
        i++;
      }
      if (!closed)
        parseProblems.push({
          node: node("ERROR", qStart, n),
          message: "Syntax error: this double quote is never closed; execlineb exits 100.",
        });
    }
    tokens.push({ node: node(quoted ? "string" : "word", start, i), raw, quoted });
  }

  // Blocks: an unquoted `{` or `}` word opens or closes one.
  const root: Item[] = [];
  const stack: Block[] = [];
  let into = root;
  for (const t of tokens) {
    if (!t.quoted && t.raw === "{") {
      const b: Block = { open: t, items: [] };
      into.push(b);
      stack.push(b);
      into = b.items;
    } else if (!t.quoted && t.raw === "}") {
      const closed = stack.pop();
      if (closed) closed.close = t;
      else {
        parseProblems.push({ node: t.node, message: "Syntax error: this `}` closes no block; execlineb exits 100." });
        continue;
      }
      into = stack.length > 0 ? stack[stack.length - 1]!.items : root;
    } else into.push(t);
  }
  for (const b of stack)
    parseProblems.push({ node: b.open.node, message: "Syntax error: this `{` is never closed; execlineb exits 100." });

  // Variables: `define`, `importas`, `backtick` and friends substitute `$name` / `${name}` in the
  // words after them; an execline word with a `$` that no such builtin names stays literal.
  const vars = new Map<string, string | undefined>();
  const toWord = (t: Token): Word => ({ node: t.node, text: t.node.text, value: substitute(t.raw) });
  const substitute = (raw: string): string | undefined => {
    if (!raw.includes("$")) return raw;
    let dynamic = false;
    const out = raw.replace(/\$(?:\{(\w+)\}|(\w+))/g, (m, a?: string, b?: string) => {
      const name = (a ?? b)!;
      if (!vars.has(name)) return m;
      const v = vars.get(name);
      if (v === undefined) dynamic = true;
      return v ?? m;
    });
    return dynamic ? undefined : out;
  };

  const commands: Command[] = [];
  const assignments: Assignment[] = [];
  const spanOf = (items: Item[]): [number, number] => {
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const start = isBlock(first) ? first.open.node.startIndex : first.node.startIndex;
    const end = isBlock(last) ? (last.close ?? last.open).node.endIndex : last.node.endIndex;
    return [start, end];
  };

  // Each chain (the script, or a block) is unrolled into one command: the chain-loaders and the
  // program it ends with. Builtins that take blocks queue those blocks as chains of their own.
  interface Chain {
    items: Item[];
    topLevel: boolean;
    feedsPipe: boolean;
    block: ExeclineBlock | undefined;
  }
  const queue: Chain[] = [{ items: root, topLevel: true, feedsPipe: false, block: undefined }];
  while (queue.length > 0) {
    const { topLevel, feedsPipe, block: outer } = queue[0]!;
    let items = queue.shift()!.items;
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    const used: Item[] = [];
    let k = 0;
    // The last word of the chain (not a block), found once for each list of items (multisubstitute splices a new one).
    let lastWordOf: Item[] | undefined;
    let lastWord = -1;
    /** Queues a block as a chain of its own; `by` is what takes it (undefined: a block where a program should be). */
    const nested = (block: Item | undefined, pipe = false, by?: BlockTaker): void => {
      if (!isBlock(block) || block.items.length === 0) return;
      if (by && lastWordOf !== items) {
        lastWordOf = items;
        lastWord = items.length - 1;
        while (lastWord >= 0 && isBlock(items[lastWord])) lastWord--;
      }
      const taken: ExeclineBlock | undefined = by && {
        builtin: by.name,
        node: by.node,
        index: by.index,
        options: by.options,
        ends: by.at > lastWord,
        outer,
      };
      queue.push({ items: block.items, topLevel: false, feedsPipe: pipe, block: taken });
    };
    while (k < items.length) {
      const item = items[k]!;
      if (isBlock(item)) {
        // A block where a program should be: execlineb would pass `{` … as words; read it anyway.
        nested(item);
        k++;
        continue;
      }
      const name = programName({ node: item.node, text: item.node.text, value: substitute(item.raw) });
      const builtin = name === undefined ? undefined : EXECLINE_BUILTINS[name];
      if (builtin) {
        const start = k;
        if (builtin.effect === "splice") {
          // multisubstitute { importas … define … }: its directives apply to this chain.
          const block = items[k + 1];
          items = [...items.slice(0, k), ...(isBlock(block) ? block.items : []), ...items.slice(k + 2)];
          continue;
        }
        k = applyBuiltin(builtin, name!, item, items, k + 1, {
          toWord,
          vars,
          nested,
          redirects,
          node,
          substitute,
          assignments,
        });
        used.push(...items.slice(start, k));
        continue;
      }
      const loader = name === undefined ? undefined : CHAIN_LOADERS[name];
      const plain = (from: number, to: number): Word[] =>
        items
          .slice(from, to)
          .filter((x): x is Token => !isBlock(x))
          .map(toWord);
      if (loader) {
        const rest = plain(k + 1, items.length);
        const after = consumeOptions(loader, rest, 0, new Map());
        let take = Math.min(rest.length, after + loader.operands);
        // Count in items, not words: blocks are not words.
        let end = k + 1;
        while (take > 0 && end < items.length) {
          if (!isBlock(items[end])) take--;
          end++;
        }
        words.push(toWord(item), ...plain(k + 1, end));
        used.push(...items.slice(k, end));
        k = end;
        continue;
      }
      // The program the chain ends in: every remaining word is its argument.
      let index = 0;
      for (let at = k + 1; at < items.length; at++)
        if (isBlock(items[at]))
          nested(items[at], false, { name: name ?? "", at, node: item.node, index: index++, options: new Set() });
      words.push(toWord(item), ...plain(k + 1, items.length));
      used.push(...items.slice(k));
      break;
    }
    if (words.length === 0 && redirects.length === 0) continue;
    // The command spans from its first program word (builtins before it are not part of it).
    const firstWord = words[0] ? used.findIndex((u) => !isBlock(u) && u.node === words[0]!.node) : -1;
    const [start, end] = spanOf(firstWord > 0 ? used.slice(firstWord) : used.length > 0 ? used : items);
    const cmdNode = node("command", start, end);
    commands.push({
      node: cmdNode,
      statement: cmdNode,
      name: words[0],
      args: words.slice(1),
      redirects,
      prefixAssignments: [],
      topLevel,
      inSubstitution: false,
      feedsPipe,
      chain: undefined,
      ...(outer ? { block: outer } : {}),
    });
  }
  commands.sort((a, b) => a.node.startIndex - b.node.startIndex);

  const comments: Comment[] = commentNodes.map((c) => {
    const next = tokens.find((t) => t.node.startIndex > c.endIndex);
    return { node: c, next: next?.node };
  });
  assignments.sort((a, b) => a.node.startIndex - b.node.startIndex);
  const main = commands.find((c) => c.topLevel);
  return { language: "execline", text, commands, parseProblems, comments, assignments, lastStatement: main?.node };
}

/** What takes a block: a builtin (or a program), which of its blocks, with which options. */
interface BlockTaker {
  name: string;
  /** Where the block is in the chain's items. */
  at: number;
  node: SourceNode;
  index: number;
  options: ReadonlySet<string>;
}

interface BuiltinContext {
  toWord(t: Token): Word;
  vars: Map<string, string | undefined>;
  nested(block: Item | undefined, pipe?: boolean, by?: BlockTaker): void;
  redirects: Redirect[];
  node(type: string, start: number, end: number): SourceNode;
  substitute(raw: string): string | undefined;
  assignments: Assignment[];
}

/** Consumes a builtin's options, operands and blocks from items[k…]; returns where its child starts. */
function applyBuiltin(
  b: ExeclineBuiltin,
  name: string,
  self: Token,
  items: Item[],
  k: number,
  ctx: BuiltinContext,
): number {
  const flags = new Map<string, string | true>();
  // Options: `-x`, `-xVALUE` or `-x VALUE` for letters marked `:` in the table.
  while (k < items.length) {
    const it = items[k]!;
    if (isBlock(it) || !it.raw.startsWith("-") || it.raw.length < 2 || !b.short) break;
    if (it.raw === "--") {
      k++;
      break;
    }
    k++;
    for (let j = 1; j < it.raw.length; j++) {
      const letter = it.raw[j]!;
      const at = b.short.indexOf(letter);
      if (at !== -1 && b.short[at + 1] === ":") {
        const v =
          j + 1 < it.raw.length ? it.raw.slice(j + 1) : items[k] && !isBlock(items[k]) ? (items[k++] as Token).raw : "";
        flags.set(letter, v);
        break;
      }
      flags.set(letter, true);
    }
  }
  const operands: Token[] = [];
  for (let o = 0; o < b.operands && k < items.length && !isBlock(items[k]); o++) operands.push(items[k++] as Token);
  for (let o = 0; o < b.blocks && k < items.length; o++) {
    const at = k++;
    if (!b.dataBlocks)
      ctx.nested(items[at], b.pipe === true && o === 0, {
        name,
        at,
        node: self.node,
        index: o,
        options: new Set(flags.keys()),
      });
  }

  switch (b.effect) {
    case "define": {
      const [v, value] = operands;
      if (v) ctx.vars.set(v.raw, value && !flags.has("s") && !flags.has("n") ? ctx.substitute(value.raw) : undefined);
      break;
    }
    case "export": {
      const [v, value] = operands;
      if (v && value) {
        ctx.assignments.push({
          name: v.raw,
          node: ctx.node("export", self.node.startIndex, value.node.endIndex),
          value: ctx.substitute(value.raw),
          valueText: value.node.text,
        });
      }
      break;
    }
    case "import": {
      // importas VAR ENVVAR, backtick VAR { … }, getpid VAR…: known at run time only.
      const v = operands[0];
      if (v) ctx.vars.set(v.raw, undefined);
      break;
    }
    case "fdmove": {
      // fdmove [-c] TO FROM: TO becomes (a copy of) FROM, as `TO>&FROM`.
      const [to, from] = operands;
      if (to && from && /^\d+$/.test(to.raw)) {
        ctx.redirects.push({
          node: ctx.node("fdmove", self.node.startIndex, from.node.endIndex),
          fd: Number(to.raw),
          explicitFd: true,
          op: ">&",
          target: ctx.toWord(from),
        });
      }
      break;
    }
    case "redirfd": {
      // redirfd -w FD FILE (`>`), -a (`>>`), -r (`<`), -u (`<>`), -c/-x (`>`, must/must not exist).
      const [fd, file] = operands;
      const op = flags.has("a") ? ">>" : flags.has("r") ? "<" : flags.has("u") ? "<>" : ">";
      if (fd && file && /^\d+$/.test(fd.raw)) {
        ctx.redirects.push({
          node: ctx.node("redirfd", self.node.startIndex, file.node.endIndex),
          fd: Number(fd.raw),
          explicitFd: true,
          op,
          target: ctx.toWord(file),
        });
      }
      break;
    }
    default:
      break;
  }
  return k;
}
