// A real editor against the language server: Debian's Neovim, headless, with the init.lua snippet
// of docs/editors.md as it is printed there, opens a run script on disk, waits for svlint's
// diagnostics, applies svlint's quick fix with Neovim's own code, and writes what it saw as
// JSON for the assertions below.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { BIN, ROOT, svlint } from "./cli-helpers.js";
import { tempDir, writeTree } from "./helpers.js";
import type { CliFile } from "./lsp-client.js";

/** The snippet docs/editors.md says this test runs: the lua block after its marker. */
function documentedInit(): string {
  const doc = fs.readFileSync(path.join(ROOT, "docs/editors.md"), "utf8");
  const at = doc.indexOf("<!-- tested by test/lsp-nvim.test.ts -->");
  const m = /```lua\n([\s\S]*?)```/.exec(doc.slice(at));
  if (at === -1 || !m) throw new Error("docs/editors.md has no lua block marked for this test");
  return m[1]!;
}

/** Run after the file is loaded (its FileType started the client): what Neovim sees, as JSON. */
const HARNESS = `
local out = {}
local function finish(code)
  local f = io.open(os.getenv("SVLINT_NVIM_OUT"), "w")
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd(code == 0 and "qa!" or "cquit " .. code)
end
if not vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 20) then finish(3) end
out.before = vim.diagnostic.get(0)
local d = out.before[1]
vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
local params = vim.lsp.util.make_range_params()
params.context = { diagnostics = {}, only = { "quickfix" } }
local replies = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 10000) or {}
out.titles = {}
for id, reply in pairs(replies) do
  for _, action in ipairs(reply.result or {}) do
    table.insert(out.titles, action.title)
    if action.title == "Fix this exec-daemon problem" then
      vim.lsp.util.apply_workspace_edit(action.edit, vim.lsp.get_client_by_id(id).offset_encoding)
    end
  end
end
if not vim.wait(20000, function() return #vim.diagnostic.get(0) == 0 end, 20) then finish(4) end
out.after = vim.diagnostic.get(0)
out.text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\\n")
out.filetype = vim.bo.filetype
finish(0)
`;

describe("Neovim (headless) with the documented setup", () => {
  it("shows svlint's diagnostics for a run script and applies its quick fix", () => {
    const version = spawnSync("nvim", ["--version"], { encoding: "utf8" });
    // Installed by scripts/prereqs.mjs (npm test's first step): absent means the test fails here.
    expect(version.error).toBeUndefined();
    expect(version.stdout).toMatch(/^NVIM v0\.(\d+)/);

    const work = tempDir("svlint-nvim-");
    // Accounts this machine has (nobody), so the server's default /etc/passwd knows them.
    const run = "#!/bin/sh\nexec 2>&1\nsetuidgid nobody /usr/bin/app\n";
    writeTree(work, { "svc/run": run, "svc/log/run": "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n" });
    // `svlint` on PATH, as the snippet expects: this checkout's built command.
    const bin = path.join(work, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, "svlint"), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`, {
      mode: 0o755,
    });
    fs.writeFileSync(path.join(work, "init.lua"), documentedInit());
    fs.writeFileSync(path.join(work, "harness.lua"), HARNESS);
    const outFile = path.join(work, "out.json");
    const r = spawnSync(
      "nvim",
      ["--headless", "-i", "NONE", "-u", path.join(work, "init.lua"), "svc/run", "-c", "luafile harness.lua"],
      {
        cwd: work,
        encoding: "utf8",
        timeout: 60000,
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH}`,
          HOME: work,
          XDG_CONFIG_HOME: path.join(work, "config"),
          XDG_CACHE_HOME: path.join(work, "cache"),
          XDG_STATE_HOME: path.join(work, "state"),
          XDG_DATA_HOME: path.join(work, "data"),
          SVLINT_NVIM_OUT: outFile,
        },
      },
    );
    expect([r.status, r.signal, r.stderr, fs.existsSync(outFile) && fs.readFileSync(outFile, "utf8")]).toEqual([
      0,
      null,
      "",
      expect.any(String),
    ]);
    const out = JSON.parse(fs.readFileSync(outFile, "utf8")) as {
      before: Array<Record<string, unknown>>;
      after: unknown[];
      titles: string[];
      text: string;
      filetype: string;
    };
    expect(out.filetype).toBe("sh");
    expect(out.before).toHaveLength(1);
    // What `svlint -f json` says of the file (on this machine's passwd, as the server reads it).
    const cli = JSON.parse(svlint(["-f", "json", path.join(work, "svc")], { passwd: null }).stdout) as CliFile[];
    const [m] = cli.find((f) => f.filePath === path.join(work, "svc/run"))!.messages;
    expect(m!.ruleId).toBe("exec-daemon");
    expect(out.before[0]).toMatchObject({
      lnum: m!.line - 1,
      col: m!.column - 1,
      end_lnum: m!.endLine - 1,
      end_col: m!.endColumn - 1,
      severity: 1,
      source: "svlint",
      message: m!.message,
    });
    expect([out.before[0]!.lnum, out.before[0]!.col]).toEqual([2, 0]);
    expect(out.titles).toEqual(["Fix this exec-daemon problem", "Disable exec-daemon for this line"]);
    expect(out.after).toEqual([]);
    expect(out.text).toBe("#!/bin/sh\nexec 2>&1\nexec setuidgid nobody /usr/bin/app");
    // Neovim changed its buffer; the file on disk is as it was.
    expect(fs.readFileSync(path.join(work, "svc/run"), "utf8")).toBe(run);
  });
});
