// `svlint --lsp`: the language server, over stdio. Open buffers are laid over the disk in one warm
// Engine (src/engine/engine.ts); a change lints the buffer's service again after a debounce, and
// every open file of that service gets its findings. Nothing here writes to disk or prints a
// file's text.
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { SEARCH_PLACES } from "../engine/config.js";
import { Engine } from "../engine/engine.js";
import type { FileResult } from "../engine/lint.js";
import { version } from "../version.js";
import { codeActions, FIX_ALL_KIND } from "./actions.js";
import { toLspDiagnostic } from "./convert.js";
import { membershipOf, type Membership } from "./files.js";
import { hoverAt } from "./hover.js";
import { readSettings, ServiceConfigs, type ServerSettings } from "./settings.js";

/** A file the config search reads: its change reloads every service's configuration. */
const isConfigFile = (abs: string): boolean => SEARCH_PLACES.includes(path.basename(abs));
const CONFIG_GLOB = `**/{${SEARCH_PLACES.join(",")}}`;

interface Open {
  abs: string;
  member: Membership | undefined;
  /** The version last linted, so that the change event that follows an open lints nothing. */
  linted?: number;
}

export class SvlintServer {
  private readonly engine = new Engine();
  private readonly documents = new TextDocuments(TextDocument);
  private readonly open = new Map<string, Open>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private settings: ServerSettings = readSettings(undefined).settings;
  private configs = new ServiceConfigs(this.settings, (m) => this.configError(m));
  private readonly shownErrors = new Set<string>();

  constructor(private readonly connection: Connection) {
    connection.onInitialize((params): InitializeResult => {
      const { settings, problems } = readSettings(params.initializationOptions);
      this.settings = settings;
      this.configs = new ServiceConfigs(settings, (m) => this.configError(m));
      for (const p of problems) this.configError(`svlint: initializationOptions: ${p}`);
      // Paths in the settings are relative to the workspace: its first folder, as clients start servers there.
      const base = [params.workspaceFolders?.[0]?.uri, params.rootUri]
        .map((u) => (u ? absOf(u) : undefined))
        .find(Boolean);
      if (base !== undefined) {
        if (settings.lint.passwd !== undefined) settings.lint.passwd = path.resolve(base, settings.lint.passwd);
        if (settings.lint.configFile !== undefined)
          settings.lint.configFile = path.resolve(base, settings.lint.configFile);
      }
      const watchDynamic = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
      connection.onInitialized(() => {
        // Config files anywhere in every folder; clients without dynamic registration tell of saves only.
        if (watchDynamic)
          void connection.client.register(DidChangeWatchedFilesNotification.type, {
            watchers: [{ globPattern: CONFIG_GLOB }],
          });
      });
      return {
        capabilities: {
          textDocumentSync: {
            openClose: true,
            change: TextDocumentSyncKind.Incremental,
            save: { includeText: false },
          },
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
          hoverProvider: true,
          // Each service finds its own config file, so folders need nothing of their own.
          workspace: { workspaceFolders: { supported: true } },
        },
        serverInfo: { name: "svlint", version: version() },
      };
    });
    this.documents.onDidOpen((e) => this.opened(e.document));
    this.documents.onDidChangeContent((e) => this.changed(e.document));
    this.documents.onDidSave((e) => this.saved(e.document));
    this.documents.onDidClose((e) => this.closed(e.document));
    connection.onDidChangeWatchedFiles((e) => {
      let reload = false;
      for (const c of e.changes) {
        const abs = absOf(c.uri);
        if (abs === undefined) continue;
        if (isConfigFile(abs)) reload = true;
        // Created, deleted or rewritten on disk: facts read from it are stale.
        this.engine.host.invalidate(abs);
      }
      if (reload) this.reloadConfigs();
      this.refreshAll();
    });
    connection.onCodeAction(async (params) => {
      const o = this.open.get(params.textDocument.uri);
      const doc = this.documents.get(params.textDocument.uri);
      if (!o?.member || !doc) return [];
      const setup = await this.configs.get(o.member.service);
      if (setup.ignored) return [];
      const results = this.lintSafely(o.member.service, setup.options);
      if (!results) return [];
      return codeActions({
        engine: this.engine,
        doc,
        abs: o.abs,
        member: o.member,
        options: setup.options,
        results,
        restore: (file) => this.restore(file),
        range: params.range,
        ...(params.context.only ? { only: params.context.only } : {}),
      });
    });
    connection.onHover((params) => {
      const o = this.open.get(params.textDocument.uri);
      const doc = this.documents.get(params.textDocument.uri);
      if (!o?.member?.script || !doc) return null;
      return hoverAt(doc, params.position) ?? null;
    });
    connection.onShutdown(() => {
      for (const t of this.timers.values()) clearTimeout(t);
      this.timers.clear();
    });
    this.documents.listen(connection);
  }

  /** Config files changed: resolved again, and a config still broken is shown again. */
  private reloadConfigs(): void {
    this.configs.reload();
    this.shownErrors.clear();
  }

  /** A config file that cannot be used, shown once per message (as a window message: it has no place in a buffer). */
  private configError(message: string): void {
    if (this.shownErrors.has(message)) return;
    this.shownErrors.add(message);
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message });
  }

  private opened(doc: TextDocument): void {
    const abs = absOf(doc.uri);
    if (abs === undefined) return;
    // Opened from disk: what was read around it before may have changed since.
    this.engine.host.invalidate(abs);
    const o: Open = { abs, member: undefined, linted: doc.version };
    this.open.set(doc.uri, o);
    this.attach(o, doc);
    if (o.member) void this.lint(o.member.service);
  }

  /**
   * Finds which service the file belongs to, and lays its buffer over the disk when it belongs
   * to one (other files are left alone); one that no longer belongs has its diagnostics cleared.
   */
  private attach(o: Open, doc: TextDocument): void {
    const host = this.engine.host;
    let member = membershipOf(host, o.abs);
    if (!member && path.basename(o.abs) === "type") {
      // An unsaved s6-rc `type` is what makes its directory a service: ask with the buffer laid over.
      this.engine.setFile(o.abs, doc.getText());
      member = membershipOf(host, o.abs);
      if (!member) this.engine.deleteFile(o.abs);
    }
    if (member) this.engine.setFile(o.abs, doc.getText());
    else if (o.member) {
      this.engine.deleteFile(o.abs);
      void this.connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
    }
    o.member = member;
  }

  private changed(doc: TextDocument): void {
    const o = this.open.get(doc.uri);
    if (!o?.member || o.linted === doc.version) return;
    this.engine.setFile(o.abs, doc.getText());
    this.schedule(o.member.service);
  }

  private saved(doc: TextDocument): void {
    const o = this.open.get(doc.uri);
    if (!o) return;
    // Written to disk: what depends on the file's entry (its mode, a new file) is read again.
    this.engine.host.invalidate(o.abs);
    if (isConfigFile(o.abs)) {
      this.reloadConfigs();
      this.refreshAll();
      return;
    }
    if (o.member) void this.lint(o.member.service);
  }

  private closed(doc: TextDocument): void {
    const o = this.open.get(doc.uri);
    if (!o) return;
    this.open.delete(doc.uri);
    if (!o.member) return;
    this.engine.deleteFile(o.abs);
    void this.connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
    // The disk's file shows again: the service's other open files may change.
    if (this.openOf(o.member.service).length > 0) void this.lint(o.member.service);
  }

  /** Which open files belong to which service again (a run created or removed), then lints them all. */
  private refreshAll(): void {
    const services = new Set<string>();
    for (const [uri, o] of this.open) {
      const doc = this.documents.get(uri);
      if (!doc) continue;
      this.attach(o, doc);
      if (o.member) services.add(o.member.service);
    }
    for (const s of services) void this.lint(s);
  }

  private schedule(service: string): void {
    const ms = this.settings.debounceMs;
    clearTimeout(this.timers.get(service));
    if (ms === 0) {
      void this.lint(service);
      return;
    }
    this.timers.set(
      service,
      setTimeout(() => {
        this.timers.delete(service);
        void this.lint(service);
      }, ms),
    );
  }

  /** The open files of a service, with their documents. */
  private openOf(service: string): Array<{ uri: string; o: Open; doc: TextDocument }> {
    const out = [];
    for (const [uri, o] of this.open) {
      const doc = this.documents.get(uri);
      if (doc && o.member?.service === service) out.push({ uri, o, doc });
    }
    return out;
  }

  /** Lays a file over the disk as the editor has it, or shows the disk's when it is not open. */
  private restore(file: string): void {
    for (const [uri, o] of this.open)
      if (o.abs === file && o.member) {
        const doc = this.documents.get(uri);
        if (doc) return this.engine.setFile(file, doc.getText());
      }
    this.engine.deleteFile(file);
  }

  private lintSafely(service: string, options: Parameters<Engine["lintService"]>[1]): FileResult[] | undefined {
    try {
      return this.engine.lintService(service, options);
    } catch (err) {
      this.connection.console.error(`svlint: linting ${service} failed: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** Lints a service as its open buffers have it and publishes the findings of each open file of it. */
  private async lint(service: string): Promise<void> {
    clearTimeout(this.timers.get(service));
    this.timers.delete(service);
    let setup;
    try {
      setup = this.configs.peek(service) ?? (await this.configs.get(service));
    } catch (err) {
      // Not a config file's fault (those are shown and set aside): a bug, logged, not fatal.
      this.connection.console.error(`svlint: configuring ${service} failed: ${(err as Error).message}`);
      return;
    }
    const files = this.openOf(service);
    if (files.length === 0) return;
    const results = setup.ignored ? [] : this.lintSafely(service, setup.options);
    if (!results) return;
    for (const { uri, o, doc } of files) {
      o.linted = doc.version;
      const messages = results.find((r) => r.filePath === o.abs)?.messages ?? [];
      void this.connection.sendDiagnostics({
        uri,
        version: doc.version,
        diagnostics: messages.map((d) => toLspDiagnostic(d, doc)),
      });
    }
  }
}

function absOf(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return path.resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

/** Arguments editors' clients add to a server's command line, which mean stdio here anyway. */
const CLIENT_ARGS = /^--(lsp|stdio|clientProcessId(=\d+)?)$/;

/** `svlint --lsp`: serves on stdin and stdout until the client says exit. */
export function serve(argv: readonly string[]): Promise<number> {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--clientProcessId" && /^\d+$/.test(argv[i + 1] ?? "")) i++;
    else if (!CLIENT_ARGS.test(argv[i]!)) {
      process.stderr.write(`svlint: --lsp speaks over stdio and takes no other option ('${argv[i]}')\n`);
      return Promise.resolve(2);
    }
  }
  // stdout carries the protocol: anything else printed there would corrupt it.
  console.log = console.info = console.debug = console.error;
  const connection = createConnection(process.stdin, process.stdout);
  new SvlintServer(connection);
  connection.listen();
  // The library exits the process on the client's exit notification or when stdin closes.
  return new Promise<number>(() => {});
}
