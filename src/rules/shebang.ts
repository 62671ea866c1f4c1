// supervise and runsv start ./run with execve: without `#!` it fails ("exec format error"); with
// a CRLF first line the kernel looks for an interpreter named `sh\r` ("file does not exist").
import { defineRule } from "../engine/rule.js";
import { readShebang } from "../parse/shell.js";

export default defineRule({
  meta: {
    id: "shebang",
    type: "problem",
    severity: "error",
    docs: { description: "Require supervised scripts to start with a #! line that has no carriage return" },
    messages: {
      missing:
        "`{{file}}` does not start with a `#!` line: the supervisor starts it with execve, which fails with " +
        '"exec format error". Make `#!/bin/sh` (or your shell) the very first line.',
      carriageReturn:
        "The `#!` line of `{{file}}` ends with a carriage return (CRLF line endings): the kernel looks for an " +
        'interpreter named `{{interpreter}}\\r` and fails with "file does not exist". Convert the file to LF ' +
        "line endings, e.g. `sed -i 's/\\r$//' {{file}}`.",
    },
  },
  create(context) {
    return {
      service(svc) {
        // Every script that was read, shell or not: the kernel reads the #! line either way.
        for (const script of svc.scripts) {
          // s6-rc's oneshot up/down are run through execlineb and carry no #!.
          if (script.text === undefined || svc.s6rc?.type === "oneshot") continue;
          const sb = readShebang(script.text);
          if (!sb.present) context.report({ file: script.rel, messageId: "missing", data: { file: script.rel } });
          else if (sb.carriageReturn) {
            const interpreter = script.text.slice(2, script.text.indexOf("\r")).trim().split(/\s+/)[0] ?? "";
            context.report({ file: script.rel, messageId: "carriageReturn", data: { file: script.rel, interpreter } });
          }
        }
      },
    };
  },
});
