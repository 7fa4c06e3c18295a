" End-to-end check of `critique lsp` driven by real Vim 9 with Debian's vim-ale and the
" shipped EditorConfigs/vim/critique-ale.vim.
"
" Run: CRITIQUE_WS=/path/to/workspace CRITIQUE_CONFIG=/path/to/critique-ale.vim \
"   CRITIQUE_OUT=/path/to/out.txt vim -N -u NONE -i NONE --not-a-term -c "source vim_ale_e2e.vim"
" with `critique` on PATH and CRITIQUE_WS made by `critique init`. Writes one PASS:/FAIL: line
" per step to CRITIQUE_OUT, then `all passed` or `failed`.

set nocompatible noswapfile nomore hidden shortmess=aoOstTWAIcF cmdheight=20
filetype plugin on
syntax on
let s:failed = 0
function! s:Check(ok, step, detail) abort
  call writefile([(a:ok ? 'PASS: ' : 'FAIL: ') . a:step . ' (' . a:detail . ')'], $CRITIQUE_OUT, 'a')
  if !a:ok | let s:failed += 1 | endif
endfunction

execute 'source ' . fnameescape($CRITIQUE_CONFIG)
runtime! plugin/ale.vim
let s:opened = reltime()
execute 'edit ' . fnameescape($CRITIQUE_WS . '/critiques/T-0042.critique.md')

" 1. Diagnostics by rule id.
for i in range(200)
  sleep 100m
  if len(ale#engine#GetLoclist(bufnr(''))) > 0 | break | endif
endfor
let s:codes = map(copy(ale#engine#GetLoclist(bufnr(''))), 'get(v:val, "code", "")')
call s:Check(&filetype ==# 'markdown.critique', 'filetype', &filetype)
call s:Check(index(s:codes, 'tag-unknown') >= 0 && len(s:codes) == 6, 'diagnostics', printf('%.0f ms after opening the file; ', reltimefloat(reltime(s:opened)) * 1000) . join(s:codes, ','))

" 2. Completion after `#hall`, through ALE's own request and its own parsing and filtering.
"    (ALE drops answers that arrive outside Insert mode, which a script cannot stay in, so
"    the answer is taken from the connection and passed through the same two functions
"    ALE's handler calls: ParseLSPCompletions, then Filter with the typed prefix.)
call append(12, 'One more remark #hall')
call cursor(13, len(getline(13)))
let s:response = v:null
function! s:Capture(conn_id, response) abort
  if get(a:response, 'id') == get(get(b:, 'ale_completion_info', {}), 'request_id', -1)
    let s:response = a:response
  endif
endfunction
let s:words = []
if ale#completion#GetCompletions('ale-omnifunc')
  call ale#lsp#RegisterCallback(b:ale_completion_info.conn_id, function('s:Capture'))
  for i in range(100)
    if s:response isnot v:null | break | endif
    sleep 100m
  endfor
  if s:response isnot v:null
    let s:parsed = ale#completion#ParseLSPCompletions(s:response)
    let s:prefix = b:ale_completion_info.prefix
    let s:words = map(ale#completion#Filter(bufnr(''), &filetype, s:parsed, s:prefix, 0), 'v:val.word')
  endif
endif
call s:Check(index(s:words, 'hallucination') >= 0, 'completion after #hall', join(s:words, ','))
if index(s:words, 'hallucination') >= 0
  " Insert the word over the keyword before the cursor, as Vim's completion does.
  call setline(13, substitute(getline(13), '\k*$', 'hallucination', ''))
endif
call s:Check(getline(13) ==# 'One more remark #hallucination', 'one # after completing', getline(13))

" 3. A quick fix through ALE's code actions: the menu callback ALE offers to other plugins
"    receives the server's actions; the chosen one is applied by ALE's own function.
let s:fix_items = v:null
function! s:Menu(data, items) abort
  let s:fix_data = a:data
  let s:fix_items = a:items
endfunction
call cursor(12, 60)
call ale#codefix#Execute(0, function('s:Menu'))
for i in range(100)
  if s:fix_items isnot v:null | break | endif
  sleep 100m
endfor
let s:fix = s:fix_items is v:null ? [] : filter(copy(s:fix_items), 'get(v:val[1], "title", "") =~# "missed-constraint"')
if !empty(s:fix)
  call ale#codefix#ApplyLSPCodeAction(s:fix_data, s:fix[0][1])
endif
call s:Check(getline(12) =~# '#missed-constraint\.$', 'quick fix applied', getline(12))

" 4. Go to definition of `#hallucination' (line 19 of the sample) with ALE's command.
call cursor(20, 7)
call s:Check(getline('.') =~# '#hallucination', 'cursor on the tag', getline('.'))
ALEGoToDefinition
for i in range(100)
  if expand('%:t') ==# 'chat-pairwise.rubric.json' | break | endif
  sleep 100m
endfor
call s:Check(expand('%:t') ==# 'chat-pairwise.rubric.json' && getline('.') =~# 'hallucination', 'go to definition lands in the rubric', expand('%:t') . ':' . line('.') . ': ' . getline('.'))

call writefile([s:failed == 0 ? 'all passed' : 'failed'], $CRITIQUE_OUT, 'a')
qa!
