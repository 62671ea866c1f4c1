// Debug modes that make a daemon unfit for supervision: it serves one client and exits (so the
// supervisor restarts it after each one), or runs as a single process meant for a debugger. Each
// entry cites the daemon's manual. Only options whose harm is real are listed: a debug flag that
// only keeps the daemon in the foreground and logs to stderr (dnsmasq -d, named -g, slapd -d,
// chronyd -d, dhcpd -d) is how such daemons are commonly run under a supervisor, and is not here.
import { byProgramName } from "./lookup.js";
import { hasOption, type OptionMatch } from "./daemons.js";

export interface DebugMode {
  /** Program names. */
  names: readonly string[];
  /** The options that start the debug mode. */
  options: readonly OptionMatch[];
  /** What the mode does under a supervisor, completing "its debug mode: …". */
  what: string;
  /** What to write instead; `{program}` stands for the program word as written. */
  fix: string;
  /** The manual that documents the option. */
  manual: string;
}

export const DEBUG_MODES: readonly DebugMode[] = [
  {
    names: ["sshd"],
    options: ["-d"],
    what: "it serves one connection and exits, so the supervisor restarts it after every login",
    fix: "exec /usr/sbin/sshd -D -e",
    manual:
      "sshd(8): -d, debug mode, the server does not fork and will only process one connection; -D, sshd will not detach and does not become a daemon",
  },
  // Apache 2's -X defines ONE_PROCESS and NO_DETACH; Apache 1.3's -X is the same single-process mode.
  {
    names: ["apache2", "httpd"],
    options: ["-X", "-DONE_PROCESS", { option: "-D", contains: "ONE_PROCESS" }],
    what: "one process serves every request in turn, with no worker children, for debugging only",
    fix: "exec {program} -DFOREGROUND",
    manual:
      "apache2(8), httpd(8): -X, run in debug mode, only one worker will be started and the server will not detach from the console; https://httpd.apache.org/dev/debugging.html",
  },
  {
    names: ["smbd"],
    options: ["-i", "--interactive"],
    what: "it accepts one connection and exits, so the supervisor restarts it after every client",
    fix: "exec smbd --foreground --no-process-group --debug-stdout",
    manual:
      "smbd(8): -i, --interactive, smbd will only accept one connection and terminate; -F, --foreground, the main process does not exit, suitable for supervise and svscan",
  },
  {
    names: ["lighttpd"],
    options: ["-1"],
    what: "it processes a single request on its stdin socket and exits",
    fix: "exec lighttpd -D -f /etc/lighttpd/lighttpd.conf",
    manual: "lighttpd(8): -1, process single (one) request on stdin socket, then exit; -D, do not daemonize",
  },
];

const lookUp = byProgramName(DEBUG_MODES);

/** The debug mode the arguments start, with the option as written in the table, if any. */
export function debugModeOf(
  name: string,
  args: readonly (string | undefined)[],
): { mode: DebugMode; option: OptionMatch } | undefined {
  const mode = lookUp(name);
  const option = mode?.options.find((m) => hasOption(args, m));
  return mode && option !== undefined ? { mode, option } : undefined;
}
