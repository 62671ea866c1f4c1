// A language client for the tests: spawns the built server (`node bin/svlint.js --lsp`) and speaks
// the real protocol with it over its stdio through vscode-jsonrpc.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from "vscode-jsonrpc/node";
import type {
  CodeAction,
  Diagnostic,
  Hover,
  InitializeResult,
  PublishDiagnosticsParams,
  Range,
  TextEdit,
  WorkspaceEdit,
} from "vscode-languageserver-protocol";
import { TextDocument } from "vscode-languageserver-textdocument";
import { BIN } from "./cli-helpers.js";

export const uriOf = (abs: string): string => pathToFileURL(abs).href;

export interface Client {
  conn: MessageConnection;
  child: ChildProcessWithoutNullStreams;
  init: InitializeResult;
  /** Every publishDiagnostics, in order of arrival. */
  published: PublishDiagnosticsParams[];
  /** Registrations the server asked for. */
  registrations: Array<{ method: string; registerOptions?: unknown }>;
  /** Window messages the server showed. */
  messages: string[];
  stderr: () => string;
  /** The next diagnostics for `uri` (after those already seen) that satisfy `test`. */
  diagnostics(uri: string, test?: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]>;
  open(abs: string, text: string, languageId?: string): Promise<void>;
  /** Replaces the whole text of an open document (a new version). */
  change(abs: string, text: string): Promise<void>;
  close(abs: string): Promise<void>;
  save(abs: string): Promise<void>;
  text(abs: string): string;
  codeActions(abs: string, range: Range, only?: string[]): Promise<CodeAction[]>;
  hover(abs: string, line: number, character: number): Promise<Hover | null>;
  /** Applies a workspace edit to the open documents, as an editor does, and sends the new texts. */
  apply(edit: WorkspaceEdit): Promise<void>;
  /** shutdown, exit, and the server's exit code. */
  stop(): Promise<number | null>;
}

export async function startClient(opts: {
  initializationOptions?: unknown;
  workspaceFolders?: string[];
  capabilities?: object;
  /** The server's script and arguments (default: the built `svlint --lsp`). */
  argv?: string[];
}): Promise<Client> {
  const child = spawn(process.execPath, opts.argv ?? [BIN, "--lsp"], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: Array<() => void> = [];
  const registrations: Client["registrations"] = [];
  const messages: string[] = [];
  conn.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const w of waiters.splice(0)) w();
  });
  conn.onNotification("window/showMessage", (p: { message: string }) => {
    messages.push(p.message);
  });
  conn.onNotification("window/logMessage", (p: { message: string }) => {
    messages.push(p.message);
  });
  conn.onRequest("client/registerCapability", (p: { registrations: Client["registrations"] }) => {
    registrations.push(...p.registrations);
    return null;
  });
  conn.onRequest("window/showMessageRequest", () => null);
  conn.listen();
  const folders = opts.workspaceFolders ?? [];
  const init = (await conn.sendRequest("initialize", {
    processId: process.pid,
    rootUri: folders[0] ? uriOf(folders[0]) : null,
    workspaceFolders: folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
    capabilities: opts.capabilities ?? {
      workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
      textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
    },
    initializationOptions: opts.initializationOptions,
  })) as InitializeResult;
  await conn.sendNotification("initialized", {});
  const docs = new Map<string, TextDocument>();
  /** How many publications of each uri the tests have consumed. */
  const seen = new Map<string, number>();
  const client: Client = {
    conn,
    child,
    init,
    published,
    registrations,
    messages,
    stderr: () => stderr,
    diagnostics(uri, test = () => true) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching diagnostics for ${uri}; got ${JSON.stringify(published)}`)),
          15000,
        );
        const look = (): void => {
          const mine = published.filter((p) => p.uri === uri);
          for (let i = seen.get(uri) ?? 0; i < mine.length; i++) {
            seen.set(uri, i + 1);
            if (test(mine[i]!.diagnostics)) {
              clearTimeout(timer);
              resolve(mine[i]!.diagnostics);
              return;
            }
          }
          waiters.push(look);
        };
        look();
      });
    },
    async open(abs, text, languageId = "sh") {
      const doc = TextDocument.create(uriOf(abs), languageId, 1, text);
      docs.set(abs, doc);
      await conn.sendNotification("textDocument/didOpen", {
        textDocument: { uri: doc.uri, languageId, version: 1, text },
      });
    },
    async change(abs, text) {
      const old = docs.get(abs)!;
      const doc = TextDocument.create(old.uri, old.languageId, old.version + 1, text);
      docs.set(abs, doc);
      await conn.sendNotification("textDocument/didChange", {
        textDocument: { uri: doc.uri, version: doc.version },
        contentChanges: [{ text }],
      });
    },
    async close(abs) {
      const doc = docs.get(abs)!;
      docs.delete(abs);
      await conn.sendNotification("textDocument/didClose", { textDocument: { uri: doc.uri } });
    },
    async save(abs) {
      await conn.sendNotification("textDocument/didSave", { textDocument: { uri: docs.get(abs)!.uri } });
    },
    text: (abs) => docs.get(abs)!.getText(),
    async codeActions(abs, range, only) {
      return (await conn.sendRequest("textDocument/codeAction", {
        textDocument: { uri: uriOf(abs) },
        range,
        context: { diagnostics: [], ...(only ? { only } : {}) },
      })) as CodeAction[];
    },
    async hover(abs, line, character) {
      return (await conn.sendRequest("textDocument/hover", {
        textDocument: { uri: uriOf(abs) },
        position: { line, character },
      })) as Hover | null;
    },
    async apply(edit) {
      for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
        const abs = [...docs.entries()].find(([, d]) => d.uri === uri)?.[0];
        if (abs === undefined) throw new Error(`edit of a document that is not open: ${uri}`);
        await client.change(abs, TextDocument.applyEdits(docs.get(abs)!, edits as TextEdit[]));
      }
    },
    async stop() {
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      await conn.sendRequest("shutdown");
      await conn.sendNotification("exit");
      const code = await exited;
      conn.dispose();
      return code;
    },
  };
  return client;
}

/** A file of `svlint -f json`'s report, as far as the language server tests compare with it. */
export interface CliFile {
  filePath: string;
  messages: Array<{
    ruleId: string;
    message: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
  }>;
}
