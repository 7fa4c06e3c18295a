;;; critique-lsp-mode.el --- critique language server through lsp-mode  -*- lexical-binding: t; -*-

;; Author: the critique project
;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (lsp-mode "8.0.0"))
;; Keywords: languages, tools

;;; Commentary:

;; Registers `critique lsp' with lsp-mode for RLHF critique documents
;; (*.critique.md) and rubric files (*.rubric.json).
;;
;; The client is chosen by file name, not by major mode: critique files keep
;; whatever mode you already use for them (`markdown-mode', `gfm-mode',
;; `js-json-mode', `json-mode', ...), so highlighting is unchanged. It is an
;; add-on client, so it runs next to marksman or a JSON server if you use those.
;;
;; Install: put this file on your `load-path' and add to your init file
;;
;;   (with-eval-after-load 'lsp-mode (require 'critique-lsp-mode))
;;   (require 'critique-lsp-mode)   ; or simply this, if lsp-mode is loaded eagerly
;;
;; lsp-mode then starts when you open a critique or rubric file.

;;; Code:

(require 'lsp-mode)

(defgroup critique-lsp nil
  "critique language server through lsp-mode."
  :group 'lsp-mode
  :prefix "critique-lsp-")

(defcustom critique-lsp-executable "critique"
  "Name or absolute path of the critique binary.
lsp-mode runs it as `critique lsp'."
  :type 'string
  :group 'critique-lsp)

(defcustom critique-lsp-auto-start t
  "When non-nil, run `lsp-deferred' when a critique or rubric file is visited."
  :type 'boolean
  :group 'critique-lsp)

(defcustom critique-lsp-config-root t
  "When non-nil, the folder holding critique.json is the lsp-mode workspace folder.
It is added to the session before lsp-mode starts, so lsp-mode neither asks for
a project root nor picks the file's own folder (`critiques/'): the critiques and
the rubrics they use then share one server, and rubric edits reach the critiques."
  :type 'boolean
  :group 'critique-lsp)

(defcustom critique-lsp-completion-key (kbd "C-M-i")
  "Key bound to `completion-at-point' in critique buffers, or nil for none.
Markdown modes bind C-M-i to spell checking; in critique files it completes
tags, criteria, scores and preferences from the server instead."
  :type '(choice (const :tag "None" nil) key-sequence)
  :group 'critique-lsp)

(defconst critique-lsp--file-regexp
  "\\(?:\\.critique\\.md\\|\\.rubric\\.json\\)\\'"
  "File names the critique server handles.")

;; lsp-mode needs a languageId for every buffer it manages; file-name patterns
;; are matched before major modes, so these work in any major mode.
(add-to-list 'lsp-language-id-configuration '("\\.critique\\.md\\'" . "markdown"))
(add-to-list 'lsp-language-id-configuration '("\\.rubric\\.json\\'" . "json"))

(defun critique-lsp--activate-p (file-name _major-mode)
  "Non-nil when FILE-NAME is a critique document or a rubric file."
  (and file-name (string-match-p critique-lsp--file-regexp file-name)))

(lsp-register-client
 (make-lsp-client
  :new-connection (lsp-stdio-connection
                   (lambda () (list critique-lsp-executable "lsp")))
  :activation-fn #'critique-lsp--activate-p
  :server-id 'critique
  :add-on? t
  :multi-root t
  :priority -1))

(defun critique-lsp--use-config-root ()
  "Make the folder of the nearest critique.json an lsp-mode workspace folder."
  (when-let* ((critique-lsp-config-root)
              (dir (locate-dominating-file buffer-file-name "critique.json"))
              (root (lsp-f-canonical (expand-file-name dir))))
    (unless (member root (lsp-session-folders (lsp-session)))
      (lsp-workspace-folders-add root))))

(defun critique-lsp--maybe-start ()
  "Start lsp-mode in a visited critique or rubric file."
  (when (and critique-lsp-auto-start
             buffer-file-name
             (string-match-p critique-lsp--file-regexp buffer-file-name))
    (when critique-lsp-completion-key
      (local-set-key critique-lsp-completion-key #'completion-at-point))
    (critique-lsp--use-config-root)
    (lsp-deferred)))

;; `find-file-hook' runs after the major mode is set, whatever the mode is.
(add-hook 'find-file-hook #'critique-lsp--maybe-start)

(provide 'critique-lsp-mode)
;;; critique-lsp-mode.el ends here
