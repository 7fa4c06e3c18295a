; Highlighting for critique documents, written against Zed's built-in
; "markdown" (block) grammar. Inline Markdown comes from injections.scm.
[
  (atx_heading)
  (setext_heading)
] @title

[
  (list_marker_plus)
  (list_marker_minus)
  (list_marker_star)
  (list_marker_dot)
  (list_marker_parenthesis)
] @punctuation.list_marker

; `- [x]` / `- [ ]` checklist items.
[
  (task_list_marker_checked)
  (task_list_marker_unchecked)
] @punctuation.special

; `>` of evidence quotes.
(block_quote_marker) @punctuation.special

(thematic_break) @punctuation.special

(fenced_code_block
  (info_string
    (language) @text.literal))

(link_label) @link_text
(link_destination) @link_uri
