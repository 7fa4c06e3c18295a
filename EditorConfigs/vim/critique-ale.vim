" critique language server for Vim 8.2+/9 through ALE (https://github.com/dense-analysis/ale),
" the LSP client many Vim users already have (Debian: apt-get install vim-ale).
"
" Install: copy to ~/.vim/plugin/critique-ale.vim. Use this file or critique.vim (vim-lsp),
" not both.
"
" *.critique.md files get the compound filetype "markdown.critique" (Markdown syntax and
" ftplugin as usual) and *.rubric.json files "jsonc.critique" (rubrics are JSON5, so JSONC
" rather than JSON highlighting). ALE runs the linters of each part of a compound filetype,
" so the server is registered for the "critique" part only.
"
" Completion: ALE's own (as you type, set below) or <C-x><C-o>. Go to a definition with
" :ALEGoToDefinition, apply a quick fix with :ALECodeAction.

if exists('g:loaded_critique_ale')
  finish
endif
let g:loaded_critique_ale = 1

" Name or full path of the binary; set it in your vimrc to override.
let g:critique_executable = get(g:, 'critique_executable', 'critique')

" ALE reads this when it loads: completion as you type, without inserting a suggestion
" until one is chosen.
let g:ale_completion_enabled = get(g:, 'ale_completion_enabled', 1)
set completeopt=menu,menuone,noselect,noinsert

" Debian's vim-ale is an optional package; elsewhere ALE is usually on 'runtimepath' already.
if !exists('g:loaded_ale_dont_use_this_in_other_plugins_please')
  silent! packadd! ale
endif

augroup critique_ale_filetype
  autocmd!
  autocmd BufRead,BufNewFile *.critique.md set filetype=markdown.critique
  autocmd BufRead,BufNewFile *.rubric.json set filetype=jsonc.critique
augroup END

" Workspace root: nearest folder with critique.json, else the git repository, else the
" file's folder.
function! CritiqueAleRoot(buffer) abort
  let l:path = expand('#' . a:buffer . ':p')
  let l:config = findfile('critique.json', fnamemodify(l:path, ':h') . ';')
  if !empty(l:config)
    return fnamemodify(l:config, ':p:h')
  endif
  let l:git = finddir('.git', fnamemodify(l:path, ':h') . ';')
  return empty(l:git) ? fnamemodify(l:path, ':h') : fnamemodify(l:git, ':p:h:h')
endfunction

function! s:define() abort
  call ale#linter#Define('critique', {
        \ 'name': 'critique',
        \ 'lsp': 'stdio',
        \ 'executable': {buffer -> g:critique_executable},
        \ 'command': '%e lsp',
        \ 'project_root': function('CritiqueAleRoot'),
        \ 'language': {buffer -> getbufvar(buffer, '&filetype') =~# '^json' ? 'json' : 'markdown'},
        \ })
endfunction

try
  call s:define()
catch /E117/
  echomsg 'critique: ALE is not installed (Debian: apt-get install vim-ale)'
endtry
