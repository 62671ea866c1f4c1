// Service trees the machine-format tests (formats, codeclimate) report on: a clean one, and one
// with a finding of most kinds (an env file holding a secret, a parse error, another language).
import type { TreeSpec } from "./helpers.js";

export const FORMAT_TREES: Record<string, TreeSpec> = {
  clean: {
    "a/run": "#!/bin/sh\nexec 2>&1\nexec envdir ./env setuidgid app app\n",
    "a/log/run": "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n",
  },
  mixed: {
    "web/run": "#!/bin/sh\nexec setuidgid app envdir ./env app\nexec 2>&1\n",
    "web/log/run": "#!/bin/sh\nchown -R log:log\nexec cat > /var/log/web.log\n",
    "web/env/TOKEN": { content: "secret-value-xyz", mode: 0o644 },
    "nolog/run": "#!/bin/sh\nexec app\n",
    "py/run": "#!/usr/bin/python3\nprint(1)\n",
    "broken/run": "#!/bin/sh\nif then\n",
    "broken/log/run": "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n",
    "dir with space/run": "#!/bin/sh\nexec setuidgid a envdir ./e app\n",
  },
};
