# critique for Kakoune with kakoune-lsp.
#
# Install: copy to ~/.config/kak/critique.kak and add to ~/.config/kak/kakrc,
# after kakoune-lsp is loaded:
#
#     source "%val{config}/critique.kak"
#
# - *.critique.md files get the filetype `critique`, highlighted with Kakoune's
#   own Markdown highlighter plus score lines, preference lines and #tags.
# - *.rubric.json files keep the filetype `json`.
# - Both get the `critique` server through the `lsp_servers` option
#   (kakoune-lsp 18 and newer). For older kak-lsp, see kak-lsp.toml and
#   README.md.

# ── Filetype ────────────────────────────────────────────────────────────────

hook global BufCreate .*[.]critique[.]md %{
    set-option buffer filetype critique
}

# markdown.kak sets `markdown` for every *.md file; whichever hook runs last
# would win, so switch critique files back whenever that happens.
hook global BufSetOption filetype=markdown %{
    evaluate-commands %sh{
        case "$kak_buffile" in
            (*.critique.md) echo 'set-option buffer filetype critique' ;;
        esac
    }
}

# ── Highlighting ────────────────────────────────────────────────────────────

provide-module critique %{
    require-module markdown

    add-highlighter shared/critique group
    add-highlighter shared/critique/markdown ref markdown
    # `A: 4`, `B: 2`, `Score: 3`, `A: n/a`
    add-highlighter shared/critique/score regex %{^\h{0,3}(Score|[A-Z])\h*(:)\h*(n/a|N/A|[+-]?[0-9]+(?:\.[0-9]+)?)(?!\S)} 1:attribute 3:value
    # `A > B`, `A >> B`, `A >>> B`, `A = B`
    add-highlighter shared/critique/preference regex %{^\h{0,3}([A-Z])\h*(>{1,3}|=)\h*([A-Z])\h*$} 1:attribute 2:operator 3:attribute
    # `#tag-id`, `#accuracy/hallucination`
    add-highlighter shared/critique/tag regex %{(?<![\w/#&])#[A-Za-z][\w-]*(?:/[\w-]+)*} 0:meta
}

hook global WinSetOption filetype=critique %{
    require-module critique
    add-highlighter window/critique ref critique
    hook -once -always window WinSetOption filetype=.* %{
        remove-highlighter window/critique
    }
}

# ── Language server (kakoune-lsp 18+: the lsp_servers option) ──────────────
# kakoune-lsp's own defaults never overwrite a non-empty lsp_servers, so these
# win. `try` keeps this file loadable without kakoune-lsp. Users of an older
# kak-lsp with a kak-lsp.toml should run `remove-hooks global critique-lsp`
# after sourcing this file (see README.md).

define-command -hidden critique-lsp-servers %{
    try %{
        set-option buffer lsp_servers %{
            [critique]
            root_globs = ["critique.json", ".git", ".hg"]
            command = "critique"
            args = ["lsp"]
        }
    }
}

hook -group critique-lsp global BufSetOption filetype=critique %{
    critique-lsp-servers
}

# Rubric files stay `json`; only those named *.rubric.json get critique. To
# keep vscode-json-language-server there as well, append its section (from
# kakoune-lsp's servers.kak) inside critique-lsp-servers.
hook -group critique-lsp global BufSetOption filetype=json %{
    evaluate-commands %sh{
        case "$kak_buffile" in
            (*.rubric.json) echo critique-lsp-servers ;;
        esac
    }
}
