-- critique language server for Neovim 0.11 and newer.
--
-- Install: copy this file to ~/.config/nvim/plugin/critique.lua
-- (or anywhere on 'runtimepath' under plugin/, or `dofile()` it from init.lua).
-- For Neovim 0.7 to 0.10 use critique-0.7.lua instead.
--
-- *.critique.md files keep filetype "markdown" (Neovim detects *.md), so Markdown
-- highlighting and your Markdown plugins keep working. *.rubric.json files get
-- filetype "jsonc": rubrics are JSON5 (comments, unquoted keys), which the "json"
-- syntax paints as errors. The server is attached by file name, not by filetype:
-- the root_dir function below declines every other Markdown/JSON buffer.

if vim.fn.has('nvim-0.11') == 0 then
  vim.notify('critique.lua needs Neovim 0.11+; use critique-0.7.lua instead', vim.log.levels.WARN)
  return
end

vim.filetype.add({ pattern = { ['.*%.rubric%.json'] = 'jsonc' } })

local function is_critique_file(name)
  return name:match('%.critique%.md$') ~= nil or name:match('%.rubric%.json$') ~= nil
end

vim.lsp.config('critique', {
  -- Change 'critique' to an absolute path if the binary is not on $PATH.
  cmd = { 'critique', 'lsp' },
  -- Filetypes Neovim gives critique documents and rubric files (JSON5 rubrics may be
  -- opened as jsonc/json5). Other buffers of these types are filtered out below.
  filetypes = { 'markdown', 'json', 'jsonc', 'json5' },
  -- Called for each buffer of the filetypes above; the server starts only when
  -- on_dir() is called. Root: nearest folder with critique.json, else the
  -- repository (.git), else the file's own folder.
  root_dir = function(bufnr, on_dir)
    local name = vim.api.nvim_buf_get_name(bufnr)
    if not is_critique_file(name) then
      return
    end
    on_dir(vim.fs.root(bufnr, { 'critique.json' })
      or vim.fs.root(bufnr, { '.git' })
      or vim.fs.dirname(name))
  end,
  -- Optional: sent as workspace/didChangeConfiguration. No settings are required.
  -- settings = { critique = {} },
})

vim.lsp.enable('critique')

-- Pop up completion as you type (`#` for tags, `:` and space for scores and
-- criteria), using Neovim's built-in LSP completion. Set
-- `vim.g.critique_autocomplete = false` before this file runs if you use a
-- completion plugin (nvim-cmp, blink.cmp, ...) instead. Without it, completion
-- is still available with <C-x><C-o>.
if vim.g.critique_autocomplete ~= false then
  vim.api.nvim_create_autocmd('LspAttach', {
    group = vim.api.nvim_create_augroup('critique_lsp_completion', { clear = true }),
    callback = function(args)
      local client = vim.lsp.get_client_by_id(args.data.client_id)
      if client and client.name == 'critique' then
        -- Never insert or pre-select a suggestion while typing: with Neovim's default
        -- 'completeopt' the first item is inserted as you type, so `A: 4.5` became `A: 54.5`
        -- and `#out` became `#hallucinationout`. Pick an item with <C-n>/<C-p> and <C-y>.
        vim.api.nvim_buf_call(args.buf, function()
          vim.opt_local.completeopt = { 'menuone', 'noselect', 'noinsert', 'popup' }
        end)
        vim.lsp.completion.enable(true, client.id, args.buf, { autotrigger = true })
      end
    end,
  })
end
