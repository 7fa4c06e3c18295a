-- End-to-end check of `critique lsp` driven by a real, headless Neovim (0.7 or newer).
--
-- Run (works on Neovim 0.7.2, which has no `nvim -l`):
--
--   CRITIQUE_BIN=/path/to/critique CRITIQUE_WS=/path/to/workspace \
--     nvim --headless --clean -u NONE -c "luafile Tests/CritiqueTests/Fixtures/editors/nvim_e2e.lua"
--
-- CRITIQUE_WS is a fresh workspace made by `critique init`; its sample critique
-- critiques/T-0042.critique.md carries deliberate findings, among them the
-- unknown tag `#missed-contraint` on line 12 (quick fix: "Change to #missed-constraint").
--
-- Steps: open the critique, start the client the way EditorConfigs/neovim/critique-0.7.lua
-- does (vim.lsp.start_client + buf_attach_client), wait for diagnostics, ask for
-- completion after a typed `#`, apply the tag-unknown quick fix, wait for fresh
-- diagnostics, stop the client and check the server's exit code.
--
-- Prints one `PASS:`/`FAIL:` line per step to stdout. Exits 0 (`qall!`) when every
-- step passed, nonzero (`cquit`) otherwise. Self-contained: no plugins, no config.

local TIMEOUT_MS = tonumber(os.getenv('CRITIQUE_E2E_TIMEOUT_MS') or '') or 15000

local failures = 0

local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local function pass(step, detail)
  out('PASS: ' .. step .. (detail and (' (' .. detail .. ')') or ''))
end

local function fail(step, detail)
  failures = failures + 1
  out('FAIL: ' .. step .. (detail and (': ' .. detail) or ''))
end

local function finish()
  if failures == 0 then
    out('nvim e2e: all steps passed')
    vim.cmd('qall!')
  else
    out(('nvim e2e: %d step(s) failed'):format(failures))
    vim.cmd('cquit 1')
  end
end

-- Stops the run after a failed step that later steps depend on.
local Abort = {}
local function check(ok, step, detail_ok, detail_fail)
  if ok then
    pass(step, detail_ok)
  else
    fail(step, detail_fail)
    error(Abort)
  end
end

local function inspect(v)
  return (vim.inspect(v):gsub('%s+', ' '))
end

local state = {
  publishes = 0, -- textDocument/publishDiagnostics for our file received so far
  lsp_diagnostics = nil, -- the raw LSP diagnostics of the last publish
  exit_code = nil,
  exit_signal = nil,
  stderr = {},
}

local function codes(diags)
  local list = {}
  for _, d in ipairs(diags or {}) do
    list[#list + 1] = tostring(d.code)
  end
  table.sort(list)
  return list
end

-- `code` of a vim.diagnostic entry: top-level `code` (0.7+), else user_data.lsp.code.
local function vim_diag_code(d)
  if d.code ~= nil then
    return d.code
  end
  return d.user_data and d.user_data.lsp and d.user_data.lsp.code
end

local function find_code(diags, code)
  for _, d in ipairs(diags or {}) do
    if d.code == code then
      return d
    end
  end
end

local function run()
  local bin = os.getenv('CRITIQUE_BIN')
  local ws = os.getenv('CRITIQUE_WS')
  check(bin and bin ~= '' and vim.fn.executable(bin) == 1, 'environment: CRITIQUE_BIN is an executable', bin,
    'CRITIQUE_BIN=' .. tostring(bin))
  local file = ws and (ws .. '/critiques/T-0042.critique.md')
  check(file and vim.fn.filereadable(file) == 1, 'environment: CRITIQUE_WS holds the sample critique', file,
    'CRITIQUE_WS=' .. tostring(ws))
  out('neovim ' .. tostring(vim.version and (function()
    local v = vim.version()
    return v.major .. '.' .. v.minor .. '.' .. v.patch
  end)() or '?'))

  -- 1. Open the critique (the clock for "open to diagnostics" starts here).
  local opened_at = vim.loop.hrtime()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  check(vim.api.nvim_buf_line_count(bufnr) > 12, 'open critique', file, 'buffer has too few lines')

  -- 2. Start the client for this buffer.
  local on_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  local client_id = vim.lsp.start_client({
    name = 'critique',
    cmd = { bin, 'lsp' },
    root_dir = ws,
    flags = { debounce_text_changes = 0 },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        if result and result.uri == uri then
          state.publishes = state.publishes + 1
          state.lsp_diagnostics = result.diagnostics
        end
        return on_publish(err, result, ctx, config)
      end,
    },
    on_exit = function(code, signal)
      state.exit_code = code
      state.exit_signal = signal
    end,
  })
  check(client_id ~= nil, 'start client', 'vim.lsp.start_client', 'vim.lsp.start_client returned nil')
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client
  vim.wait(TIMEOUT_MS, function()
    client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized == true
  end, 20)
  check(client and client.initialized, 'initialize', 'offset encoding ' .. tostring(client and client.offset_encoding),
    'server did not finish initialize within ' .. TIMEOUT_MS .. ' ms (exit code ' .. tostring(state.exit_code) .. ')')
  local encoding = client.offset_encoding or 'utf-16'

  -- 3. Diagnostics: tag-unknown on line 12 (0-based 11), as pushed by the server and
  -- as Neovim stores them (vim.diagnostic: `code`, or `user_data.lsp.code` in 0.7).
  local function has_tag_unknown_in_vim()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if vim_diag_code(d) == 'tag-unknown' and d.lnum == 11 then
        return true
      end
    end
    return false
  end
  vim.wait(TIMEOUT_MS, function()
    return state.publishes > 0 and has_tag_unknown_in_vim()
  end, 20)
  local tag_unknown = find_code(state.lsp_diagnostics, 'tag-unknown')
  check(tag_unknown ~= nil and tag_unknown.range.start.line == 11 and has_tag_unknown_in_vim(),
    'diagnostics: tag-unknown on line 12', ('%.0f ms after opening the file; codes: '):format((vim.loop.hrtime() - opened_at) / 1e6)
      .. table.concat(codes(state.lsp_diagnostics), ', '),
    'publishes=' .. state.publishes .. ', got ' .. inspect(state.lsp_diagnostics))
  for _, rule in ipairs({ 'tag-caps-score', 'quote-not-found', 'score-off-step', 'preference-inconsistent',
    'banned-phrase' }) do
    if find_code(state.lsp_diagnostics, rule) then
      pass('diagnostics: ' .. rule)
    else
      fail('diagnostics: ' .. rule, 'missing; codes: ' .. table.concat(codes(state.lsp_diagnostics), ', '))
    end
  end

  -- 4. Completion after a `#` typed on a new line below line 13.
  local line_count_before = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, 13, 13, true, { 'See #' })
  local completion = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', {
    textDocument = { uri = uri },
    position = { line = 13, character = 5 },
    context = { triggerKind = 2, triggerCharacter = '#' },
  }, TIMEOUT_MS)
  local labels = {}
  local response = completion and completion[client_id]
  local result = response and response.result
  local items = result and (result.items or result) or {}
  for _, item in ipairs(items) do
    local text = item.textEdit and item.textEdit.newText or item.insertText or item.label
    labels[item.label] = true
    labels[text] = true
  end
  local function listed(tag)
    return labels['#' .. tag] or labels[tag]
  end
  local label_list = {}
  for _, item in ipairs(items) do
    label_list[#label_list + 1] = item.label
  end
  local detail = 'labels: ' .. table.concat(label_list, ', ')
  for _, tag in ipairs({ 'missed-constraint', 'hallucination' }) do
    if listed(tag) then
      pass('completion after # lists #' .. tag, detail)
    else
      fail('completion after # lists #' .. tag,
        response and response.err and ('error ' .. inspect(response.err)) or detail)
    end
  end
  -- Take the typed line out again; the document is back to the sample.
  vim.api.nvim_buf_set_lines(bufnr, 13, 14, true, {})
  check(vim.api.nvim_buf_line_count(bufnr) == line_count_before, 'completion: typed line removed')

  -- Wait for the diagnostics of the restored text before asking for code actions.
  local seen = state.publishes
  vim.wait(TIMEOUT_MS, function()
    return state.publishes > seen and find_code(state.lsp_diagnostics, 'tag-unknown') ~= nil
  end, 20)
  tag_unknown = find_code(state.lsp_diagnostics, 'tag-unknown')
  check(tag_unknown ~= nil and tag_unknown.range.start.line == 11, 'diagnostics after removing the typed line',
    'tag-unknown still on line 12', 'got ' .. inspect(state.lsp_diagnostics))

  -- 5. Code actions at the tag-unknown diagnostic.
  local actions = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = tag_unknown.range,
    context = { diagnostics = { tag_unknown } },
  }, TIMEOUT_MS)
  local action_response = actions and actions[client_id]
  local fix
  local titles = {}
  for _, action in ipairs(action_response and action_response.result or {}) do
    titles[#titles + 1] = tostring(action.title) .. ' [' .. tostring(action.kind) .. ']'
    if not fix and action.edit and (action.kind == nil or action.kind:match('^quickfix')) and
        tostring(action.title):find('missed-constraint', 1, true) then
      fix = action
    end
  end
  check(fix ~= nil, 'code action: quick fix offered', fix and fix.title,
    'no quickfix with an edit for missed-constraint; actions: ' .. table.concat(titles, '; ') ..
    (action_response and action_response.err and (' error ' .. inspect(action_response.err)) or ''))

  -- 6. Apply its WorkspaceEdit (0.7: apply_workspace_edit(edit, encoding); older: (edit)).
  seen = state.publishes
  local ok, err = pcall(vim.lsp.util.apply_workspace_edit, fix.edit, encoding)
  if not ok then
    ok, err = pcall(vim.lsp.util.apply_workspace_edit, fix.edit)
  end
  local line12 = vim.api.nvim_buf_get_lines(bufnr, 11, 12, true)[1]
  check(ok and line12:find('#missed-constraint', 1, true) ~= nil and not line12:find('#missed-contraint', 1, true),
    'apply quick fix', 'line 12: ' .. line12, ok and ('line 12 is now: ' .. line12) or tostring(err))

  -- 7. The buffer change goes out as didChange; fresh diagnostics lose tag-unknown.
  vim.wait(TIMEOUT_MS, function()
    return state.publishes > seen and find_code(state.lsp_diagnostics, 'tag-unknown') == nil
  end, 20)
  check(state.publishes > seen and find_code(state.lsp_diagnostics, 'tag-unknown') == nil,
    'diagnostics after fix: tag-unknown gone', 'codes: ' .. table.concat(codes(state.lsp_diagnostics), ', '),
    'publishes since fix: ' .. (state.publishes - seen) .. ', codes: ' .. table.concat(codes(state.lsp_diagnostics), ', '))
  local still = false
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if vim_diag_code(d) == 'tag-unknown' then
      still = true
    end
  end
  check(not still, 'vim.diagnostic after fix: no tag-unknown')

  -- 8. Go to definition of the tag `#hallucination` (line 19): a location in the rubric file.
  local def = client.request_sync('textDocument/definition', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = 18, character = 7 },
  }, TIMEOUT_MS, bufnr)
  local loc = def and def.result
  if loc and loc[1] then loc = loc[1] end
  check(loc and loc.uri and loc.uri:match('rubrics/chat%-pairwise%.rubric%.json$') ~= nil and loc.range.start.line > 0,
    'go to definition of #hallucination lands in the rubric', loc and (loc.uri .. ':' .. (loc.range.start.line + 1)),
    'result: ' .. inspect(def))

  -- 9. Stop the client (shutdown + exit) and check the server's exit code.
  client.stop()
  vim.wait(TIMEOUT_MS, function()
    return state.exit_code ~= nil
  end, 20)
  check(state.exit_code == 0 and (state.exit_signal == nil or state.exit_signal == 0), 'server exit code 0',
    'code ' .. tostring(state.exit_code),
    'exit code ' .. tostring(state.exit_code) .. ', signal ' .. tostring(state.exit_signal))
end

local ok, err = xpcall(run, function(e)
  if e == Abort then
    return e
  end
  return debug.traceback(tostring(e), 2)
end)
if not ok and err ~= Abort then
  fail('script error', tostring(err))
end
-- Never leave a server behind, whatever happened.
pcall(vim.lsp.stop_client, vim.lsp.get_active_clients(), true)
finish()
