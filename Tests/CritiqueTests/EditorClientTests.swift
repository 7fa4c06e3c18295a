import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The shipped EditorConfigs in real clients. A writer typing at normal speed in Neovim 0.11 with the shipped EditorConfigs/neovim
/// config, autocompletion on: the buffer must hold exactly what was typed. With Neovim's
/// default 'completeopt' the first suggestion was inserted as you typed (`A: 4.5` became
/// `A4.5` or `A: 54.5`, `#out` became `#hallucinationout`).
@Suite("Editors: the shipped configs in real clients", .serialized)
struct EditorClientTests {
    @Test("Neovim 0.11 with the shipped config keeps exactly what was typed",
          .enabled(if: EditorHarness.shouldRun(.neovimLatest), EditorHarness.skipComment(.neovimLatest)),
          .timeLimit(.minutes(3)))
    func typingAtSpeed() throws {
        guard let nvim = EditorHarness.Editor.neovimLatest.path else {
            Issue.record(Comment(rawValue: EditorHarness.Editor.neovimLatest.notInstalled)); return
        }
        // `critique` on PATH, as the shipped config expects.
        let box = try Self.sandbox("critique-typing")
        defer { box.remove() }
        let tmp = box.dir
        let config = EditorHarness.packageRoot.appendingPathComponent("EditorConfigs/neovim/critique.lua").path
        try Support.write(tmp + "/setup.lua", "dofile('\(config)')\nvim.cmd('edit \(tmp)/ws/critiques/T-0042.critique.md')\n")
        let socket = tmp + "/nvim.sock"
        var env = box.environment
        env["XDG_STATE_HOME"] = tmp + "/state"
        env["XDG_DATA_HOME"] = tmp + "/data"
        let editor = Process()
        editor.executableURL = URL(fileURLWithPath: nvim)
        editor.arguments = ["--headless", "--clean", "-u", "NONE", "--listen", socket, "-c", "luafile \(tmp)/setup.lua"]
        editor.environment = env
        editor.standardOutput = FileHandle.nullDevice
        editor.standardError = FileHandle.nullDevice
        try editor.run()
        defer { kill(editor.processIdentifier, SIGKILL); editor.waitUntilExit() }

        func remote(_ args: [String]) -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: nvim)
            p.arguments = ["--server", socket] + args
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            guard (try? p.run()) != nil else { return "" }
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        func waitFor(_ expr: String, timeout: Double = 20, _ ok: (String) -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if FileManager.default.fileExists(atPath: socket), ok(remote(["--remote-expr", expr])) { return true }
                usleep(100_000)
            }
            return false
        }
        #expect(waitFor("luaeval('#vim.lsp.get_clients({bufnr=0, name=\"critique\"})')") { $0 == "1" }, "the server attached")
        #expect(waitFor("luaeval('#vim.diagnostic.get(0)')") { (Int($0) ?? 0) > 0 }, "diagnostics arrived")
        #expect(remote(["--remote-expr", "&completeopt"]).contains("noselect"))

        // Type three lines, a key every 80 ms, with completion popping up on `:`, `#` and space.
        func type(_ s: String) { for ch in s { _ = remote(["--remote-send", ch == " " ? "<Space>" : String(ch)]); usleep(80_000) } }
        _ = remote(["--remote-send", "Go"])
        type("A: 4.5")
        _ = remote(["--remote-send", "<CR>"])
        type("Text #out")
        _ = remote(["--remote-send", "<CR>"])
        type("## S")
        _ = remote(["--remote-send", "<Esc>"])
        usleep(300_000)
        let lines = remote(["--remote-expr", "join(getline(line('.') - 2, '.'), '|')"])
        #expect(lines == "A: 4.5|Text #out|## S", "the buffer holds: \(lines)")
        _ = remote(["--remote-send", ":qa!<CR>"])
    }
}

extension EditorClientTests {
    /// `*.rubric.json` is JSON5 (comments, unquoted keys): shown as "json" it is painted red.
    @Test("The shipped configs open *.rubric.json as JSONC", arguments: ["nvim-0.11", "nvim-0.7", "vim"])
    func rubricFiletype(_ which: String) throws {
        let editor: String?
        switch which {
        case "nvim-0.11": editor = EditorHarness.Editor.neovimLatest.path
        case "nvim-0.7": editor = EditorHarness.which("nvim")
        default: editor = EditorHarness.which("vim")
        }
        guard let editor else {
            if EditorHarness.isCI { Issue.record("\(which) is not installed") }
            return
        }
        let tmp = try Support.tempDir("critique-ft")
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        try Support.write(tmp + "/r.rubric.json", "// a JSON5 rubric\n{ id: \"r\", criteria: [] }\n")
        let configs = EditorHarness.packageRoot.appendingPathComponent("EditorConfigs").path
        let out = tmp + "/ft.txt"
        let args: [String]
        switch which {
        case "nvim-0.11":
            args = ["--headless", "--clean", "-u", "NONE", "-c", "luafile \(configs)/neovim/critique.lua", "-c", "edit \(tmp)/r.rubric.json",
                    "-c", "call writefile([&filetype], '\(out)')", "-c", "qa!"]
        case "nvim-0.7":
            args = ["--headless", "--clean", "-u", "NONE", "-c", "luafile \(configs)/neovim/critique-0.7.lua", "-c", "edit \(tmp)/r.rubric.json",
                    "-c", "call writefile([&filetype], '\(out)')", "-c", "qa!"]
        default:
            args = ["-Nu", "NONE", "-es", "-c", "source \(configs)/vim/critique.vim", "-c", "edit \(tmp)/r.rubric.json",
                    "-c", "call writefile([&filetype], '\(out)')", "-c", "qa!"]
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: editor)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = tmp
        env["PATH"] = "/nonexistent"  // no server needed: only the filetype is checked
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(30)
        while p.isRunning && Date() < deadline { usleep(50_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        let ft = (try? String(contentsOfFile: out, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "<none>"
        #expect(ft == "jsonc" || ft == "jsonc.critique", "\(which): filetype \(ft)")
    }
}

extension EditorClientTests {
    static var aleInstalled: Bool {
        EditorHarness.which("vim") != nil && FileManager.default.fileExists(atPath: "/usr/share/vim/vimfiles/pack/dist-bundle/opt/ale")
    }

    /// Vim 9 with Debian's vim-ale and the shipped critique-ale.vim: diagnostics by rule id,
    /// and tag completion that leaves one `#` (ALE inserts newText over the word before the
    /// cursor and filters by the typed prefix; `#hall` once gave "Pattern not found").
    @Test("Vim + ALE drives the language server",
          .enabled(if: EditorHarness.isCI || aleInstalled, "SKIPPED: vim or vim-ale not installed (apt-get install -y vim vim-ale)"),
          .timeLimit(.minutes(3)))
    func vimALE() throws {
        guard let vim = EditorHarness.which("vim"), Self.aleInstalled else {
            Issue.record("vim or vim-ale not installed (apt-get install -y vim vim-ale)"); return
        }
        let box = try Self.sandbox("critique-ale")
        defer { box.remove() }
        var env = box.environment
        env["CRITIQUE_WS"] = box.workspace
        env["CRITIQUE_CONFIG"] = EditorHarness.packageRoot.appendingPathComponent("EditorConfigs/vim/critique-ale.vim").path
        env["CRITIQUE_OUT"] = box.dir + "/out.txt"
        _ = try Self.runClient(vim, ["-N", "-u", "NONE", "-i", "NONE", "--not-a-term", "-c",
                                     "source " + EditorHarness.scriptsDir.appendingPathComponent("vim_ale_e2e.vim").path],
                               environment: env, timeout: 90)
        let out = (try? String(contentsOfFile: box.dir + "/out.txt", encoding: .utf8)) ?? "<no output>"
        #expect(out.hasSuffix("all passed\n"), "\(out)")
    }
}

extension EditorClientTests {
    static var lspModeInstalled: Bool {
        EditorHarness.which("emacs") != nil
            && !((try? FileManager.default.contentsOfDirectory(atPath: "/usr/share/emacs/site-lisp/elpa")) ?? []).filter { $0.hasPrefix("lsp-mode-") }.isEmpty
    }

    /// Emacs with Debian's lsp-mode and the shipped critique-lsp-mode.el: no root prompt (the
    /// critique.json folder is the workspace folder), diagnostics by rule id, `C-M-i` is
    /// completion-at-point, `#` completion, and one server for the critique and its rubric.
    @Test("Emacs + lsp-mode drives the language server",
          .enabled(if: EditorHarness.isCI || lspModeInstalled, "SKIPPED: emacs or elpa-lsp-mode not installed"),
          .timeLimit(.minutes(3)))
    func emacsLspMode() throws {
        guard let emacs = EditorHarness.which("emacs"), Self.lspModeInstalled else {
            Issue.record("emacs or lsp-mode not installed (apt-get install -y emacs-nox elpa-lsp-mode)"); return
        }
        let box = try Self.sandbox("critique-lspmode")
        defer { box.remove() }
        var env = box.environment
        env["CRITIQUE_WS"] = box.workspace
        env["CRITIQUE_CONFIGS"] = EditorHarness.packageRoot.appendingPathComponent("EditorConfigs/emacs").path
        let (status, text) = try Self.runClient(emacs, ["--batch", "-Q", "-l", EditorHarness.scriptsDir.appendingPathComponent("emacs_lspmode_e2e.el").path],
                                                environment: env, timeout: 90)
        #expect(status == 0 && text.contains("all passed"), "\(text)")
    }
}

extension EditorClientTests {
    /// The `jupyter` of a venv with jupyterlab, jupyterlab-lsp and jupyter-lsp (.ci/run sets it).
    static var jupyter: String? {
        guard let j = ProcessInfo.processInfo.environment["CRITIQUE_JUPYTER"], FileManager.default.isExecutableFile(atPath: j) else { return nil }
        return j
    }
    static var browserInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
    }

    /// JupyterLab with jupyterlab-lsp and the shipped EditorConfigs/jupyterlab, in headless
    /// Chromium (Tests/Scripts/jupyterlab_e2e.py): the diagnostics drawn in the editor, tag
    /// completion after `#` leaving one `#`, no console error. Screenshots and the console go
    /// to .build/test-output/jupyterlab.
    @Test("JupyterLab + jupyterlab-lsp in headless Chromium drives the language server",
          .enabled(if: EditorHarness.isCI || (jupyter != nil && browserInstalled), "SKIPPED: set CRITIQUE_JUPYTER (pip install jupyterlab jupyterlab-lsp) and install chromium, chromium-driver, python3-selenium"),
          .timeLimit(.minutes(5)))
    func jupyterLab() throws {
        guard let jupyter = Self.jupyter, Self.browserInstalled else {
            Issue.record("JupyterLab or Chromium missing: .ci/run installs jupyterlab, jupyterlab-lsp, jupyter-lsp (PyPI) and chromium, chromium-driver, python3-selenium (Debian)"); return
        }
        let box = try Self.sandbox("critique-jlab")
        defer { box.remove() }
        let outDir = EditorHarness.packageRoot.appendingPathComponent(".build/test-output/jupyterlab").path
        let (status, text) = try Self.runClient("/usr/bin/python3", [EditorHarness.packageRoot.appendingPathComponent("Tests/Scripts/jupyterlab_e2e.py").path, jupyter,
                                                                     box.workspace, EditorHarness.packageRoot.appendingPathComponent("EditorConfigs/jupyterlab").path, outDir],
                                                environment: box.environment, timeout: 240)
        #expect(status == 0 && text.contains("all passed"), "\(text)")
        print(text)
    }
}

/// What the client tests share: a sandbox with a `critique init` workspace and `critique` on
/// PATH, and a way to run a client headless with a deadline and collect its output.
extension EditorClientTests {
    struct Sandbox {
        let dir: String
        var workspace: String { dir + "/ws" }
        /// The environment with `critique` first on PATH and HOME inside the sandbox.
        var environment: [String: String] {
            var env = ProcessInfo.processInfo.environment
            env["PATH"] = dir + "/bin:" + (env["PATH"] ?? "/usr/bin:/bin")
            env["HOME"] = dir
            return env
        }
        func remove() { try? FileManager.default.removeItem(atPath: dir) }
    }

    static func sandbox(_ name: String) throws -> Sandbox {
        let dir = try Support.tempDir(name)
        #expect(try Support.run(["init", dir + "/ws"]).status == 0)
        try FileManager.default.createDirectory(atPath: dir + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/bin/critique", withDestinationPath: EditorHarness.serverBinary)
        return Sandbox(dir: dir)
    }

    /// Runs a client with stdin from /dev/null, killing it after `timeout` seconds; returns its
    /// exit status and what it wrote to stdout and stderr.
    static func runClient(_ executable: String, _ args: [String], environment: [String: String], timeout: Double) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        p.environment = environment
        let out = Pipe()
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = out
        p.standardError = out
        try p.run()
        final class Box: @unchecked Sendable { var data = Data() }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        Thread { box.data = out.fileHandleForReading.readDataToEndOfFile(); done.signal() }.start()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(100_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        _ = done.wait(timeout: .now() + 5)
        return (p.terminationStatus, String(decoding: box.data, as: UTF8.self))
    }
}
