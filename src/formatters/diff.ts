// A unified diff of what fixing changed (-f diff), in git's format so that both `git apply` and
// `patch -p1` take it: paths relative to the working directory under a/ and b/, mode changes
// (--fix-modes) as git writes them. Nothing fixed, nothing printed.
import * as path from "node:path";
import { createTwoFilesPatch } from "diff";
import type { Formatter } from "./types.js";

const rel = (abs: string, cwd: string): string => path.relative(cwd, abs).split(path.sep).join("/");

function* pieces(report: Parameters<Formatter>[0], options: Parameters<Formatter>[1]): Iterable<string> {
  const modes = new Map((report.fixes?.modes ?? []).map((m) => [m.file, m]));
  const files = new Set<string>();
  for (const r of report.results) if (r.output !== undefined) files.add(r.filePath);
  for (const m of modes.values()) if (m.from !== undefined) files.add(m.file);
  for (const abs of [...files].sort()) {
    const name = rel(abs, options.cwd);
    const r = report.results.find((x) => x.filePath === abs && x.output !== undefined);
    const mode = modes.get(abs);
    let head = `diff --git a/${name} b/${name}\n`;
    if (mode?.from !== undefined) head += `old mode ${mode.from}\nnew mode ${mode.to}\n`;
    if (!r) {
      yield head;
      continue;
    }
    // createTwoFilesPatch's first line is a rule of `=`, which git's header replaces.
    const patch = createTwoFilesPatch(`a/${name}`, `b/${name}`, r.source ?? "", r.output!);
    yield head + patch.slice(patch.indexOf("\n") + 1);
  }
}

const format: Formatter = (report, options) => [...pieces(report, options)].join("");
format.pieces = pieces;

export default format;
