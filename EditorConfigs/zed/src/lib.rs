//! Zed extension for the critique language server.
//!
//! Starts `critique lsp` (stdio) for the Critique language (*.critique.md) and
//! for JSON (*.rubric.json). The binary is `lsp.critique.binary.path` from
//! settings.json if set, else `critique` found on the worktree's PATH.

use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Result};

const SERVER_NAME: &str = "critique";

struct CritiqueExtension;

impl zed::Extension for CritiqueExtension {
    fn new() -> Self {
        CritiqueExtension
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        // settings.json: { "lsp": { "critique": { "binary": { "path": "...", "arguments": ["lsp"] } } } }
        let binary = LspSettings::for_worktree(SERVER_NAME, worktree)
            .ok()
            .and_then(|settings| settings.binary);
        let configured_path = binary.as_ref().and_then(|b| b.path.clone());
        let args = binary
            .as_ref()
            .and_then(|b| b.arguments.clone())
            .unwrap_or_else(|| vec!["lsp".to_string()]);

        let command = match configured_path {
            Some(path) => path,
            None => worktree.which("critique").ok_or_else(|| {
                "critique was not found on PATH. Build it with `swift build -c release`, \
                 copy .build/release/critique onto your PATH, or set \
                 lsp.critique.binary.path in Zed's settings.json."
                    .to_string()
            })?,
        };

        Ok(zed::Command {
            command,
            args,
            env: worktree.shell_env(),
        })
    }

    fn language_server_workspace_configuration(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        // settings.json: { "lsp": { "critique": { "settings": { ... } } } } is sent
        // to the server as its `critique` configuration section.
        let settings = LspSettings::for_worktree(SERVER_NAME, worktree)
            .ok()
            .and_then(|lsp_settings| lsp_settings.settings);
        Ok(settings.map(|settings| zed::serde_json::json!({ "critique": settings })))
    }
}

zed::register_extension!(CritiqueExtension);
