-- critique language server for Neovim 0.7 to 0.10 (no vim.lsp.config there).
--
-- Install: copy this file to ~/.config/nvim/plugin/critique.lua
-- (or anywhere on 'runtimepath' under plugin/, or `dofile()` it from init.lua).
-- For Neovim 0.11 and newer prefer critique.lua.
--
-- *.critique.md files keep filetype "markdown"; *.rubric.json files get "jsonc"
-- (rubrics are JSON5: comments and unquoted keys, which the "json" syntax paints
-- as errors). The autocmd below attaches the server by
-- file-name pattern. One server runs per workspace root: the nearest folder with
-- critique.json, else the repository (.git), else the file's own folder.

local cmd = { 'critique', 'lsp' } -- use an absolute path if critique is not on $PATH

-- (An autocmd rather than vim.filetype.add, which 0.7 ignores unless filetype.lua is on.)
vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  group = vim.api.nvim_create_augroup('critique_rubric_filetype', { clear = true }),
  pattern = '*.rubric.json',
  command = 'set filetype=jsonc',
})

local function find_root(path)
  local uv = vim.loop
  local function exists(p)
    return uv.fs_stat(p) ~= nil
  end
  local function walk_up(dir, marker)
    while dir and dir ~= '' do
      if exists(dir .. '/' .. marker) then
        return dir
      end
      local parent = vim.fn.fnamemodify(dir, ':h')
      if parent == dir then
        return nil
      end
      dir = parent
    end
  end
  local dir = vim.fn.fnamemodify(path, ':p:h')
  return walk_up(dir, 'critique.json') or walk_up(dir, '.git') or dir
end

local clients = {} -- root_dir -> client id (only used when vim.lsp.start is missing)

local function attach(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' or vim.bo[bufnr].buftype ~= '' then
    return
  end
  local root = find_root(name)
  local config = { name = 'critique', cmd = cmd, root_dir = root }

  -- Completion with <C-x><C-o> (the Markdown ftplugin sets an HTML omnifunc).
  vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'

  if vim.lsp.start then -- Neovim 0.8+: reuses a client with the same name and root_dir
    vim.lsp.start(config, { bufnr = bufnr })
    return
  end

  -- Neovim 0.7: start one client per root ourselves and attach the buffer.
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(config)
    if not id then
      vim.notify('critique: could not start ' .. table.concat(cmd, ' '), vim.log.levels.ERROR)
      return
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

local group = vim.api.nvim_create_augroup('critique_lsp', { clear = true })
vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
  group = group,
  pattern = { '*.critique.md', '*.rubric.json' },
  callback = function(args)
    attach(args.buf)
  end,
  desc = 'Attach the critique language server',
})
