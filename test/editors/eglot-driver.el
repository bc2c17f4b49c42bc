;;; eglot-driver.el --- the test's part of a batch Emacs run (test/editors/emacs.test.ts)  -*- lexical-binding: t -*-
;; After the configuration of docs/how-to/other-editors.md, it does what a user does and
;; writes what Emacs shows to the JSON file named by $BIOMED_TEST_OUT, then exits.
(require 'json)
(require 'cl-lib)
(require 'imenu)

(defvar biomed-result nil)
(defun biomed-put (key value) (push (cons key value) biomed-result))

(defun biomed-wait (pred seconds)
  "Runs the event loop until PRED holds or SECONDS pass; PRED's last value."
  (let ((deadline (+ (float-time) seconds)) (v nil))
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    v))

(defun biomed-messages ()
  (with-current-buffer (messages-buffer) (buffer-substring-no-properties (point-min) (point-max))))

(defun biomed-diagnostics ()
  (mapcar (lambda (d) (list (cons 'beg (1- (flymake-diagnostic-beg d)))
                            (cons 'end (1- (flymake-diagnostic-end d)))
                            (cons 'text (flymake-diagnostic-text d))))
          (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b))))))

(defun biomed-hover (surface)
  "What eldoc shows for the entity at SURFACE: eglot's hover info, once its relations are in."
  (goto-char (point-min))
  (search-forward surface)
  (goto-char (1+ (match-beginning 0)))
  (let ((server (eglot-current-server)) (shown nil))
    (biomed-wait (lambda ()
                   (let ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams))))
                     (setq shown (and hover (eglot--hover-info (plist-get hover :contents))))
                     (and shown (not (string-match-p "still being computed" shown)))))
                 20)
    (and shown (substring-no-properties shown))))

(defun biomed-imenu ()
  "The imenu index (what `M-x imenu' offers) as paths: \"Kind > container > name\"."
  (let (names)
    (cl-labels ((walk (prefix items)
                  (dolist (item items)
                    (let ((path (if prefix (format "%s > %s" prefix (car item)) (car item))))
                      (if (imenu--subalist-p item) (walk path (cdr item)) (push path names))))))
      (walk nil (eglot-imenu)))
    (nreverse names)))

(defun biomed-code-action (title)
  "Runs the quick fix TITLE on the first finding's line as `M-x eglot-code-actions' would; the menu it offered."
  (let ((offered nil)
        (diag (car (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))))
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt collection &rest _) (setq offered (mapcar #'car collection)) title)))
      (let ((last-nonmenu-event 13))   ; a key, not a mouse click: the menu is read in the minibuffer
        (eglot-code-actions (line-beginning-position) (line-end-position) nil t)))
    (ignore diag)
    offered))

(defun biomed-apropos (pattern)
  "What `M-x xref-find-apropos' lists for PATTERN (eglot asks workspace/symbol): each item's text and line."
  (let (items)
    (biomed-wait (lambda () (setq items (ignore-errors (xref-backend-apropos (eglot-xref-backend) pattern)))) 20)
    (mapcar (lambda (x) (list (cons 'text (substring-no-properties (xref-item-summary x)))
                              (cons 'line (xref-location-line (xref-item-location x)))))
            items)))

(defun biomed-run ()
  (find-file (expand-file-name "clinic-visit.note"))
  ;; eglot-ensure connects after the command that visited the file (post-command-hook).
  (run-hooks 'post-command-hook)
  (biomed-put 'managed (and (biomed-wait (lambda () (eglot-current-server)) 20) t))
  (if (equal (getenv "BIOMED_TEST_MODE") "unreachable")
      (progn (biomed-wait (lambda () (string-match-p "Biomed NLP: no model" (biomed-messages))) 20)
             (biomed-put 'messages (biomed-messages)))
    (biomed-wait (lambda () (= (length (flymake-diagnostics)) 2)) 30)
    (biomed-put 'diagnostics (biomed-diagnostics))
    (biomed-put 'hover (biomed-hover "apixaban"))
    (biomed-put 'hover_negated (biomed-hover "chest pain"))
    (biomed-put 'hover_phi (biomed-hover "Okafor"))
    ;; Save a De-identified Copy, as docs/how-to/other-editors.md's biomed-deid-copy runs it.
    (let ((copy (concat (file-name-sans-extension (buffer-file-name)) ".deid.note")))
      (eglot-execute-command (eglot-current-server) "biomedNlp.saveDeidentifiedCopy"
                             (vector (eglot--path-to-uri (buffer-file-name)) "tags"))
      (biomed-wait (lambda () (file-exists-p copy)) 10)
      (when (file-exists-p copy)
        (biomed-put 'deid_copy (with-temp-buffer (insert-file-contents copy) (buffer-string)))))
    (biomed-put 'imenu (biomed-imenu))
    (biomed-put 'apropos (biomed-apropos "apixaban"))
    (goto-char (point-min))
    (search-forward "His potassium")
    (biomed-put 'actions (biomed-code-action "Show how this was checked"))
    (biomed-wait (lambda () (string-match-p "How this statement was checked" (biomed-messages))) 10)
    (biomed-code-action "Ignore this finding: “His potassium is normal.”")
    ;; Nothing else is sent: the new diagnostics must have come with the answer.
    (biomed-wait (lambda () (= (length (flymake-diagnostics)) 1)) 10)
    (biomed-put 'after_ignore (biomed-diagnostics))
    (biomed-put 'messages (biomed-messages))))

(condition-case err
    (biomed-run)
  (error (biomed-put 'error (error-message-string err))))
(with-temp-file (getenv "BIOMED_TEST_OUT")
  (insert (json-encode biomed-result)))
(kill-emacs 0)
