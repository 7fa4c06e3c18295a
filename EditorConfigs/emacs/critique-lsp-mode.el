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
  :priority -1))

(defun critique-lsp--maybe-start ()
  "Start lsp-mode in a visited critique or rubric file."
  (when (and critique-lsp-auto-start
             buffer-file-name
             (string-match-p critique-lsp--file-regexp buffer-file-name))
    (lsp-deferred)))

;; `find-file-hook' runs after the major mode is set, whatever the mode is.
(add-hook 'find-file-hook #'critique-lsp--maybe-start)

(provide 'critique-lsp-mode)
;;; critique-lsp-mode.el ends here
