// The daemon a run script becomes: the final program of the command that becomes the service (an
// `exec`, execline's main chain, or the script's last statement), when it is the daemon itself and
// not a wrapper of its name nor one connection's process under a TCP super-server. Shared by the
// rules that judge how a daemon is started (foreground-daemon, debug-mode, no-privilege-drop).
import * as path from "node:path";
import type { ServiceDir } from "../service.js";
import { execChain, finalProgram } from "./chains.js";
import type { RuleContext } from "../engine/rule.js";
import type { Command, Program, Script } from "./model.js";

/** A directory that holds programs: `/usr/sbin`, `/usr/local/bin`, `/opt/x/bin`. */
const BIN_DIR = /(^|\/)s?bin$/;

/** Whether a program word names its program: a bare name (found in PATH) or a path in a bin directory. */
export const namesProgram = (word: string): boolean => !word.includes("/") || BIN_DIR.test(path.posix.dirname(word));

/** Super-servers that start one process per connection. */
export const PER_CONNECTION: ReadonlySet<string> = new Set([
  "tcpserver",
  "tcpsvd",
  "udpsvd",
  "s6-tcpserver",
  "s6-tcpserver4",
  "s6-tcpserver6",
  "s6-tcpserverd",
  "sslserver",
  "s6-tlsserver",
  "inetd",
]);

/** Multi-call binaries that run the applet named by argv[0]. */
const MULTI_CALL = new Set(["busybox", "toybox"]);

/**
 * Whether the program word runs the daemon itself, not a wrapper of the same name
 * (`/etc/s6-overlay/scripts/php-fpm`): a bare name (found in PATH), a path in a bin or sbin
 * directory, or a link in the service to one.
 */
export function isTheDaemon(p: Program, service: ServiceDir): boolean {
  const v = p.word.value;
  if (v === undefined || namesProgram(v)) return true;
  if (v.startsWith("/")) return false;
  // `./acpid`: a link in the service directory to the binary (or to busybox, which runs its applet).
  const entry = service.entries.get(path.posix.normalize(v));
  const target = entry?.kind === "symlink" ? entry.linkTarget : undefined;
  if (!target) return false;
  const base = path.posix.basename(target);
  return BIN_DIR.test(path.posix.dirname(target)) && (base === p.name || MULTI_CALL.has(base));
}

/**
 * Whether the command becomes the service: an `exec`, execline's main chain, or the script's last
 * statement. Earlier calls are checks (`proftpd --configtest`, `nginx -t`).
 */
export function startsService(cmd: Command, script: Script): boolean {
  if (script.rel !== "run" || cmd.inSubstitution) return false;
  const last = script.model.lastStatement;
  return (
    cmd.name?.value === "exec" ||
    (script.model.language === "execline" && cmd.topLevel) ||
    (last !== undefined && cmd.statement.endIndex === last.endIndex)
  );
}

/**
 * The daemon `cmd` of `run` starts as the service, with its chain, or undefined: not the command
 * that becomes the service, under a per-connection super-server (publicfile's httpd, `sshd -i`:
 * the server is the daemon), no final program, or a wrapper of the daemon's name.
 */
export function serviceDaemon(
  cmd: Command,
  script: Script,
  service: ServiceDir,
): { program: Program; chain: Program[] } | undefined {
  if (!startsService(cmd, script)) return undefined;
  const chain = execChain(cmd);
  if (chain.some((q) => PER_CONNECTION.has(q.name ?? ""))) return undefined;
  const p = finalProgram(chain);
  if (!p || p.name === undefined || !isTheDaemon(p, service)) return undefined;
  return { program: p, chain };
}

/**
 * The daemon's config files as the tree holds them, one or more per path it reads: a relative path
 * is the service's own file (run's working directory); otherwise the files `configFiles` finds,
 * the nearest of those whose path ends like the deployed one (`etc/nginx/nginx.conf`), else every
 * file of its name.
 */
export function configTexts(paths: readonly string[], context: RuleContext): Array<{ text: string; file: string }> {
  const out: Array<{ text: string; file: string }> = [];
  for (const p of paths) {
    if (!p.startsWith("/")) {
      const rel = path.posix.normalize(p);
      const text = context.readText(rel);
      if (text !== undefined) {
        out.push({ text, file: rel });
        continue;
      }
    }
    const found = context.surroundings.configFiles(p.startsWith("/") ? p : `/${path.posix.basename(p)}`);
    const tail = p.split("/").filter(Boolean).slice(-2).join("/");
    const exact = found.filter((f) => f.rel.split(path.sep).join("/").endsWith(tail));
    for (const f of exact.length > 0 ? exact.slice(0, 1) : found) out.push({ text: f.text, file: f.rel });
  }
  return out;
}
