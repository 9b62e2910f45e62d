//! Every output format rendered from the same findings (insta snapshots),
//! SARIF against the official schema with fingerprints that survive edits,
//! GitHub workflow-command escaping, and the format-selection flags.

use crate::common;

use rbaclint::discover::Input;
use rbaclint::engine::{self, Outcome, Settings};
use rbaclint::report::{self, human};
use serde_json::Value;

use common::{rbaclint, scratch, stderr, stdout};

/// Settings running only the rules these snapshots show, so adding a rule
/// to the registry does not change them.
fn settings() -> Settings {
    let mut settings = Settings::default();
    for rule in rbaclint::rules::RULES {
        if ![
            "wildcard-verbs",
            "wildcard-resources",
            "duplicate-key",
            "unused-suppression",
        ]
        .contains(&rule.id)
        {
            settings.set(rule.id, None);
        }
    }
    settings
}

/// Findings of several rules in two files (one with a secondary label), a
/// suppressed finding, and a file that cannot be parsed.
fn outcome() -> Outcome {
    let file = |path: &str| Input {
        name: path.to_string(),
        bytes: std::fs::read(path).map_err(|e| e.to_string()),
    };
    engine::run(
        vec![
            file("fixtures/wildcard-verbs/bad.yaml"),
            file("fixtures/duplicate-key/bad.yaml"),
            file("fixtures/unused-suppression/good.yaml"),
            Input {
                name: "broken.yaml".into(),
                bytes: Ok(b"kind: Role\nrules: [\n".to_vec()),
            },
        ],
        &settings(),
    )
}

#[test]
fn every_format_from_the_same_findings() {
    let outcome = outcome();
    assert!(outcome.findings.len() >= 5 && outcome.suppressed > 0);
    let style = human::Style {
        color: false,
        width: 100,
    };
    insta::assert_snapshot!("human", human::render(&outcome, style));
    insta::assert_snapshot!("concise", report::concise::render(&outcome));
    insta::assert_snapshot!("json", report::json::render(&outcome));
    insta::assert_snapshot!("sarif", sarif_without_unused_rules(&outcome));
    insta::assert_snapshot!("github", report::github::render(&outcome));
    insta::assert_snapshot!("gitlab", report::gitlab::render(&outcome));
    insta::assert_snapshot!("junit", report::junit::render(&outcome));
    insta::assert_snapshot!("statistics", report::statistics::render_text(&outcome));
}

/// The SARIF report with only the rule metadata of rules that have results,
/// so adding a rule to the registry does not churn this snapshot.
fn sarif_without_unused_rules(outcome: &Outcome) -> String {
    let mut sarif: Value = serde_json::from_str(&report::sarif::render(outcome)).unwrap();
    let run = &mut sarif["runs"][0];
    let used: Vec<Value> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].clone())
        .collect();
    run["tool"]["driver"]["rules"]
        .as_array_mut()
        .unwrap()
        .retain(|rule| used.contains(&rule["id"]));
    serde_json::to_string_pretty(&sarif).unwrap()
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn sarif_is_valid_with_security_metadata_and_fingerprints() {
    let sarif: Value = serde_json::from_str(&report::sarif::render(&outcome())).unwrap();
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let verbs = rules.iter().find(|r| r["id"] == "wildcard-verbs").unwrap();
    assert_eq!(verbs["properties"]["security-severity"], "8.0");
    assert!(verbs["properties"]["tags"]
        .as_array()
        .unwrap()
        .contains(&"security".into()));
    let unused = rules
        .iter()
        .find(|r| r["id"] == "unused-suppression")
        .unwrap();
    assert!(unused["properties"]["security-severity"].is_null());
    let mut prints = sarif_fingerprints(&sarif);
    let n = prints.len();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), n, "fingerprints are unique");
}

/// The fingerprints of a file's findings, through the real binary.
fn fingerprints(dir: &std::path::Path, text: &str) -> Vec<String> {
    let path = dir.join("role.yaml");
    std::fs::write(&path, text).unwrap();
    let out = rbaclint(
        &[
            "check",
            "--select",
            "wildcard-verbs",
            "--format",
            "sarif",
            path.to_str().unwrap(),
        ],
        None,
    );
    sarif_fingerprints(&serde_json::from_str(&stdout(&out)).unwrap())
}

/// Each result's `primaryLocationLineHash`.
fn sarif_fingerprints(sarif: &Value) -> Vec<String> {
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"]["primaryLocationLineHash"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn fingerprints_are_stable_across_runs_and_inserted_lines() {
    let dir = scratch("formats-fingerprints");
    let bad = std::fs::read_to_string("fixtures/wildcard-verbs/bad.yaml").unwrap();
    let first = fingerprints(&dir, &bad);
    assert_eq!(first.len(), 4);
    assert_eq!(
        fingerprints(&dir, &bad),
        first,
        "same input, same fingerprints"
    );
    let moved = format!("{}{bad}", "# padding\n".repeat(10));
    assert_eq!(
        fingerprints(&dir, &moved),
        first,
        "lines above change nothing"
    );
}

#[test]
fn github_annotations_escape_messages_and_properties() {
    // A file name with `%`, `:` and `,`; an object name with `:`, `,` and a
    // newline (the API server refuses `%` in an RBAC name).
    let text = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: \"b:c,d\\ne\"\nrules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: [\"*\"]\n";
    let outcome = engine::run(
        vec![Input {
            name: "dir,x/100%:odd.yaml".into(),
            bytes: Ok(text.as_bytes().to_vec()),
        }],
        &settings(),
    );
    let rendered = report::github::render(&outcome);
    let first = rendered.lines().next().unwrap();
    assert_eq!(
        first,
        "::error file=dir%2Cx/100%25%3Aodd.yaml,line=8,col=11,endLine=8,endColumn=14,\
         title=rbaclint (wildcard-verbs)::ClusterRole/b:c,d%0Ae: `*` in verbs grants every verb \
         on resources pods; covers workload create%0Ahelp: list only the verbs the workload calls, e.g. [get, list, watch]"
    );
    assert_eq!(report::github::message("50%\r\n"), "50%25%0D%0A");
    assert_eq!(report::github::property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    // The concise report follows, one line a finding: a newline in the
    // message is shown as an escape.
    assert!(rendered
        .contains("\ndir,x/100%:odd.yaml:8:11: error[wildcard-verbs] ClusterRole/b:c,d\\ne:"));
}

#[test]
fn format_flag_env_and_github_actions_default() {
    let bad = "fixtures/wildcard-verbs/bad.yaml";
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_rbaclint"));
        command
            .args(args)
            .arg("--select=wildcard-verbs")
            .env_remove("RBACLINT_FORMAT")
            .env_remove("GITHUB_ACTIONS");
        for (k, v) in env {
            command.env(k, v);
        }
        stdout(&command.output().unwrap())
    };
    assert!(run(&["check", bad], &[("GITHUB_ACTIONS", "true")]).starts_with("::error file="));
    assert!(run(&["check", bad], &[("RBACLINT_FORMAT", "concise")]).starts_with(bad));
    // An explicit format wins over GITHUB_ACTIONS.
    let json = run(
        &["check", "--format", "json", bad],
        &[("GITHUB_ACTIONS", "true")],
    );
    assert!(json.starts_with('{'));
    let gitlab: Value =
        serde_json::from_str(&run(&["check", "--format", "gitlab", bad], &[])).unwrap();
    assert_eq!(gitlab[0]["location"]["path"], bad);
    assert_eq!(gitlab[0]["severity"], "critical");
}

#[test]
fn output_file_and_statistics() {
    let dir = scratch("formats-output");
    let report = dir.join("report.sarif");
    let out = rbaclint(
        &[
            "check",
            "--format",
            "sarif",
            "--output",
            report.to_str().unwrap(),
            "fixtures",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty(), "the report goes to the file");
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert!(sarif_validator().is_valid(&sarif));
    let out = rbaclint(
        &[
            "check",
            "--select=wildcard-verbs",
            "--statistics",
            "fixtures/wildcard-verbs",
        ],
        None,
    );
    assert_eq!(
        stdout(&out),
        "     4  wildcard-verbs                 error\n     4  total\n"
    );
    let out = rbaclint(
        &[
            "check",
            "--statistics",
            "--format",
            "json",
            "fixtures/wildcard-verbs",
        ],
        None,
    );
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json[0]["count"], 4);
    let out = rbaclint(
        &["check", "--output", "/nonexistent/dir/x", "fixtures"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot write /nonexistent/dir/x"));
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "_rbaclint()"),
        ("zsh", "#compdef rbaclint"),
        ("fish", "complete -c rbaclint"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = rbaclint(&["completions", shell], None);
        assert_eq!(out.status.code(), Some(0));
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}");
        assert!(script.contains("write-baseline"), "{shell} knows the flags");
    }
}

/// Issue 9: what the input names is printed inertly. A file name with a line
/// break, a workflow command and an escape sequence cannot forge a GitHub
/// annotation, break a concise line or recolour a terminal.
#[test]
fn names_from_the_input_cannot_inject_into_any_format() {
    let dir = crate::common::scratch("inject");
    let name = "evil\n::error file=x::forged\u{1b}[31m.yaml";
    std::fs::write(
        dir.join(name),
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: a}\nrules:\n- apiGroups: ['']\n  resources: [pods]\n  verbs: ['*']\n",
    )
    .unwrap();
    let path = dir.join(name);
    let path = path.to_str().unwrap();
    let github = rbaclint(&["check", "--format", "github", path], None);
    let text = stdout(&github);
    let commands: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("::"))
        .collect();
    assert_eq!(commands.len(), 1, "{text}");
    assert!(
        commands[0].starts_with("::error file=") && commands[0].contains("%0A%3A%3Aerror"),
        "{text}"
    );
    for format in ["concise", "github"] {
        let text = stdout(&rbaclint(&["check", "--format", format, path], None));
        assert!(!text.contains('\u{1b}'), "{format}: {text:?}");
        assert!(
            text.contains("evil\\n::error file=x::forged\\x1b[31m.yaml"),
            "{format}: {text}"
        );
    }
}
