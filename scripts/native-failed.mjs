// @ts-check
// Run by `npm install` when node-gyp could not build native/ (no C compiler or no Node headers).
// svlint still works, through tree-sitter's JS binding; it is about twice as slow.
console.error(
  "svlint: the native parser addon (native/) did not build, so svlint will use tree-sitter's JS binding (same results, about half the speed).\n" +
    "svlint: to build it later: install a C compiler, make, python3 and Node's headers (Debian: build-essential python3), then run `npm run build:native`.",
);
