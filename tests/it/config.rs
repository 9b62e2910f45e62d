//! `.rbaclint.yaml` through the real binary: discovery (closest to each
//! file wins), `extend:`,
//! `--config`, `--no-config`, strict validation with spans, and the
//! published JSON Schema staying in step with the Rust types.

use crate::common;

use std::path::Path;

use common::{scratch, stderr, stdout};

const SCHEMA_FILE: &str = "rbaclint.schema.json";

/// Runs the binary in `dir`.
fn rbaclint_in(dir: &Path, args: &[&str]) -> std::process::Output {
    common::command()
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// `line:rule` of each finding of a `--format json` run.
fn rules(out: &std::process::Output) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}:{}", f["line"], f["rule"].as_str().unwrap()))
        .collect()
}

fn wildcard_role(dir: &Path) {
    std::fs::create_dir_all(dir.join("deploy/vendor")).unwrap();
    let bad = std::fs::read_to_string("fixtures/wildcard-verbs/bad.yaml").unwrap();
    std::fs::write(dir.join("deploy/role.yaml"), &bad).unwrap();
    std::fs::write(dir.join("deploy/vendor/chart.yaml"), &bad).unwrap();
}

#[test]
fn schema_file_is_up_to_date() {
    let generated = rbaclint::config::json_schema();
    if std::env::var_os("RBACLINT_UPDATE_SCHEMA").is_some() {
        std::fs::write(SCHEMA_FILE, &generated).unwrap();
    }
    let published = std::fs::read_to_string(SCHEMA_FILE).unwrap_or_default();
    assert!(
        published == generated,
        "{SCHEMA_FILE} is stale: run `RBACLINT_UPDATE_SCHEMA=1 cargo test --test it config`"
    );
    let schema: serde_json::Value = serde_json::from_str(&generated).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let good = serde_json::json!({
        "rules": {
            "wildcard-verbs": "off",
            "broad-api-groups": {"severity": "note"},
            "unknown-verb": {"severity": "error", "custom-verbs": ["approve"]},
            "unknown-resource": {"extra-apis": {"": ["gadgets"]}},
        },
        "per-file-ignores": {"vendor/**": ["all"]},
        "skip-objects": [{"kind": "ClusterRole", "name": "system:*"}],
        "fail-on": "error",
    });
    assert!(validator.is_valid(&good));
    for bad in [
        serde_json::json!({"rules": {"wildcard-verb": "off"}}),
        serde_json::json!({"rules": {"wildcard-verbs": "loud"}}),
        serde_json::json!({"rules": {"wildcard-verbs": {"custom-verbs": []}}}),
        serde_json::json!({"rules": {"unknown-verb": {"custom-verb": []}}}),
        serde_json::json!({"rules": {"unknown-verb": {"custom-verbs": "approve"}}}),
        serde_json::json!({"rulez": {}}),
        serde_json::json!({"per-file-ignores": {"x": ["nope"]}}),
    ] {
        assert!(!validator.is_valid(&bad), "{bad} must be rejected");
    }
}

#[test]
fn closest_config_wins_and_sets_rules_globs_and_fail_level() {
    let dir = scratch("config-closest");
    wildcard_role(&dir);
    // A parent config that would fail the run, and a closer one that does not.
    std::fs::write(
        dir.join(".rbaclint.yaml"),
        "rules: {wildcard-verbs: error}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("deploy/.rbaclint.yaml"),
        "rules:\n  wildcard-verbs: note\nexclude: [vendor]\nfail-on: warning\n",
    )
    .unwrap();
    let out = rbaclint_in(&dir.join("deploy"), &["check", "--format", "concise", "."]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert!(
        text.contains("role.yaml:9:11: note[wildcard-verbs]"),
        "{text}"
    );
    assert!(
        !text.contains("vendor"),
        "the config excludes vendor/: {text}"
    );
    // Excludes apply to files named explicitly too (pre-commit names them).
    let out = rbaclint_in(
        &dir.join("deploy"),
        &["check", "--format", "concise", "vendor/chart.yaml"],
    );
    assert!(stdout(&out).contains("0 findings in 0 files (0 files checked)"));
    // From the parent too, each file follows its closest config (the note),
    // and the run's fail level is the working directory's (default warning).
    let out = rbaclint_in(&dir, &["check", "--format", "concise", "deploy/role.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("deploy/role.yaml:9:11: note[wildcard-verbs]"));
    // --no-config ignores both; --config picks one; CLI flags beat the config.
    let out = rbaclint_in(
        &dir.join("deploy"),
        &["check", "--no-config", "--select=wildcard-verbs", "."],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("8 errors in 2 files"));
    let out = rbaclint_in(
        &dir,
        &[
            "check",
            "--config",
            "deploy/.rbaclint.yaml",
            "deploy/role.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let out = rbaclint_in(
        &dir.join("deploy"),
        &["check", "--fail-on", "note", "role.yaml"],
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn include_limits_what_is_linted() {
    let dir = scratch("config-include");
    wildcard_role(&dir);
    std::fs::write(dir.join(".rbaclint.yaml"), "include: ['deploy/*.yaml']\n").unwrap();
    let out = rbaclint_in(&dir.join("deploy"), &["check", "--format", "concise", "."]);
    let text = stdout(&out);
    assert!(text.contains("(1 file checked)"), "{text}");
    assert!(!text.contains("vendor"), "{text}");
}

#[test]
fn per_file_ignores_and_skipped_objects() {
    let dir = scratch("config-ignores");
    wildcard_role(&dir);
    std::fs::write(
        dir.join(".rbaclint.yaml"),
        "per-file-ignores:\n  'deploy/vendor/**': [all]\nskip-objects:\n- {kind: Role, namespace: 'team-*'}\n",
    )
    .unwrap();
    let out = rbaclint_in(
        &dir,
        &[
            "check",
            "--select=wildcard-verbs",
            "--format",
            "concise",
            "deploy",
        ],
    );
    let text = stdout(&out);
    assert!(!text.contains("vendor"), "{text}");
    assert!(!text.contains("légacy"), "{text}");
    assert!(
        text.contains("3 errors in 1 file (2 files checked); 5 suppressed"),
        "{text}"
    );
}

#[test]
fn invalid_configs_are_errors_pointing_into_the_file() {
    let dir = scratch("config-invalid");
    wildcard_role(&dir);
    let cases = [
        (
            "rules:\n  wildcard-verb: off\n",
            "unknown rule `wildcard-verb`",
            "2:3",
        ),
        (
            "exclude: [vendor]\nincldue: [x]\n",
            "unknown key `incldue`",
            "2:1",
        ),
        (
            "rules:\n  broad-api-groups: {severity: loud}\n",
            "unknown variant `loud`",
            "2:32",
        ),
        (
            "fail-on: sometimes\n",
            "unknown variant `sometimes`",
            "1:10",
        ),
        ("exclude: ['a[']\n", "invalid glob `a[`", "1:10"),
        ("rules: [\n", "invalid YAML", "2:1"),
    ];
    for (config, message, at) in cases {
        std::fs::write(dir.join(".rbaclint.yaml"), config).unwrap();
        let out = rbaclint_in(&dir, &["check", "deploy"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{config}: {err}");
        assert!(err.contains(message), "{config}: {err}");
        assert!(
            err.contains(&format!("[.rbaclint.yaml:{at}]")),
            "{config}: the snippet must point at {at}: {err}"
        );
        assert!(stdout(&out).is_empty(), "no report on a config error");
    }
    // A misspelt rule id or key gets the nearest known one.
    for (config, help) in [
        (
            "rules:\n  wildcard-verb: off\n",
            "help: did you mean `wildcard-verbs`? `rbaclint rules` lists the rule ids\n",
        ),
        (
            "per-file-ignores:\n  x.yaml: [al]\n",
            "help: did you mean `all`? `rbaclint rules` lists the rule ids\n",
        ),
        (
            "rulez: {}\n",
            "help: did you mean `rules`? (expected one of `extend`, `rules`,",
        ),
    ] {
        std::fs::write(dir.join(".rbaclint.yaml"), config).unwrap();
        let err = stderr(&rbaclint_in(&dir, &["check", "deploy"]));
        assert!(err.contains(help), "{config}: {err}");
    }
    let out = rbaclint_in(&dir, &["check", "--config", "missing.yaml", "deploy"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read config missing.yaml"));
}

#[test]
fn each_file_follows_its_closest_config_and_run_settings_come_from_the_working_directory() {
    let dir = scratch("config-per-file");
    let bad = std::fs::read_to_string("fixtures/wildcard-verbs/bad.yaml").unwrap();
    for sub in ["team-a", "team-b", "team-c/nested"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::write(dir.join(sub).join("role.yaml"), &bad).unwrap();
    }
    for legacy in ["team-a/legacy", "team-c/legacy"] {
        std::fs::create_dir_all(dir.join(legacy)).unwrap();
        std::fs::write(dir.join(legacy).join("old.yaml"), &bad).unwrap();
    }
    let write = |path: &str, text: &str| std::fs::write(dir.join(path), text).unwrap();
    write(
        ".rbaclint.yaml",
        "rules: {wildcard-verbs: note}\nfail-on: error\n",
    );
    // team-a: warnings, a fail level (not the run's), an ignore relative to it.
    write(
        "team-a/.rbaclint.yaml",
        "rules: {wildcard-verbs: warning}\nfail-on: note\nper-file-ignores: {'legacy/*.yaml': [all]}\n",
    );
    // team-c extends team-a (whose ignore stays relative to team-a/); nested/ inherits team-c.
    write(
        "team-c/.rbaclint.yaml",
        "extend: ../team-a/.rbaclint.yaml\nrules: {wildcard-verbs: error}\n",
    );
    let run = |args: &[&str]| {
        let mut all = vec!["check", "--format=concise", "--select=wildcard-verbs"];
        all.extend(args);
        let out = rbaclint_in(&dir, &all);
        (stdout(&out), out.status.code())
    };
    let (text, code) = run(&["."]);
    let count = |needle: &str| text.lines().filter(|l| l.contains(needle)).count();
    assert_eq!(
        count("team-a/role.yaml:9:11: warning[wildcard-verbs]"),
        1,
        "{text}"
    );
    assert_eq!(count("team-a/role.yaml"), 4, "{text}");
    assert_eq!(count("team-a/legacy"), 0, "{text}");
    assert_eq!(
        count("team-b/role.yaml:9:11: note[wildcard-verbs]"),
        1,
        "{text}"
    );
    assert_eq!(
        count("team-c/nested/role.yaml:9:11: error[wildcard-verbs]"),
        1,
        "{text}"
    );
    assert_eq!(
        count("team-c/legacy/old.yaml:9:11: error[wildcard-verbs]"),
        1,
        "{text}"
    );
    // The fail level is the working directory's (`error`): team-c fails it.
    assert_eq!(code, Some(1));
    // team-a alone: its warnings do not reach the run's `error`.
    assert_eq!(run(&["team-a"]).1, Some(0));
    // A nested config is validated like the run's: an error stops the run.
    write("team-b/.rbaclint.yaml", "rules: {wildcard-verb: off}\n");
    let out = rbaclint_in(&dir, &["check", "team-b"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("unknown rule `wildcard-verb`"), "{err}");
    assert!(err.contains("team-b/.rbaclint.yaml"), "{err}");
    std::fs::remove_file(dir.join("team-b/.rbaclint.yaml")).unwrap();
    // --config governs every file, fail level included.
    let (text, code) = run(&["--config=team-a/.rbaclint.yaml", "team-b"]);
    assert!(
        text.contains("team-b/role.yaml:9:11: warning[wildcard-verbs]"),
        "{text}"
    );
    assert_eq!(code, Some(1), "team-a's fail-on: note");
}

#[test]
fn extend_inherits_and_a_cycle_is_an_error_at_the_key() {
    let dir = scratch("config-extend");
    std::fs::create_dir_all(dir.join("base")).unwrap();
    std::fs::write(
        dir.join("base/common.yaml"),
        "rules: {wildcard-verbs: note}\nfail-on: note\n",
    )
    .unwrap();
    std::fs::write(dir.join(".rbaclint.yaml"), "extend: base/common.yaml\n").unwrap();
    std::fs::copy("fixtures/wildcard-verbs/bad.yaml", dir.join("role.yaml")).unwrap();
    let out = rbaclint_in(
        &dir,
        &[
            "check",
            "--format=concise",
            "--select=wildcard-verbs",
            "role.yaml",
        ],
    );
    assert!(
        stdout(&out).contains("role.yaml:9:11: note[wildcard-verbs]"),
        "{}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(1), "fail-on: note, inherited");
    std::fs::write(dir.join("base/common.yaml"), "extend: ../.rbaclint.yaml\n").unwrap();
    let out = rbaclint_in(&dir, &["check", "role.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("`extend` makes a cycle: "), "{err}");
    assert!(
        err.contains("extend: ../.rbaclint.yaml"),
        "the span is shown: {err}"
    );
    std::fs::write(dir.join(".rbaclint.yaml"), "extend: nowhere.yaml\n").unwrap();
    let out = rbaclint_in(&dir, &["check", "role.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`extend`: no config file at "),
        "{}",
        stderr(&out)
    );
}

/// Issue 15: an object the API server refuses grants nothing, so by default
/// its one `invalid-object` finding is all that is said of it;
/// `lint-refused-objects: true` lints it anyway (the finding stays).
#[test]
fn refused_objects_are_linted_only_when_the_config_asks() {
    let dir = scratch("config-refused");
    std::fs::write(
        dir.join("role.yaml"),
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: ns}\nrules:\n- apiGroups: ['']\n  resources: [pods]\n  verbs: ['*']\n- nonResourceURLs: ['/metrics']\n  verbs: [get]\n",
    )
    .unwrap();
    let out = rbaclint_in(&dir, &["check", "--format", "json", "role.yaml"]);
    assert_eq!(rules(&out), ["8:invalid-object"], "{}", stderr(&out));
    std::fs::write(dir.join(".rbaclint.yaml"), "lint-refused-objects: true\n").unwrap();
    let out = rbaclint_in(&dir, &["check", "--format", "json", "role.yaml"]);
    assert_eq!(
        rules(&out),
        ["7:wildcard-verbs", "8:invalid-object"],
        "{}",
        stderr(&out)
    );
}

/// Issue 10: a rule's own options sit in its `rules:` mapping beside
/// `severity`; unknown keys and wrong types are errors at the element.
#[test]
fn rule_options_are_read_from_the_rules_mapping() {
    let dir = scratch("config-rule-options");
    std::fs::write(
        dir.join("role.yaml"),
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: ns}\nrules:\n- apiGroups: ['']\n  resources: [gadgets]\n  verbs: [get, approve-all]\n",
    )
    .unwrap();
    let findings = |out: &std::process::Output| -> Vec<String> {
        let json: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap();
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{}:{}:{}",
                    f["line"],
                    f["rule"].as_str().unwrap(),
                    f["severity"].as_str().unwrap()
                )
            })
            .collect()
    };
    let check = ["check", "--format", "json", "role.yaml"];
    let out = rbaclint_in(&dir, &check);
    assert_eq!(
        findings(&out),
        ["6:unknown-resource:warning", "7:unknown-verb:warning"],
        "{}",
        stderr(&out)
    );
    let config = dir.join(".rbaclint.yaml");
    std::fs::write(
        &config,
        "rules:\n  unknown-verb: {severity: error, custom-verbs: [approve-all]}\n",
    )
    .unwrap();
    let out = rbaclint_in(&dir, &check);
    assert_eq!(
        findings(&out),
        ["6:unknown-resource:warning"],
        "{}",
        stderr(&out)
    );
    std::fs::write(
        &config,
        "rules:\n  unknown-verb: {custom-verbs: [approve-all]}\n  unknown-resource:\n    severity: error\n    extra-apis: {'': [gadgets]}\n",
    )
    .unwrap();
    let out = rbaclint_in(&dir, &check);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(findings(&out), Vec::<String>::new());

    for (text, message, at, help) in [
        (
            "rules:\n  unknown-verb:\n    custom-verb: [approve-all]\n",
            "rule `unknown-verb` has no option `custom-verb`",
            "3:5",
            Some("help: did you mean `custom-verbs`? (rule `unknown-verb` takes `severity`, `custom-verbs`)"),
        ),
        (
            "rules:\n  wildcard-verbs: {extra-apis: {}}\n",
            "rule `wildcard-verbs` has no option `extra-apis`",
            "2:20",
            Some("help: rule `wildcard-verbs` takes `severity`"),
        ),
        (
            "rules:\n  unknown-verb:\n    custom-verbs: approve-all\n",
            "rule `unknown-verb`: `custom-verbs`: invalid type: string \"approve-all\", expected a sequence",
            "3:19",
            None,
        ),
        (
            "rules:\n  unknown-resource: {extra-apis: {apps: [widgets, 3]}}\n",
            "rule `unknown-resource`: `extra-apis.apps[1]`: invalid type: integer `3`, expected a string",
            "2:51",
            None,
        ),
    ] {
        std::fs::write(&config, text).unwrap();
        let out = rbaclint_in(&dir, &check);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{text}: {err}");
        assert!(err.contains(message), "{text}: {err}");
        assert!(err.contains(&format!("[.rbaclint.yaml:{at}]")), "{text}: must point at {at}: {err}");
        if let Some(help) = help {
            assert!(err.contains(help), "{text}: {err}");
        }
    }
}

/// Issue 10: rule options (and the `custom-verbs`/`extra-apis` shorthands)
/// are run-wide — one vocabulary, one catalogue — so a config that governs
/// only some of the files cannot set them: an error at the option, exit 2.
/// Options it inherits from the run's config are the run's, and apply.
#[test]
fn a_config_governing_some_files_cannot_set_rule_options() {
    let dir = scratch("config-nested-options");
    std::fs::create_dir_all(dir.join("team")).unwrap();
    std::fs::write(
        dir.join("team/role.yaml"),
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: ns}\nrules:\n- apiGroups: ['']\n  resources: [pods]\n  verbs: [get, approve-all]\n",
    )
    .unwrap();
    let write = |path: &str, text: &str| std::fs::write(dir.join(path), text).unwrap();
    write(
        ".rbaclint.yaml",
        "rules:\n  unknown-verb: {custom-verbs: [approve-all]}\n",
    );
    let check = ["check", "--format", "json", "team"];
    // Inherited from the run's config: accepted, and the verb is known.
    write(
        "team/.rbaclint.yaml",
        "extend: ../.rbaclint.yaml\nrules:\n  unknown-verb: error\n",
    );
    let out = rbaclint_in(&dir, &check);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(rules(&out), Vec::<String>::new());
    let help = "help: the run's config is the working directory's `.rbaclint.yaml` (found there or above it) or the one named with `--config`; move the option there, or run rbaclint from this config's directory";
    for (files, name, at) in [
        (
            vec![(
                "team/.rbaclint.yaml",
                "rules:\n  unknown-verb:\n    severity: error\n    custom-verbs: [approve-all]\n",
            )],
            "rules.unknown-verb.custom-verbs",
            "team/.rbaclint.yaml:4:5",
        ),
        (
            vec![(
                "team/.rbaclint.yaml",
                "fail-on: note\ncustom-verbs: [approve-all]\n",
            )],
            "custom-verbs",
            "team/.rbaclint.yaml:2:1",
        ),
        // Written in a config it extends that is not the run's.
        (
            vec![
                (
                    "team/base.yaml",
                    "extra-apis: {'': [gadgets]}\ncustom-verbs: [approve-all]\n",
                ),
                ("team/.rbaclint.yaml", "extend: base.yaml\n"),
            ],
            "extra-apis",
            "team/base.yaml:1:1",
        ),
    ] {
        for (path, text) in &files {
            write(path, text);
        }
        let out = rbaclint_in(&dir, &check);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{files:?}: {err}");
        assert!(
            err.contains(&format!("rule options are run-wide: `{name}` belongs in the run's config, not in a config that governs only some of the files")),
            "{files:?}: {err}"
        );
        assert!(
            err.contains(&format!("[{at}]")),
            "{files:?}: must point at {at}: {err}"
        );
        assert!(err.contains(help), "{files:?}: {err}");
        assert!(stdout(&out).is_empty(), "no report on a config error");
    }
    // From its own directory the config is the run's: its options apply.
    let out = rbaclint_in(&dir.join("team"), &["check", "--format", "json", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(rules(&out), Vec::<String>::new());
    // Without the option the verb is unknown there (the option did apply).
    write("team/base.yaml", "fail-on: note\n");
    let out = rbaclint_in(&dir.join("team"), &["check", "--format", "json", "."]);
    assert_eq!(rules(&out), ["7:unknown-verb"], "{}", stderr(&out));
}
