" critique language server for Vim 8.2+/9 through vim-lsp
" (https://github.com/prabirshrestha/vim-lsp).
"
" Install: copy to ~/.vim/plugin/critique.vim (Windows: ~/vimfiles/plugin/).
" vim-lsp must be installed too.
"
" *.critique.md files get the compound filetype "markdown.critique": Vim loads
" the Markdown syntax and ftplugin for them, so highlighting is unchanged, and
" vim-lsp can attach the server to exactly these buffers. *.rubric.json files
" get "jsonc.critique": rubrics are JSON5 (comments, unquoted keys), which the
" "json" syntax paints as errors; "jsonc" (Vim 9) accepts comments.

if exists('g:loaded_critique_lsp')
  finish
endif
let g:loaded_critique_lsp = 1

" Name or full path of the binary; set it in your vimrc to override.
let g:critique_executable = get(g:, 'critique_executable', 'critique')

augroup critique_filetype
  autocmd!
  " `set filetype=` (not `setfiletype`) so this wins over the *.md / *.json rules.
  autocmd BufRead,BufNewFile *.critique.md set filetype=markdown.critique
  autocmd BufRead,BufNewFile *.rubric.json set filetype=jsonc.critique
augroup END

" Workspace root: nearest folder with critique.json, else the git repository,
" else the file's folder.
function! s:root_uri(...) abort
  let l:path = lsp#utils#get_buffer_path()
  let l:dir = lsp#utils#find_nearest_parent_file_directory(l:path, 'critique.json')
  if empty(l:dir)
    let l:dir = lsp#utils#find_nearest_parent_file_directory(l:path, '.git/')
  endif
  if empty(l:dir)
    let l:dir = fnamemodify(l:path, ':p:h')
  endif
  return lsp#utils#path_to_uri(l:dir)
endfunction

function! s:register() abort
  if !executable(g:critique_executable)
    echomsg 'critique: "' . g:critique_executable . '" not found; set g:critique_executable'
    return
  endif
  call lsp#register_server({
        \ 'name': 'critique',
        \ 'cmd': {server_info -> [g:critique_executable, 'lsp']},
        \ 'root_uri': function('s:root_uri'),
        \ 'allowlist': ['markdown.critique', 'jsonc.critique'],
        \ 'languageId': {server_info -> &filetype =~# '^json' ? 'json' : 'markdown'},
        \ })
endfunction

function! s:on_buffer_enabled() abort
  if &filetype =~# '\<critique\>'
    " <C-x><C-o> completion from the server (tags after #, scores, criteria).
    setlocal omnifunc=lsp#complete
  endif
endfunction

augroup critique_lsp
  autocmd!
  autocmd User lsp_setup call s:register()
  autocmd User lsp_buffer_enabled call s:on_buffer_enabled()
augroup END
