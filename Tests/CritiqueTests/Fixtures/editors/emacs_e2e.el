;;; emacs_e2e.el --- End-to-end check of `critique lsp' through Eglot  -*- lexical-binding: t; -*-

;;; Commentary:

;; Drives the critique language server with a real Emacs in batch mode:
;;
;;   CRITIQUE_BIN=/path/to/critique CRITIQUE_WS=/path/to/workspace \
;;     emacs --batch -Q -l Tests/CritiqueTests/Fixtures/editors/emacs_e2e.el
;;
;; CRITIQUE_WS is a fresh workspace made by `critique init'; its sample critique
;; critiques/T-0042.critique.md carries deliberate findings, among them the
;; unknown tag `#missed-contraint' on line 12 (quick fix: "Change to
;; #missed-constraint").
;;
;; Same approach as EditorConfigs/emacs/critique-eglot.el: a major mode derived
;; from `markdown-mode' (or `text-mode' when that is not installed), an
;; `eglot-server-programs' entry for it, and `eglot-ensure'.  Self-contained: it
;; loads nothing from EditorConfigs.
;;
;; Works with Eglot 1.9 (Debian bookworm's elpa-eglot, Emacs 28) and the Eglot
;; built into Emacs 29+.  Batch Emacs has no command loop, so the two things an
;; interactive Emacs does on its own are done here by hand and reported:
;; `post-command-hook' is run once (that is when `eglot-ensure' connects and
;; Flymake starts), and the pending idle timer that sends didChange is fired
;; instead of waiting for Emacs to become idle.
;;
;; Prints one PASS:/FAIL: line per step on stdout, then exits with
;; (kill-emacs 0) when every step passed and (kill-emacs 1) otherwise.
;; With CRITIQUE_E2E_PROBE=1 it only checks that Eglot loads (see the end).

;;; Code:

(require 'cl-lib)
(require 'subr-x)

(defvar e2e-timeout (let ((v (getenv "CRITIQUE_E2E_TIMEOUT")))
                      (if (and v (> (string-to-number v) 0)) (string-to-number v) 15))
  "Seconds to wait for any one thing the server should do.")

(defvar e2e-failures 0)
(defvar e2e-opened 0.0 "When the critique was opened (for the open-to-diagnostics time).")

;; In batch mode `princ' to t goes to stdout (Eglot's own messages go to stderr).
(defun e2e-say (fmt &rest args)
  "Print FMT with ARGS and a newline on stdout."
  (princ (concat (apply #'format fmt args) "\n") t))

(defun e2e-pass (step &optional detail)
  (e2e-say "PASS: %s%s" step (if detail (format " (%s)" detail) "")))

(defun e2e-fail (step &optional detail)
  (cl-incf e2e-failures)
  (e2e-say "FAIL: %s%s" step (if detail (format ": %s" detail) "")))

(define-error 'e2e-abort "A step that later steps depend on failed")

(defun e2e-check (ok step &optional detail-ok detail-fail)
  "Report STEP as passed when OK, else as failed and stop the run."
  (if ok
      (e2e-pass step detail-ok)
    (e2e-fail step detail-fail)
    (signal 'e2e-abort (list step)))
  ok)

(defun e2e-wait (pred &optional timeout)
  "Process server output until PRED returns non-nil or TIMEOUT seconds pass.
Return PRED's last value."
  (let ((deadline (+ (float-time) (or timeout e2e-timeout)))
        value)
    (while (and (not (setq value (funcall pred)))
                (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(defun e2e-short (value)
  "VALUE printed on one line, cut to a readable length."
  (let ((s (replace-regexp-in-string "[ \t\n]+" " " (format "%S" value))))
    (if (> (length s) 600) (concat (substring s 0 600) "...") s)))

;;;; Loading Eglot

(defun e2e-load-eglot ()
  "Load Eglot: built in (Emacs 29+), else Debian's elpa-eglot, else ~/.emacs.d/elpa.
Return a description of where it came from."
  (or (and (require 'eglot nil t) "already on load-path")
      ;; Debian installs elpa-* packages under /usr/share/emacs/site-lisp/elpa,
      ;; which `emacs -Q' does not activate.  Activate them with package.el, with a
      ;; throw-away `package-user-dir' so nothing is written to the home folder.
      (progn
        (require 'package)
        (setq package-user-dir (make-temp-file "critique-e2e-elpa" t))
        (setq package-directory-list
              (append (cl-remove-if-not #'file-directory-p
                                        '("/usr/share/emacs/site-lisp/elpa"
                                          "/usr/local/share/emacs/site-lisp/elpa"))
                      (cl-remove-if-not #'file-directory-p
                                        (list (expand-file-name "elpa" user-emacs-directory)))))
        (package-initialize)
        (and (require 'eglot nil t)
             (format "package.el from %s" (string-join package-directory-list ", "))))
      ;; Last resort: put any eglot-* folder on the load-path by hand.
      (let ((dirs (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/eglot-*")))
        (dolist (d dirs) (add-to-list 'load-path d))
        (and (require 'eglot nil t) (format "load-path %s" dirs)))))

(defun e2e-eglot-version ()
  (or (and (boundp 'eglot-version) eglot-version)
      (when-let* ((desc (and (boundp 'package-alist) (cadr (assq 'eglot package-alist)))))
        (package-version-join (package-desc-version desc)))
      (when-let* ((lib (locate-library "eglot")))
        (with-temp-buffer
          (ignore-errors
            (insert-file-contents (replace-regexp-in-string "\\.elc\\'" ".el" lib))
            (when (re-search-forward "^;; Version: \\(.*\\)$" nil t) (match-string 1)))))
      "?"))

;;;; State recorded from the server

(defvar e2e-uri nil "URI of the critique file, as Eglot sends it.")
(defvar e2e-publishes 0 "publishDiagnostics notifications for the critique file.")
(defvar e2e-lsp-diagnostics nil "Raw LSP diagnostics of the last publish (a list of plists).")

(defun e2e--record-publish (_server method &rest params)
  (when (and (eq method 'textDocument/publishDiagnostics)
             (equal (plist-get params :uri) e2e-uri))
    (cl-incf e2e-publishes)
    (setq e2e-lsp-diagnostics (append (plist-get params :diagnostics) nil))))

(defun e2e-find-code (code &optional diags)
  (cl-find code (or diags e2e-lsp-diagnostics)
           :key (lambda (d) (plist-get d :code)) :test #'equal))

(defun e2e-codes (&optional diags)
  (string-join (sort (mapcar (lambda (d) (format "%s" (plist-get d :code)))
                             (or diags e2e-lsp-diagnostics))
                     #'string<)
               ", "))

(defun e2e-flymake-texts ()
  "Flymake's diagnostics in the current buffer as \"LINE: TEXT\" strings."
  (mapcar (lambda (d)
            (format "%d: %s" (line-number-at-pos (flymake-diagnostic-beg d))
                    (flymake-diagnostic-text d)))
          (flymake-diagnostics)))

(defun e2e-flymake-tag-unknown ()
  "The Flymake diagnostic text for tag-unknown on line 12, if shown."
  (cl-find-if (lambda (s) (and (string-prefix-p "12: " s)
                               (or (string-match-p "tag-unknown" s)
                                   (string-match-p "is not a tag of" s))))
              (e2e-flymake-texts)))

(defun e2e-flush-changes ()
  "Send pending buffer changes as didChange, as Eglot's idle timer would.
Return how it was done."
  (cond ((and (boundp 'eglot--change-idle-timer) (timerp eglot--change-idle-timer))
         (let ((timer eglot--change-idle-timer))
           (cancel-timer timer)
           (apply (timer--function timer) (timer--args timer)))
         "ran eglot's pending idle timer")
        ((fboundp 'eglot--signal-textDocument/didChange)
         (eglot--signal-textDocument/didChange)
         "eglot--signal-textDocument/didChange")
        (t "nothing pending")))

(defun e2e-apply-workspace-edit (edit)
  "Apply EDIT with Eglot's own function, whatever its signature."
  (let* ((f #'eglot--apply-workspace-edit)
         (arity (func-arity f)))
    ;; Eglot 1.9: (wedit &optional confirm); newer Eglot: (wedit origin).
    (if (>= (car arity) 2)
        (funcall f edit 'e2e-quickfix)
      (funcall f edit))))

;;;; The run

(defun e2e-run ()
  (let ((bin (getenv "CRITIQUE_BIN"))
        (ws (getenv "CRITIQUE_WS"))
        file buf server proc)
    (e2e-check (and bin (file-executable-p bin))
               "environment: CRITIQUE_BIN is an executable" bin (format "CRITIQUE_BIN=%s" bin))
    (setq ws (and ws (file-name-as-directory (expand-file-name ws))))
    (setq file (and ws (expand-file-name "critiques/T-0042.critique.md" ws)))
    (e2e-check (and file (file-readable-p file))
               "environment: CRITIQUE_WS holds the sample critique" file (format "CRITIQUE_WS=%s" ws))

    (let ((from (e2e-load-eglot)))
      (e2e-check (featurep 'eglot) "load eglot"
                 (format "eglot %s, %s, emacs %s" (e2e-eglot-version) from emacs-version)
                 "(require 'eglot) failed; install it (Debian: apt-get install -y elpa-eglot)"))
    (require 'flymake)
    (require 'jsonrpc)

    ;; Never ask: batch Emacs cannot answer, and a question here would hang.
    (advice-add 'y-or-n-p :override (lambda (prompt &rest _) (e2e-say "note: answered yes to %S" prompt) t))
    (advice-add 'yes-or-no-p :override (lambda (prompt &rest _) (e2e-say "note: answered yes to %S" prompt) t))
    (setq eglot-sync-connect t
          eglot-connect-timeout e2e-timeout
          eglot-autoshutdown nil)
    (advice-add 'eglot-handle-notification :before #'e2e--record-publish)

    ;; The critique major mode and server entry, as in critique-eglot.el.
    (let ((parent (if (require 'markdown-mode nil t) 'markdown-mode 'text-mode)))
      (defalias 'e2e-critique-parent-mode parent)
      (define-derived-mode e2e-critique-mode e2e-critique-parent-mode "Critique"
        "Critique documents, for this test only.")
      (add-to-list 'auto-mode-alist '("\\.critique\\.md\\'" . e2e-critique-mode))
      (add-to-list 'eglot-server-programs
                   `((e2e-critique-mode :language-id "markdown") . (,bin "lsp")))
      ;; One project per workspace: the folder holding critique.json.
      (add-hook 'project-find-functions
                (lambda (dir)
                  (when-let* ((root (locate-dominating-file dir "critique.json")))
                    (cons 'transient (expand-file-name root)))))

      ;; 1. Open the critique.
      (setq e2e-opened (float-time))
      (setq buf (find-file-noselect file))
      (set-buffer buf)
      (switch-to-buffer buf)
      (e2e-check (eq major-mode 'e2e-critique-mode) "open critique"
                 (format "%s in %s (derived from %s)" file major-mode parent)
                 (format "major mode is %s" major-mode)))
    (setq e2e-uri (funcall (if (fboundp 'eglot-path-to-uri) #'eglot-path-to-uri #'eglot--path-to-uri)
                           buffer-file-name))

    ;; 2. eglot-ensure connects from `post-command-hook' (once the command that
    ;; opened the file is done); batch Emacs has no command loop, so run it.
    (let ((err (condition-case e (progn (eglot-ensure) (run-hooks 'post-command-hook) nil)
                 (error (error-message-string e)))))
      (setq server (and (not err) (e2e-wait #'eglot-current-server)))
      (e2e-check (and server (bound-and-true-p eglot--managed-mode)) "eglot-ensure started the server"
                 (and server (format "%s, project %s" (jsonrpc-name server) ws))
                 (or err (format "server %s, managed %s" server (bound-and-true-p eglot--managed-mode)))))
    (setq proc (jsonrpc--process server))

    ;; 3. Diagnostics: pushed by the server, then shown by Flymake.
    (e2e-wait (lambda () (e2e-find-code "tag-unknown")))
    (let ((d (e2e-find-code "tag-unknown")))
      (e2e-check (and d (= 11 (plist-get (plist-get (plist-get d :range) :start) :line)))
                 "diagnostics: tag-unknown on line 12" (format "%.0f ms after opening the file; codes: %s" (* 1000 (- (float-time) e2e-opened)) (e2e-codes))
                 (format "publishes=%d, diagnostics %s" e2e-publishes (e2e-short e2e-lsp-diagnostics))))
    (dolist (rule '("tag-caps-score" "quote-not-found" "score-off-step" "preference-inconsistent" "banned-phrase"))
      (if (e2e-find-code rule)
          (e2e-pass (format "diagnostics: %s" rule))
        (e2e-fail (format "diagnostics: %s" rule) (format "missing; codes: %s" (e2e-codes)))))
    ;; Flymake starts deferred, from post-command-hook too.
    (unless (bound-and-true-p flymake-mode) (flymake-mode 1))
    (run-hooks 'post-command-hook)
    (e2e-wait #'e2e-flymake-tag-unknown 5)
    (unless (e2e-flymake-tag-unknown)
      (flymake-start)
      (e2e-wait #'e2e-flymake-tag-unknown))
    (let ((shown (e2e-flymake-tag-unknown)))
      (e2e-check shown "flymake shows tag-unknown on line 12" shown
                 (format "flymake diagnostics: %s" (e2e-short (e2e-flymake-texts)))))

    ;; 4. Completion after a `#' typed on a new line below line 13.
    (goto-char (point-min))
    (forward-line 12)
    (end-of-line)
    (let ((start (point)))
      (insert "\nSee ")
      (insert "#")
      (let* ((how (e2e-flush-changes))
             (resp (jsonrpc-request server :textDocument/completion
                                    (append (eglot--TextDocumentPositionParams)
                                            '(:context (:triggerKind 2 :triggerCharacter "#")))
                                    :timeout e2e-timeout))
             (items (append (if (vectorp resp) resp (plist-get resp :items)) nil))
             (labels (mapcar (lambda (i) (plist-get i :label)) items)))
        (dolist (tag '("missed-constraint" "hallucination"))
          (if (or (member (concat "#" tag) labels) (member tag labels))
              (e2e-pass (format "completion after # lists #%s" tag)
                        (format "didChange: %s; labels: %s" how (string-join labels ", ")))
            (e2e-fail (format "completion after # lists #%s" tag)
                      (format "response %s" (e2e-short resp))))))
      ;; The same through the editor's own completion: completion-at-point's table.
      (let* ((capf (eglot-completion-at-point))
             (table (nth 2 capf))
             (cands (and capf (all-completions (buffer-substring-no-properties (nth 0 capf) (nth 1 capf))
                                               table))))
        (if (and (cl-some (lambda (c) (string-match-p "missed-constraint" c)) cands)
                 (cl-some (lambda (c) (string-match-p "hallucination" c)) cands))
            (e2e-pass "completion-at-point offers the tags" (string-join cands ", "))
          (e2e-fail "completion-at-point offers the tags" (format "capf %s, candidates %s" (e2e-short capf) cands))))
      ;; Take the typed line out again; the document is back to the sample.
      (setq e2e-publishes 0)
      (delete-region start (point))
      (e2e-check (string= (buffer-string)
                          (with-temp-buffer (insert-file-contents file) (buffer-string)))
                 "completion: typed line removed")
      (e2e-flush-changes)
      (e2e-wait (lambda () (and (> e2e-publishes 0) (e2e-find-code "tag-unknown"))))
      (e2e-check (and (> e2e-publishes 0) (e2e-find-code "tag-unknown"))
                 "diagnostics after removing the typed line" "tag-unknown still there"
                 (format "publishes=%d codes: %s" e2e-publishes (e2e-codes))))

    ;; 5. Code actions at the tag-unknown diagnostic (the LSP diagnostic Flymake holds).
    (let* ((fm (cl-find-if (lambda (d) (string-match-p "tag-unknown\\|is not a tag of" (flymake-diagnostic-text d)))
                           (flymake-diagnostics)))
           (lsp-diag (or (and fm (alist-get 'eglot-lsp-diag (flymake-diagnostic-data fm)))
                         (e2e-find-code "tag-unknown")))
           (actions (append (jsonrpc-request server :textDocument/codeAction
                                             (list :textDocument (eglot--TextDocumentIdentifier)
                                                   :range (plist-get lsp-diag :range)
                                                   :context (list :diagnostics (vector lsp-diag)))
                                             :timeout e2e-timeout)
                            nil))
           (fix (cl-find-if (lambda (a)
                              (and (plist-get a :edit)
                                   (member (plist-get a :kind) '(nil "quickfix"))
                                   (string-match-p "missed-constraint" (or (plist-get a :title) ""))))
                            actions)))
      (e2e-check fix "code action: quick fix offered" (plist-get fix :title)
                 (format "actions: %s" (e2e-short actions)))

      ;; 6. Apply its WorkspaceEdit with Eglot.
      (setq e2e-publishes 0)
      (let ((err (condition-case e (progn (e2e-apply-workspace-edit (plist-get fix :edit)) nil)
                   (error e)))
            (line12 (save-excursion (goto-char (point-min)) (forward-line 11)
                                    (buffer-substring-no-properties (point) (line-end-position)))))
        (e2e-check (and (not err) (string-match-p "#missed-constraint\\b" line12)
                        (not (string-match-p "#missed-contraint" line12)))
                   "apply quick fix" (format "line 12: %s" line12)
                   (format "error %S; line 12: %s" err line12))))

    ;; 7. didChange goes out; the fresh diagnostics have no tag-unknown.
    (let ((how (e2e-flush-changes)))
      (e2e-wait (lambda () (and (> e2e-publishes 0) (not (e2e-find-code "tag-unknown")))))
      (e2e-check (and (> e2e-publishes 0) (not (e2e-find-code "tag-unknown")))
                 "diagnostics after fix: tag-unknown gone" (format "didChange: %s; codes: %s" how (e2e-codes))
                 (format "publishes=%d codes: %s" e2e-publishes (e2e-codes))))
    (e2e-wait (lambda () (not (e2e-flymake-tag-unknown))) 5)
    (e2e-check (not (cl-some (lambda (s) (string-match-p "tag-unknown\\|is not a tag of" s)) (e2e-flymake-texts)))
               "flymake after fix: no tag-unknown" nil
               (format "flymake diagnostics: %s" (e2e-short (e2e-flymake-texts))))

    ;; 8. Go to definition of `#hallucination' (line 19): a location in the rubric file.
    (let* ((server (eglot-current-server))
           (resp (jsonrpc-request server :textDocument/definition
                                  (list :textDocument (list :uri (eglot--path-to-uri buffer-file-name))
                                        :position (list :line 18 :character 7))
                                  :timeout e2e-timeout))
           (loc (if (vectorp resp) (and (> (length resp) 0) (aref resp 0)) resp))
           (uri (plist-get loc :uri)))
      (e2e-check (and uri (string-match-p "rubrics/chat-pairwise\\.rubric\\.json\\'" uri))
                 "go to definition of #hallucination lands in the rubric" uri (e2e-short resp)))
    ;; 9. eglot-shutdown: shutdown request, exit notification, then the server must
    ;; exit by itself with status 0.  Eglot's jsonrpc-shutdown deletes the process
    ;; right after sending `exit' (which would show as a kill); give the server a
    ;; moment to exit on its own first, as it should.
    (let ((wait-for-exit (lambda (p &rest _)
                           (when (eq p proc)
                             (let ((deadline (+ (float-time) 5)))
                               (while (and (process-live-p p) (< (float-time) deadline))
                                 (accept-process-output p 0.05)))))))
      (advice-add 'delete-process :before wait-for-exit)
      (unwind-protect (eglot-shutdown server)
        (advice-remove 'delete-process wait-for-exit)))
    (e2e-wait (lambda () (not (process-live-p proc))))
    (e2e-check (and (eq (process-status proc) 'exit) (= 0 (process-exit-status proc)))
               "server exit code 0" (format "%s %s" (process-status proc) (process-exit-status proc))
               (format "process status %s, exit status %s" (process-status proc) (process-exit-status proc)))))

;; CRITIQUE_E2E_PROBE=1: only report whether Eglot can be loaded (exit 0 if so, else 3);
;; EditorTests uses it to skip, rather than fail, outside CI when Eglot is missing.
(when (getenv "CRITIQUE_E2E_PROBE")
  (let ((from (e2e-load-eglot)))
    (when (and (boundp 'package-user-dir) (string-match-p "critique-e2e-elpa" package-user-dir))
      (ignore-errors (delete-directory package-user-dir t)))
    (e2e-say "eglot %s" (if from (format "%s (%s)" (e2e-eglot-version) from) "not found"))
    (kill-emacs (if from 0 3))))

(condition-case err
    (e2e-run)
  (e2e-abort nil)
  (error (e2e-fail "script error" (error-message-string err))))

;; Never leave a server behind, whatever happened.
(when (and (featurep 'eglot) (fboundp 'eglot-shutdown-all))
  (let ((inhibit-message t))
    (ignore-errors (eglot-shutdown-all))))
(when (and (boundp 'package-user-dir) (string-match-p "critique-e2e-elpa" package-user-dir))
  (ignore-errors (delete-directory package-user-dir t)))

(if (zerop e2e-failures)
    (progn (e2e-say "emacs e2e: all steps passed") (kill-emacs 0))
  (e2e-say "emacs e2e: %d step(s) failed" e2e-failures)
  (kill-emacs 1))

;;; emacs_e2e.el ends here
