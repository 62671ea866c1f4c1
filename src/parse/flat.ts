// The syntax tree as flat arrays in pre-order: what the model reads. It comes from the native
// addon's one array (fromNative), or, in the fallback, from one cursor pass over the JS binding's
// tree (flattenTree). Reading tree-sitter nodes one property at a time cost more than the parse
// itself (measured: docs/performance.md#flat-trees).
import type { NativeParser } from "./native.js";
import type { Tree } from "tree-sitter";

export interface FlatTree {
  /** Number of nodes; node 0 is the root, nodes are in pre-order (source order). */
  size: number;
  /** Node type name per node. */
  type: string[];
  named: Uint8Array;
  /** Field name under the parent (`name`, `value`, `body`…), or "" for none. */
  field: string[];
  start: Int32Array;
  end: Int32Array;
  /** Index of the parent, -1 for the root. */
  parent: Int32Array;
  /** Index of the next sibling, -1 for the last child. */
  next: Int32Array;
  /** MISSING nodes the parser inserted to recover (only looked for when the tree has errors). */
  missing: Uint8Array;
  hasError: boolean;
}

/** Growable scratch arrays reused from script to script: one flat tree alive at a time. */
let capacity = 0;
let scratch: FlatTree;

function ensure(n: number): void {
  if (n <= capacity) return;
  const cap = Math.max(1024, capacity * 2, n);
  const grow = <T extends Int32Array | Uint8Array>(old: T | undefined, make: (c: number) => T): T => {
    const a = make(cap);
    if (old) a.set(old);
    return a;
  };
  scratch = {
    size: 0,
    type: scratch?.type ?? [],
    field: scratch?.field ?? [],
    named: grow(scratch?.named, (c) => new Uint8Array(c)),
    start: grow(scratch?.start, (c) => new Int32Array(c)),
    end: grow(scratch?.end, (c) => new Int32Array(c)),
    parent: grow(scratch?.parent, (c) => new Int32Array(c)),
    next: grow(scratch?.next, (c) => new Int32Array(c)),
    missing: grow(scratch?.missing, (c) => new Uint8Array(c)),
    hasError: false,
  };
  capacity = cap;
}

/** Names by tree-sitter's numeric ids, learnt on first sight (one cursor call per new id). */
const typeNames: string[] = [];
const typeNamed: boolean[] = [];
const fieldNames: string[] = [""];

/**
 * Copies a tree into the shared scratch arrays. The result is valid until the next call: build
 * what must outlive it (the model's nodes) before flattening another tree.
 */
export function flattenTree(tree: Tree): FlatTree {
  ensure(256);
  const hasError = tree.rootNode.hasError;
  const cursor = tree.walk();
  const stack: number[] = []; // ancestors of the cursor
  const lastChild: number[] = []; // per ancestor on the stack, its last child seen so far
  let n = 0;
  for (;;) {
    if (n === capacity) ensure(n + 1);
    const id = cursor.nodeTypeId;
    let name = typeNames[id];
    if (name === undefined) {
      name = typeNames[id] = cursor.nodeType;
      typeNamed[id] = cursor.nodeIsNamed;
    }
    const fid = cursor.currentFieldId;
    let fname = fieldNames[fid];
    if (fname === undefined) fname = fieldNames[fid] = cursor.currentFieldName ?? "";
    const depth = stack.length;
    scratch.type[n] = name;
    scratch.named[n] = typeNamed[id] ? 1 : 0;
    scratch.field[n] = fname;
    scratch.start[n] = cursor.startIndex;
    scratch.end[n] = cursor.endIndex;
    scratch.parent[n] = depth === 0 ? -1 : stack[depth - 1]!;
    scratch.next[n] = -1;
    scratch.missing[n] = hasError && cursor.nodeIsMissing ? 1 : 0;
    if (depth > 0) {
      const prev = lastChild[depth - 1]!;
      if (prev !== -1) scratch.next[prev] = n;
      lastChild[depth - 1] = n;
    }
    n++;
    if (cursor.gotoFirstChild()) {
      stack.push(n - 1);
      lastChild.push(-1);
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) break;
      stack.pop();
      lastChild.pop();
    }
    if (stack.length === 0) break;
  }
  scratch.size = n;
  scratch.hasError = hasError;
  return scratch;
}

let nativeTypes: string[] | undefined;
let nativeFields: string[];

/**
 * The same flat tree from the native addon's one array (see native/flatten.c for its layout).
 * Valid until the next call, like flattenTree's.
 */
export function flattenNative(native: NativeParser, text: string): FlatTree {
  return fromNative(native, native.parse(text));
}

/** The flat tree of an array the addon returned earlier (see parse.ts: preparse). */
export function fromNative(native: NativeParser, raw: Int32Array): FlatTree {
  if (nativeTypes === undefined) {
    nativeTypes = native.symbolNames();
    nativeFields = native.fieldNames();
  }
  const n = raw[0]!;
  ensure(n);
  const types = nativeTypes;
  for (let i = 0, o = 2; i < n; i++, o += 6) {
    const info = raw[o]!;
    scratch.type[i] = types[info & 0xffff]!;
    scratch.named[i] = (info >> 16) & 1;
    scratch.missing[i] = (info >> 17) & 1;
    scratch.field[i] = nativeFields[raw[o + 1]!]!;
    scratch.start[i] = raw[o + 2]!;
    scratch.end[i] = raw[o + 3]!;
    scratch.parent[i] = raw[o + 4]!;
    scratch.next[i] = raw[o + 5]!;
  }
  scratch.size = n;
  scratch.hasError = raw[1] === 1;
  return scratch;
}

/** The first child of node i, or -1. */
export function firstChild(t: FlatTree, i: number): number {
  return i + 1 < t.size && t.parent[i + 1] === i ? i + 1 : -1;
}
