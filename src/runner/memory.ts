// With the JS binding (the fallback when the native addon is not built; see src/parse/native.ts),
// tree-sitter trees live in native memory that V8 does not see, and the binding frees a tree in
// a finalizer that Node runs only on a later turn of the event loop. A synchronous loop over
// many services therefore frees nothing; a full GC plus one turn of the event loop every
// RELEASE_EVERY services frees them, and 100 peaks lower than 250 at the same speed
// (measured: docs/performance.md#native-memory).
import { parserBackend } from "../parse/shell.js";

/** `gc()`, made on first use only (node:v8, node:vm and a new context cost the cold start). */
let collectGarbage: (() => void) | null | undefined;

async function gcFunction(): Promise<(() => void) | null> {
  if (collectGarbage === undefined) {
    try {
      const [v8, vm] = await Promise.all([import("node:v8"), import("node:vm")]);
      v8.setFlagsFromString("--expose-gc");
      collectGarbage = vm.runInNewContext("gc") as () => void;
    } catch {
      collectGarbage = null;
    }
  }
  return collectGarbage;
}

const RELEASE_EVERY = 100;
let sinceRelease = 0;

/**
 * Counts the services this thread has linted, across calls (a worker lints chunks of 50), and
 * frees native memory every RELEASE_EVERY of them.
 */
export async function servicesLinted(n: number): Promise<void> {
  sinceRelease += n;
  if (sinceRelease < RELEASE_EVERY) return;
  sinceRelease = 0;
  await releaseNativeMemory();
}

export async function releaseNativeMemory(): Promise<void> {
  // The native addon frees each tree before it returns: nothing waits for a finalizer.
  if (parserBackend() === "native") return;
  (await gcFunction())?.();
  await new Promise((resolve) => setImmediate(resolve));
}
