//! # unused-suppression
//!
//! ## What it does
//! Reports an inline suppression that suppresses nothing, or a malformed one.
//! That is a `# rbaclint: ignore[rule-id]` comment with no finding of that rule
//! on the line it covers, an `ignore-file[rule-id]` with none in the file, an
//! `ignore-check.rbaclint.io/<rule-id>` or `rbaclint.io/ignore-all` annotation
//! with none on its object, a suppression naming an unknown rule, and a
//! malformed `# rbaclint:` comment. When the config sets
//! `require-suppression-reason: true`, it also reports suppressions that give
//! no reason. Raised by the suppression pass. A comment is reported on the
//! object it sits in (or the nearest one in its file); in a file without RBAC
//! objects, on the file itself (object `File/<path>`). A comment in a file
//! that could not be loaded whole (invalid YAML) is not judged unused: the
//! objects it may be meant for were lost, and the load error is reported.
//!
//! ## Why is this bad?
//! A suppression outlives the finding it was written for. Once the role is
//! fixed, a leftover `ignore[wildcard-verbs]` silently waives the next `*`
//! someone adds on that line, with a reason that no longer applies. A typo in
//! a rule id suppresses nothing while looking like it does. Reporting them
//! keeps every waiver deliberate, like ruff's RUF100 and eslint's
//! `--report-unused-disable-directives`.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["configmaps"]
//!   verbs: ["get"] # rbaclint: ignore[wildcard-verbs] -- the operator needs it
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["configmaps"]
//!   verbs: ["get"]
//! ```
//!
//! ## How to fix
//! Delete the suppression, or correct the rule id it names. Suppressions of a
//! rule turned off for the run (`--ignore`, `rules: {id: off}`) are not
//! reported. Per-file ignores and skipped objects in the config are never
//! reported. `--no-inline-ignores` turns off every inline suppression, and
//! this rule with them.
//!
//! ## Severity
//! Warning: it hides nothing today, but it will hide something tomorrow.
//!
//! ## References
//! - ruff RUF100 (unused-noqa); eslint `--report-unused-disable-directives`.
