// Minimal VS Code client for the critique language server.
//
// It starts `critique lsp` (stdio) and hands it every *.critique.md and
// *.rubric.json document. Everything else (diagnostics, completion, hover,
// quick fixes, outline, inlay hints) comes from the server.

import { commands, ExtensionContext, OutputChannel, window, workspace } from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let outputChannel: OutputChannel | undefined;

function serverPath(): string {
  const configured = workspace.getConfiguration('critique').get<string>('path');
  return configured && configured.trim() !== '' ? configured.trim() : 'critique';
}

function createClient(): LanguageClient {
  const command = serverPath();
  // No `transport` on purpose: with TransportKind.stdio the client would append
  // `--stdio` to the arguments. Leaving it out still talks over stdin/stdout.
  const executable = { command, args: ['lsp'] };
  const serverOptions: ServerOptions = { run: executable, debug: executable };

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'critique' },
      // Also when *.critique.md is opened as Markdown (files.associations) or
      // any other language id: the server decides by file name.
      { scheme: 'file', pattern: '**/*.critique.md' },
      { scheme: 'untitled', language: 'critique' },
      { scheme: 'file', pattern: '**/*.rubric.json' },
    ],
    synchronize: {
      // Sends the `critique` settings section with workspace/didChangeConfiguration.
      configurationSection: 'critique',
      // Re-check open documents when the workspace configuration or a rubric changes.
      fileEvents: workspace.createFileSystemWatcher('**/{critique.json,*.rubric.json}'),
    },
    outputChannel,
  };

  return new LanguageClient('critique', 'critique', serverOptions, clientOptions);
}

async function startClient(): Promise<void> {
  client = createClient();
  try {
    await client.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const choice = await window.showErrorMessage(
      `critique: could not start \`${serverPath()} lsp\` (${message}). ` +
        'Put the critique binary on PATH or set "critique.path".',
      'Open Settings',
      'Show Log',
    );
    if (choice === 'Open Settings') {
      await commands.executeCommand('workbench.action.openSettings', 'critique.path');
    } else if (choice === 'Show Log') {
      outputChannel?.show(true);
    }
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch {
      // The server may already be gone (crashed or never started).
    }
  }
}

export async function activate(context: ExtensionContext): Promise<void> {
  outputChannel = window.createOutputChannel('critique');
  context.subscriptions.push(outputChannel);

  context.subscriptions.push(
    commands.registerCommand('critique.restartServer', async () => {
      await stopClient();
      await startClient();
    }),
    commands.registerCommand('critique.showOutput', () => outputChannel?.show(true)),
    workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('critique.path')) {
        await stopClient();
        await startClient();
      }
    }),
  );

  await startClient();
}

export function deactivate(): Thenable<void> | undefined {
  return stopClient();
}
