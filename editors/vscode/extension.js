// A minimal VS Code extension for svlint: starts `svlint --lsp` and hands it shell scripts and
// the other files of service directories. Not published; see docs/editors.md.
/* eslint-disable @typescript-eslint/no-require-imports -- VS Code loads extensions with require */
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;

/** Files svlint reads besides shell scripts: s6-rc's and the supervisors' own, and env dirs' files. */
const SERVICE_FILES = "**/{run,finish,check,up,down,type,notification-fd,env/*,log/env/*}";

async function activate() {
  const config = vscode.workspace.getConfiguration("svlint");
  const serverOptions = {
    command: config.get("path", "svlint"),
    args: ["--lsp"],
    transport: TransportKind.stdio,
  };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "shellscript" },
      { scheme: "file", pattern: SERVICE_FILES },
    ],
    initializationOptions: config.get("options", {}),
  };
  client = new LanguageClient("svlint", "svlint", serverOptions, clientOptions);
  await client.start();
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
