// execline's own programs (execline 2.9, https://skarnet.org/software/execline/): how many
// options, words and blocks each takes before the program it chain-loads, and what it does to
// the chain that svlint cares about (variables, descriptors). Knowledge as data.
export interface ExeclineBuiltin {
  /** getopt letters; `:` after a letter means it takes a value. */
  short?: string;
  /** Words after the options, before the blocks. */
  operands: number;
  /** `{ … }` blocks after the operands. */
  blocks: number;
  /** The blocks hold data (pids, values), not programs. */
  dataBlocks?: true;
  /** The (first) block's stdout feeds the rest of the chain (pipeline). */
  pipe?: true;
  /** `splice`: the block's directives apply to the chain itself (multisubstitute). */
  effect?: "define" | "import" | "export" | "fdmove" | "redirfd" | "splice";
  /**
   * The blocks (by index) it runs as a child process, while the chain goes on in the process the
   * supervisor started: a program there is never the supervised process. The other blocks are
   * exec'd into (ifelse's second, tryexec's) or hold data.
   */
  forks?: readonly number[];
  /** With this option, the blocks after the first are spliced into the chain instead (ifthenelse -s). */
  splices?: string;
}

export const EXECLINE_BUILTINS: Readonly<Record<string, ExeclineBuiltin>> = {
  // Sequencing and conditions: the block runs, then (maybe) the rest of the chain.
  // foreground(1), background(1), if(1): "spawns prog1 as a child process" (and waits for it,
  // except background), then execs into the rest. ifelse(1): spawns prog1, then execs into
  // prog2 or prog3. ifte(1): spawns the rest, then execs into a block. ifthenelse(1): spawns
  // prog1, then prog2 or prog3 unless -s splices them. pipeline(1): spawns prog1, execs prog2.
  foreground: { operands: 0, blocks: 1, forks: [0] },
  background: { short: "d", operands: 0, blocks: 1, forks: [0] },
  if: { short: "nXtx:", operands: 0, blocks: 1, forks: [0] },
  ifelse: { short: "nX", operands: 0, blocks: 2, forks: [0] },
  ifte: { short: "nX", operands: 0, blocks: 2 },
  ifthenelse: { short: "Xs", operands: 0, blocks: 3, forks: [0, 1, 2], splices: "s" },
  pipeline: { short: "drw", operands: 0, blocks: 1, pipe: true, forks: [0] },
  trap: { short: "x", operands: 0, blocks: 1 },
  tryexec: { short: "ncla:", operands: 0, blocks: 1 },
  wait: { short: "Iiaot:", operands: 0, blocks: 1, dataBlocks: true },
  forx: { short: "Eepo:x:", operands: 1, blocks: 1, dataBlocks: true },
  // forbacktickx(1), backtick(1): spawn the block and read its output.
  forbacktickx: { short: "Eepo:x:NnCc0d:", operands: 1, blocks: 1, forks: [0] },
  loopwhilex: { short: "no:x:", operands: 0, blocks: 0 },
  // Variables.
  define: { short: "nsCcd:", operands: 2, blocks: 0, effect: "define" },
  // execline before 2.9's `import VAR` (importas VAR VAR): still in old scripts.
  import: { short: "iD:NnsCcd:", operands: 1, blocks: 0, effect: "import" },
  importas: { short: "iD:NnsCcd:", operands: 2, blocks: 0, effect: "import" },
  backtick: { short: "iID:NnsCcd:Ex", operands: 1, blocks: 1, effect: "import", forks: [0] },
  withstdinas: { short: "iID:NnsCcd:", operands: 1, blocks: 0, effect: "import" },
  elglob: { short: "vwsme0", operands: 2, blocks: 0, effect: "import" },
  getpid: { short: "EP", operands: 1, blocks: 0, effect: "import" },
  getcwd: { short: "E", operands: 1, blocks: 0, effect: "import" },
  multisubstitute: { operands: 0, blocks: 1, effect: "splice" },
  // Environment, directory, umask.
  export: { operands: 2, blocks: 0, effect: "export" },
  unexport: { operands: 1, blocks: 0 },
  emptyenv: { short: "pcoP", operands: 0, blocks: 0 },
  envfile: { short: "I", operands: 1, blocks: 0 },
  exec: { short: "cla:", operands: 0, blocks: 0 },
  cd: { operands: 1, blocks: 0 },
  umask: { operands: 1, blocks: 0 },
  // Descriptors.
  fdmove: { short: "c", operands: 2, blocks: 0, effect: "fdmove" },
  redirfd: { short: "rwuacxnb", operands: 2, blocks: 0, effect: "redirfd" },
  fdclose: { operands: 1, blocks: 0 },
  fdswap: { operands: 2, blocks: 0 },
  fdreserve: { operands: 1, blocks: 0 },
  fdblock: { short: "n", operands: 1, blocks: 0 },
  heredoc: { short: "d", operands: 2, blocks: 0 },
  piperw: { operands: 2, blocks: 0 },
  // s6-overlay's wrapper that imports the container's environment, then runs the rest.
  "with-contenv": { operands: 0, blocks: 0 },
};
