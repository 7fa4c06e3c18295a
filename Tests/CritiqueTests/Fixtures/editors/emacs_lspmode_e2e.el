;;; emacs_lspmode_e2e.el --- End-to-end check of `critique lsp' through lsp-mode  -*- lexical-binding: t; -*-

;;; Commentary:

;; Drives the critique language server with a real batch Emacs, Debian's lsp-mode
;; (elpa-lsp-mode) and the shipped EditorConfigs/emacs/critique-lsp-mode.el:
;;
;;   CRITIQUE_WS=/path/to/workspace CRITIQUE_CONFIGS=/path/to/EditorConfigs/emacs \
;;     emacs --batch -Q -l emacs_lspmode_e2e.el
;;
;; with `critique' on PATH and CRITIQUE_WS made by `critique init'.  Steps: visit the
;; sample critique (no root prompt: the critique.json folder is the workspace
;; folder), get its diagnostics, complete after `#', visit the rubric and find the
;; same server serving it.  `lsp' is called by hand: `lsp-deferred' waits for a
;; visible window, which batch Emacs has not.  Prints PASS:/FAIL: lines and exits
;; 0 when every step passed.

;;; Code:

(require 'cl-lib)
(require 'subr-x)
(require 'package)
(setq package-user-dir (make-temp-file "critique-e2e-elpa" t))
(setq package-directory-list '("/usr/share/emacs/site-lisp/elpa"))
(package-initialize)
(setq lsp-session-file (make-temp-file "critique-lsp-session"))
(setq lsp-auto-guess-root nil lsp-enable-file-watchers nil lsp-log-io nil
      lsp-keep-workspace-alive nil lsp-restart 'ignore lsp-diagnostics-provider :none
      lsp-modeline-code-actions-enable nil lsp-headerline-breadcrumb-enable nil)
(add-to-list 'load-path (getenv "CRITIQUE_CONFIGS"))
(require 'lsp-mode)
(require 'critique-lsp-mode)

(defvar e2e-failures 0)
(defvar e2e-opened 0.0)
(defun e2e-say (fmt &rest args) (princ (concat (apply #'format fmt args) "\n") t))
(defun e2e-check (ok step detail)
  (if ok (e2e-say "PASS: %s (%s)" step detail)
    (cl-incf e2e-failures) (e2e-say "FAIL: %s: %s" step detail))
  ok)
(defun e2e-wait (pred &optional timeout)
  (let ((deadline (+ (float-time) (or timeout 20))) value)
    (while (and (not (setq value (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(defun e2e-codes (file)
  "Rule ids of the diagnostics lsp-mode holds for FILE."
  (let ((table (lsp-diagnostics t)))
    (mapcar (lambda (d) (format "%s" (lsp:diagnostic-code? d)))
            (gethash (lsp--fix-path-casing file) table))))

(let* ((ws (file-name-as-directory (expand-file-name (getenv "CRITIQUE_WS"))))
       (critique (concat ws "critiques/T-0042.critique.md"))
       (rubric (concat ws "rubrics/chat-pairwise.rubric.json")))
  (condition-case err
      (progn
        (setq e2e-opened (float-time))
        (find-file critique)
        (lsp)
        (e2e-check (e2e-wait (lambda () (lsp-workspaces))) "server started" (format "%S" (lsp-workspace-root)))
        (e2e-check (equal (file-name-as-directory (lsp-workspace-root)) (file-name-as-directory (lsp-f-canonical ws)))
                   "root is the critique.json folder" (lsp-workspace-root))
        (e2e-check (e2e-wait (lambda () (member "tag-unknown" (e2e-codes critique))))
                   "diagnostics by rule id" (format "%.0f ms after opening the file; %s" (* 1000 (- (float-time) e2e-opened))
                                                     (string-join (e2e-codes critique) ",")))
        (e2e-check (eq (key-binding (kbd "C-M-i")) #'completion-at-point) "C-M-i is completion-at-point" (format "%S" (key-binding (kbd "C-M-i"))))
        ;; Completion after `#hall' through lsp-mode's completion-at-point function.
        (goto-char (point-min)) (forward-line 12) (end-of-line)
        (insert " #hall")
        (when (fboundp (quote lsp--flush-delayed-changes)) (lsp--flush-delayed-changes))
        (let* ((capf (lsp-completion-at-point))
               (table (and capf (nth 2 capf)))
               (cands (and table (all-completions (buffer-substring (nth 0 capf) (nth 1 capf)) table))))
          (e2e-check (member "#hallucination" (mapcar #'substring-no-properties cands)) "completion after #hall"
                     (format "%S" (mapcar #'substring-no-properties cands))))
        ;; A quick fix: the tag-unknown fix on line 12, applied through lsp-mode.
        (goto-char (point-min)) (forward-line 11) (search-forward "#missed-contraint") (backward-char 3)
        (let* ((actions (lsp-code-actions-at-point))
               (fix (seq-find (lambda (a) (string-match-p "missed-constraint" (lsp:code-action-title a))) actions)))
          (when fix (lsp-execute-code-action fix))
          (e2e-check (and fix (string-match-p "#missed-constraint\\b" (buffer-substring (line-beginning-position) (line-end-position))))
                     "quick fix applied" (buffer-substring (line-beginning-position) (line-end-position))))
        ;; Go to definition of #hallucination (line 19): the rubric file.
        (goto-char (point-min)) (forward-line 18) (search-forward "#halluc")
        (let* ((locs (lsp-request "textDocument/definition" (lsp--text-document-position-params)))
               (loc (if (vectorp locs) (and (> (length locs) 0) (aref locs 0)) (if (listp locs) (car-safe locs) locs)))
               (uri (and loc (lsp:location-uri loc))))
          (e2e-check (and uri (string-match-p "rubrics/chat-pairwise\\.rubric\\.json\\'" uri))
                     "go to definition lands in the rubric" (format "%S" uri)))
        (let ((server (car (lsp-workspaces))))
          (find-file rubric)
          (lsp)
          (e2e-wait (lambda () (lsp-workspaces)))
          (e2e-check (eq (car (lsp-workspaces)) server) "the rubric is served by the same server"
                     (format "%d server(s)" (length (lsp--session-workspaces (lsp-session)))))))
    (error (cl-incf e2e-failures) (e2e-say "FAIL: error %S" err))))

(e2e-say (if (zerop e2e-failures) "all passed" "failed"))
(kill-emacs (if (zerop e2e-failures) 0 1))
