// Every rule, listed explicitly and sorted by id.
import type { Rule } from "../engine/rule.js";
import chownTarget from "./chown-target.js";
import envDirPermissions from "./env-dir-permissions.js";
import envFileFormat from "./env-file-format.js";
import execDaemon from "./exec-daemon.js";
import foregroundDaemon from "./foreground-daemon.js";
import inlineSecrets from "./inline-secrets.js";
import logDirOwner from "./log-dir-owner.js";
import logRunPresent from "./log-run-present.js";
import loggerPrivileges from "./logger-privileges.js";
import mkdirBeforeMultilog from "./mkdir-before-multilog.js";
import multilogScript from "./multilog-script.js";
import noCatLogging from "./no-cat-logging.js";
import runExecutable from "./run-executable.js";
import s6LogScript from "./s6-log-script.js";
import setuidgidLast from "./setuidgid-last.js";
import shebang from "./shebang.js";
import stderrRedirectOrder from "./stderr-redirect-order.js";
import stderrToLog from "./stderr-to-log.js";
import svlogdConfig from "./svlogd-config.js";
import unknownAccount from "./unknown-account.js";

export const RULES: readonly Rule[] = [
  chownTarget,
  envDirPermissions,
  envFileFormat,
  execDaemon,
  foregroundDaemon,
  inlineSecrets,
  logDirOwner,
  logRunPresent,
  loggerPrivileges,
  mkdirBeforeMultilog,
  multilogScript,
  noCatLogging,
  runExecutable,
  s6LogScript,
  setuidgidLast,
  shebang,
  stderrRedirectOrder,
  stderrToLog,
  svlogdConfig,
  unknownAccount,
];
