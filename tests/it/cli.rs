//! The real binary, end to end: exit codes, inputs, errors, formats.

use crate::common;

use common::{rbaclint, scratch, stderr, stdout};
use serde_json::Value;

const BAD: &str = "fixtures/wildcard-verbs/bad.yaml";
const GOOD: &str = "fixtures/wildcard-verbs/good.yaml";

#[test]
fn exit_codes_clean_findings_and_usage() {
    assert_eq!(rbaclint(&["check", GOOD], None).status.code(), Some(0));
    assert_eq!(rbaclint(&["check", BAD], None).status.code(), Some(1));
    assert_eq!(
        rbaclint(&["check", "--format", "nope", BAD], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(rbaclint(&["frobnicate"], None).status.code(), Some(2));
}

#[test]
fn human_output_points_at_the_element() {
    let out = rbaclint(&["check", BAD], None);
    let text = stdout(&out);
    assert!(
        text.contains("[fixtures/wildcard-verbs/bad.yaml:9:11]"),
        "{text}"
    );
    assert!(text.contains("wildcard-verbs"));
    assert!(text.contains("help: list only the verbs"));
    assert!(
        text.ends_with("4 errors in 1 file (1 file checked)\n"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "NO_COLOR must turn colour off");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let always = rbaclint(&["check", "--color", "always", BAD], None);
    assert!(stdout(&always).contains('\u{1b}'));
    let never = rbaclint(&["check", "--color", "never", BAD], None);
    assert!(!stdout(&never).contains('\u{1b}'));
}

#[test]
fn stdin_with_a_name() {
    let text = std::fs::read(BAD).unwrap();
    let out = rbaclint(
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "role.yaml",
            "-",
        ],
        Some(&text),
    );
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["findings"][0]["file"], "role.yaml");
    assert_eq!(json["findings"].as_array().unwrap().len(), 4);
}

#[test]
fn json_schema_fields() {
    let out = rbaclint(&["check", "--format", "json", BAD], None);
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["version"], 1);
    let f = &json["findings"][3];
    assert_eq!(f["rule"], "wildcard-verbs");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["file"], BAD);
    // `  verbs: [get, list, "*"]` after non-ASCII text: columns count characters.
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(27), Some(22))
    );
    assert_eq!(
        (f["end_line"].as_u64(), f["end_column"].as_u64()),
        (Some(27), Some(25))
    );
    assert_eq!(f["object"]["kind"], "Role");
    assert_eq!(f["object"]["namespace"], "team-unicode");
    assert_eq!(f["object"]["name"], "légacy");
    assert_eq!(f["element"], "rules[0].verbs[2]");
    assert!(f["message"].as_str().unwrap().starts_with("Role/légacy:"));
    assert!(f["help"].as_str().unwrap().len() > 10);
    assert_eq!(json["summary"]["rbac_objects"], 2);
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema: Value = serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let out = rbaclint(
        &[
            "check",
            "--format",
            "sarif",
            "fixtures",
            "tests/data/does-not-exist.yaml",
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "a missing file is an input error"
    );
    let sarif: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let verbs = rules.iter().find(|r| r["id"] == "wildcard-verbs").unwrap();
    assert_eq!(verbs["defaultConfiguration"]["level"], "error");
    assert!(verbs["help"]["text"]
        .as_str()
        .unwrap()
        .contains("## Why is this bad?"));
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["ruleId"] == "wildcard-verbs"
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == BAD
        })
        .unwrap();
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        BAD
    );
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(9), Some(11))
    );
    assert_eq!(region["endColumn"].as_u64(), Some(14));
}

#[test]
fn bad_yaml_is_an_error_and_other_files_are_still_linted() {
    let dir = scratch("bad-yaml");
    std::fs::write(
        dir.join("a-broken.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n",
    )
    .unwrap();
    std::fs::copy(BAD, dir.join("b-role.yaml")).unwrap();
    let out = rbaclint(&["check", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    // miette wraps long lines, and the scratch path's length varies by checkout.
    let flat = text
        .split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains("a-broken.yaml at line 4, column 1"), "{text}");
    assert!(flat.contains("invalid YAML"), "{text}");
    assert_eq!(
        text.matches("` in verbs grants every verb").count(),
        4,
        "{text}"
    );
    assert!(text.contains("1 file could not be read or parsed"));
}

#[test]
fn helm_templates_get_a_hint() {
    let dir = scratch("helm");
    std::fs::write(
        dir.join("role.yaml"),
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.rbac }}\nrules: []\n{{- end }}\n",
    )
    .unwrap();
    let out = rbaclint(&["check", dir.join("role.yaml").to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(text.contains("helm template"), "{text}");
    assert!(text.contains("role.yaml at line"), "{text}");
}

#[test]
fn non_utf8_input_names_file_line_and_column() {
    let dir = scratch("latin1");
    std::fs::write(
        dir.join("latin1.yaml"),
        b"kind: Role\nmetadata:\n  name: caf\xe9\n",
    )
    .unwrap();
    let out = rbaclint(&["check", "--format", "json", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let error = &json["errors"][0];
    assert!(error["message"].as_str().unwrap().contains("not UTF-8"));
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(3), Some(12))
    );
    assert!(stderr(&out).contains("latin1.yaml at line 3, column 12"));
}

#[test]
fn directories_are_walked_sorted_skipping_hidden_and_excluded() {
    let dir = scratch("walk");
    for sub in ["b", "a", ".git", "vendor"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::copy(BAD, dir.join(sub).join("role.yaml")).unwrap();
    }
    std::fs::copy(BAD, dir.join("a").join("role.json.txt")).unwrap();
    let root = dir.to_str().unwrap();
    let out = rbaclint(
        &["check", "--format", "json", "--exclude", "vendor", root],
        None,
    );
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let files: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect();
    let mut distinct = files.clone();
    distinct.dedup();
    assert_eq!(
        distinct,
        [format!("{root}/a/role.yaml"), format!("{root}/b/role.yaml")]
    );
    assert_eq!(json["summary"]["files"], 2);
}

#[test]
fn rules_and_explain() {
    let out = rbaclint(&["rules"], None);
    let text = stdout(&out);
    for id in common::BRIEF_RULES {
        assert!(text.contains(id), "{id} missing from `rules`");
    }
    // One line per rule: id, default severity, set, a one-sentence summary.
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), rbaclint::rules::RULES.len() + 3, "{text}");
    assert_eq!(
        lines[0],
        "wildcard-verbs                   error    recommended  Flags each `*` element of a rule's `verbs` in a Role or ClusterRole."
    );
    assert!(
        lines.contains(&"secrets-read                     warning  opt-in       Flags `get`, `list` or `watch` on core `secrets` without `resourceNames`."),
        "{text}"
    );
    let out = rbaclint(&["rules", "--format", "json"], None);
    assert_eq!(out.status.code(), Some(0));
    let rules: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rules = rules.as_array().unwrap();
    assert_eq!(rules.len(), rbaclint::rules::RULES.len());
    assert_eq!(
        rules[0],
        serde_json::json!({
            "id": "wildcard-verbs",
            "name": "WildcardVerbs",
            "severity": "error",
            "set": "recommended",
            "kind": "check",
            "controllersOnly": true,
            "summary": "Flags each `*` element of a rule's `verbs` in a Role or ClusterRole."
        })
    );
    let kind_of = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap()["kind"].clone();
    assert_eq!(kind_of("invalid-object"), "engine");
    assert_eq!(kind_of("unused-grant"), "audit");
    let out = rbaclint(&["explain", "crd-admin-mixed-with-runtime"], None);
    assert_eq!(out.status.code(), Some(0));
    let doc = stdout(&out);
    assert!(
        doc.contains("## Why is this bad?") && doc.contains("CI/CD"),
        "{doc}"
    );
    let out = rbaclint(&["explain", "no-such-rule"], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: unknown rule `no-such-rule`; `rbaclint rules` lists the rule ids\n"
    );
}

#[test]
fn misspelt_rule_ids_get_did_you_mean() {
    let cases = [
        (&["explain", "wildcard-verb"][..], "error: unknown rule `wildcard-verb`; did you mean `wildcard-verbs`? `rbaclint rules` lists the rule ids\n"),
        (&["check", "--select", "wildcard-verb", GOOD], "error: unknown rule `wildcard-verb` in --select/--extend-select/--ignore; did you mean `wildcard-verbs`? `rbaclint rules` lists the rule ids\n"),
        (&["check", "--ignore", "reccomended", GOOD], "error: unknown rule `reccomended` in --select/--extend-select/--ignore; did you mean `recommended`? `rbaclint rules` lists the rule ids\n"),
    ];
    for (args, message) in cases {
        let out = rbaclint(args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out), message);
    }
}

#[test]
fn crlf_bom_and_directives_keep_positions() {
    let text = "\u{feff}%YAML 1.1\r\n---\r\n# comment only\r\n...\r\n---\r\napiVersion: rbac.authorization.k8s.io/v1\r\nkind: ClusterRole\r\nmetadata: {name: x}\r\nrules:\r\n- apiGroups: ['']\r\n  resources: [pods]\r\n  verbs: ['*']\r\n...\r\n";
    let out = rbaclint(&["check", "--format", "json", "-"], Some(text.as_bytes()));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let f = &json["findings"][0];
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(12), Some(11)),
        "{json}"
    );
    assert_eq!(f["file"], "<stdin>");
}

/// Issue 9: a report that cannot be written (full disk, closed pipe) ends the
/// run with exit 2 and no panic, whatever the findings were.
#[test]
fn a_write_error_on_stdout_or_stderr_exits_2_without_a_panic() {
    use std::process::Stdio;
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: this system has no /dev/full");
        return;
    };
    let run = |stdout: Stdio, stderr: Stdio, args: &[&str]| {
        common::command()
            .args(args)
            .stdout(stdout)
            .stderr(stderr)
            .output()
            .unwrap()
    };
    let out = run(
        full.try_clone().unwrap().into(),
        Stdio::piped(),
        &["check", "fixtures/wildcard-verbs/bad.yaml"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));

    // An error message that cannot be written: a missing file, stderr full.
    let out = run(
        Stdio::piped(),
        full.into(),
        &[
            "check",
            "fixtures/wildcard-verbs/good.yaml",
            "no-such-file.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_closed_stdout_pipe_exits_2_without_a_panic() {
    use std::process::Stdio;
    let mut child = common::command()
        .args(["check", "fixtures/", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before rbaclint writes its report.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

/// Issue 11: users arriving from ruff type `--output-format` and
/// `--output-file`; both mean what they say (not a report file named `sarif`).
#[test]
fn ruff_style_output_flags_are_synonyms() {
    let dir = scratch("ruff-flags");
    let report = dir.join("report.sarif");
    let out = rbaclint(
        &[
            "check",
            "--output-format",
            "sarif",
            "--output-file",
            report.to_str().unwrap(),
            "fixtures/wildcard-verbs/bad.yaml",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(!std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sarif")
        .exists());
}
