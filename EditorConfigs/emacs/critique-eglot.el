;;; critique-eglot.el --- critique language server through Eglot  -*- lexical-binding: t; -*-

;; Author: the critique project
;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: languages, tools

;;; Commentary:

;; Runs `critique lsp' for RLHF critique documents (*.critique.md) and rubric
;; files (*.rubric.json) through Eglot (built into Emacs 29+, `M-x
;; package-install RET eglot' on Emacs 27/28).
;;
;; It defines two small major modes so that Eglot, which picks servers by
;; major mode, runs critique for exactly these files and nothing else:
;;
;;   `critique-mode'         for *.critique.md, derived from `markdown-mode'
;;                           when that package is installed (else `text-mode'),
;;                           so Markdown highlighting and commands still work;
;;   `critique-rubric-mode'  for *.rubric.json, derived from `js-json-mode'
;;                           (Emacs 29+), `json-mode' (if installed) or `js-mode'.
;;
;; Install: put this file on your `load-path' and add to your init file
;;
;;   (require 'critique-eglot)
;;
;; Eglot then starts automatically when you open a critique or rubric file.

;;; Code:

(require 'eglot)

(defgroup critique nil
  "Checks for RLHF critiques with the critique language server."
  :group 'tools
  :prefix "critique-")

(defcustom critique-executable "critique"
  "Name or absolute path of the critique binary.
Eglot runs it as `critique lsp'."
  :type 'string
  :group 'critique)

(defcustom critique-eglot-auto-start t
  "When non-nil, start Eglot automatically in critique and rubric buffers."
  :type 'boolean
  :group 'critique)

(defconst critique--document-regexp "\\.critique\\.md\\'"
  "File names of critique documents.")

(defconst critique--rubric-regexp "\\.rubric\\.json\\'"
  "File names of critique rubric files.")

;; Parents are chosen once, at load time, from what this Emacs has.
(declare-function markdown-mode "ext:markdown-mode" ())
(declare-function json-mode "ext:json-mode" ())
(defalias 'critique--markdown-parent-mode
  (if (require 'markdown-mode nil t) #'markdown-mode #'text-mode)
  "Parent of `critique-mode': `markdown-mode' if installed, else `text-mode'.")

(defalias 'critique--json-parent-mode
  (cond ((fboundp 'js-json-mode) #'js-json-mode)
        ((require 'json-mode nil t) #'json-mode)
        (t #'js-mode))
  "Parent of `critique-rubric-mode': the best JSON mode available.")

;;;###autoload
(define-derived-mode critique-mode critique--markdown-parent-mode "Critique"
  "Major mode for critique documents (*.critique.md).
Markdown editing plus diagnostics, completion and hover from `critique lsp'
through Eglot.")

;; Markdown modes bind C-M-i to spell checking; here it completes tags, criteria,
;; scores and preferences from the server.
(define-key critique-mode-map (kbd "C-M-i") #'completion-at-point)

;;;###autoload
(define-derived-mode critique-rubric-mode critique--json-parent-mode "Rubric"
  "Major mode for critique rubric files (*.rubric.json).
JSON editing plus the rubric checks of `critique lsp' through Eglot.")

;;;###autoload
(add-to-list 'auto-mode-alist (cons critique--document-regexp #'critique-mode))
;;;###autoload
(add-to-list 'auto-mode-alist (cons critique--rubric-regexp #'critique-rubric-mode))

(defun critique--eglot-contact (&optional _interactive _project)
  "Return the command Eglot runs for critique buffers."
  (list critique-executable "lsp"))

;; One entry, two modes: a single server process per project serves both the
;; documents and the rubrics they use. The entry goes first so that it wins
;; over Eglot's own markdown-mode / json-mode entries for these derived modes.
(add-to-list 'eglot-server-programs
             `(((critique-mode :language-id "markdown")
                (critique-rubric-mode :language-id "json"))
               . ,#'critique--eglot-contact))

;; Eglot runs one server per project. For critique buffers the project is the
;; nearest folder holding critique.json (the critique workspace root), so a
;; workspace gets one server even when it is not a version-control repository.
;; Other buffers are not affected; without critique.json, project.el decides.
(defun critique--project-find (dir)
  "Return a transient project rooted at the critique.json above DIR.
Only in `critique-mode' and `critique-rubric-mode' buffers."
  (when (derived-mode-p 'critique-mode 'critique-rubric-mode)
    (let ((root (locate-dominating-file dir "critique.json")))
      (and root (cons 'transient (expand-file-name root))))))

(add-hook 'project-find-functions #'critique--project-find)

(defun critique--maybe-start-eglot ()
  "Start Eglot in this buffer if `critique-eglot-auto-start' is non-nil."
  (when critique-eglot-auto-start
    (eglot-ensure)))

(add-hook 'critique-mode-hook #'critique--maybe-start-eglot)
(add-hook 'critique-rubric-mode-hook #'critique--maybe-start-eglot)

(provide 'critique-eglot)
;;; critique-eglot.el ends here
