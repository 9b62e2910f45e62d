//! Every output format rendered from the same findings (insta snapshots),
//! SARIF against the official schema with fingerprints that survive edits,
//! GitHub workflow-command escaping, and the format-selection flags.

use crate::common;

use rbaclint::discover::{Content, Input};
use rbaclint::engine::{self, Outcome};
use rbaclint::report::{self, human};
use rbaclint::settings::Settings;
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
        .contains(&rule.id.as_str())
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
        content: Content::Read(std::fs::read(path).map_err(|e| e.to_string())),
        walked: false,
    };
    engine::run(
        vec![
            file("fixtures/wildcard-verbs/bad.yaml"),
            file("fixtures/duplicate-key/bad.yaml"),
            file("fixtures/unused-suppression/good.yaml"),
            Input {
                name: "broken.yaml".into(),
                content: Content::Read(Ok(b"kind: Role\nrules: [\n".to_vec())),
                walked: false,
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
    insta::assert_snapshot!("gitlab", report::gitlab::render(&outcome, None));
    insta::assert_snapshot!(
        "junit",
        report::junit::render(&outcome, Some(rbaclint::finding::Severity::Error))
    );
    insta::assert_snapshot!("statistics", report::statistics::render_text(&outcome));
}

/// The SARIF report with only the rule metadata of rules that have results,
/// so adding a rule to the registry does not churn this snapshot.
fn sarif_without_unused_rules(outcome: &Outcome) -> String {
    let mut sarif: Value =
        serde_json::from_str(&report::sarif::render(outcome, &settings())).unwrap();
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
    let sarif: Value =
        serde_json::from_str(&report::sarif::render(&outcome(), &settings())).unwrap();
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
            content: Content::Read(Ok(text.as_bytes().to_vec())),
            walked: false,
        }],
        &settings(),
    );
    let rendered = report::github::render(&outcome);
    let first = rendered.lines().next().unwrap();
    assert_eq!(
        first,
        "::error file=dir%2Cx/100%25%3Aodd.yaml,line=8,col=11,endLine=8,endColumn=14,\
         title=rbaclint (wildcard-verbs)::ClusterRole/b:c,d%0Ae: `*` in verbs grants every verb \
         on resources pods in API groups [\"\" (core)]; covers workload create%0Ahelp: list only the verbs the workload calls, e.g. [get, list, watch]"
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
        let output = common::command()
            .args(args)
            .arg("--select=wildcard-verbs")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        stdout(&output)
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
        "     5  wildcard-verbs                 error\n     5  total\n"
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
    assert_eq!(json[0]["count"], 5);
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
    for format in ["concise", "github", "human"] {
        let text = stdout(&rbaclint(&["check", "--format", format, path], None));
        assert!(!text.contains('\u{1b}'), "{format}: {text:?}");
        assert!(
            text.contains("evil\\n::error file=x::forged\\x1b[31m.yaml"),
            "{format}: {text}"
        );
    }
    // An object name with an escape sequence (YAML's "\e") is shown escaped.
    let object = dir.join("object.yaml");
    std::fs::write(
        &object,
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: \"a\\e[31mb\"}\nrules:\n- apiGroups: ['']\n  resources: [pods]\n  verbs: ['*']\n",
    )
    .unwrap();
    for format in ["human", "concise"] {
        let text = stdout(&rbaclint(
            &["check", "--format", format, object.to_str().unwrap()],
            None,
        ));
        assert!(!text.contains('\u{1b}'), "{format}: {text:?}");
        assert!(text.contains("ClusterRole/a\\x1b[31mb"), "{format}: {text}");
    }
}

/// A file with `n` rules, each granting `*` verbs (one `wildcard-verbs`
/// error each), so annotation and result limits can be crossed; in
/// ClusterRoles of at most 5,000 rules (one object may yield at most
/// 10,000 findings).
fn many_wildcards(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let mut text = String::new();
    for i in 0..n {
        if i % 5_000 == 0 {
            text.push_str(&format!(
                "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: many-{i}\nrules:\n"
            ));
        }
        text.push_str("- {apiGroups: [\"\"], resources: [pods], verbs: [\"*\"]}\n");
    }
    let path = dir.join("many.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn gitlab_paths_are_relative_to_the_project_and_load_errors_are_issues() {
    let root = env!("CARGO_MANIFEST_DIR");
    let absolute = format!("{root}/fixtures/wildcard-verbs/bad.yaml");
    let run = |project: &str, path: &str| -> Value {
        let out = common::rbaclint_with_env(
            &["check", "--format=gitlab", "--select=wildcard-verbs", path],
            None,
            &[("CI_PROJECT_DIR", project)],
        );
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    // An absolute input, inside the project: relative to CI_PROJECT_DIR.
    let report = run(root, &absolute);
    assert_eq!(
        report[0]["location"]["path"],
        "fixtures/wildcard-verbs/bad.yaml"
    );
    // The project above the working directory: the path gains the prefix.
    let parent = std::path::Path::new(root).parent().unwrap();
    let prefix = std::path::Path::new(root).file_name().unwrap();
    let report = run(parent.to_str().unwrap(), "fixtures/wildcard-verbs/bad.yaml");
    assert_eq!(
        report[0]["location"]["path"],
        format!(
            "{}/fixtures/wildcard-verbs/bad.yaml",
            prefix.to_string_lossy()
        )
    );
    // A file outside the project keeps the path it was given.
    let dir = scratch("gitlab-outside");
    std::fs::write(dir.join("broken.yaml"), "kind: Role\nrules: [\n").unwrap();
    let broken = dir.join("broken.yaml");
    let report = run(&format!("{root}/fixtures"), broken.to_str().unwrap());
    assert_eq!(report[0]["location"]["path"], broken.to_str().unwrap());
    // The file that cannot be parsed is an issue of its own.
    let report = run(dir.to_str().unwrap(), broken.to_str().unwrap());
    let issue = &report[0];
    assert_eq!(issue["check_name"], "load-error");
    assert_eq!(issue["severity"], "blocker");
    assert_eq!(issue["location"]["path"], "broken.yaml");
    assert_eq!(issue["location"]["lines"]["begin"], 3);
    assert!(
        issue["description"]
            .as_str()
            .unwrap()
            .starts_with("[load-error] cannot lint this file: "),
        "{issue}"
    );
    assert_eq!(issue["fingerprint"].as_str().unwrap().len(), 16);
}

#[test]
fn junit_fails_only_at_the_fail_level_and_locates_load_errors() {
    let dir = scratch("junit-fail-on");
    std::fs::write(dir.join("broken.yaml"), "kind: Role\nrules: [\n").unwrap();
    let out = rbaclint(
        &[
            "check",
            "--format=junit",
            "--fail-on=error",
            "--select=wildcard-verbs,broad-api-groups",
            "fixtures/broad-api-groups/bad.yaml",
            "fixtures/wildcard-verbs/bad.yaml",
            dir.join("broken.yaml").to_str().unwrap(),
        ],
        None,
    );
    let xml = stdout(&out);
    // broad-api-groups warns: below `--fail-on=error`, passing with output.
    let warnings = xml
        .matches("<property name=\"severity\" value=\"warning\"/>")
        .count();
    let errors = xml
        .matches("<property name=\"severity\" value=\"error\"/>")
        .count();
    assert!(warnings > 0 && errors == 4, "{xml}");
    assert_eq!(xml.matches("<failure ").count(), errors);
    assert_eq!(xml.matches("<system-out>").count(), warnings);
    assert!(xml.contains(&format!(
        "<testsuites name=\"rbaclint\" tests=\"{}\" failures=\"4\" errors=\"1\">",
        warnings + errors + 1
    )));
    assert!(xml.contains(
        "<failure type=\"wildcard-verbs\" message=\"error: ClusterRole/my-controller: `*` in verbs grants every verb on resources configmaps in API groups [&quot;&quot; (core)]\">fixtures/wildcard-verbs/bad.yaml:9:11: error[wildcard-verbs]: "
    ), "{xml}");
    assert!(xml.contains("(below the fail level: reported, not failed)</system-out>"));
    let broken = dir.join("broken.yaml");
    let broken = broken.to_str().unwrap();
    assert!(
        xml.contains(&format!(
            "<testcase name=\"load\" classname=\"{broken}\" file=\"{broken}\" line=\"3\">\n      <error type=\"load-error\" message=\""
        )),
        "{xml}"
    );
    assert!(xml.contains(&format!("\">{broken}:3:1: ")), "{xml}");
}

#[test]
fn github_says_how_many_annotations_are_hidden_and_writes_the_step_summary() {
    let dir = scratch("github-limits");
    let many = many_wildcards(&dir, 12);
    let summary = dir.join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = common::rbaclint_with_env(
        &[
            "check",
            "--format=github",
            "--select=wildcard-verbs",
            "fixtures/wildcard-verbs/bad.yaml",
            many.to_str().unwrap(),
        ],
        None,
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );
    let log = stdout(&out);
    assert_eq!(
        log.lines().next().unwrap(),
        "::notice title=rbaclint::GitHub shows 10 annotations of each level per step: \
         6 error annotations hidden. All 16 findings are listed in this step's log and in the job summary."
    );
    assert_eq!(log.matches("::error ").count(), 16);
    let written = std::fs::read_to_string(&summary).unwrap();
    let first = "| fixtures/wildcard-verbs/bad.yaml:9:11 | error | `wildcard-verbs` | \
                 ClusterRole/my-controller: `*` in verbs grants every verb on resources configmaps in API groups [\"\" (core)] |";
    assert!(
        written.starts_with(
            "earlier step\n## rbaclint\n\n16 findings in 2 files (2 files checked).\n\n\
             | Rule | Severity | Findings |\n| --- | --- | ---: |\n| `wildcard-verbs` | error | 16 |\n\n\
             | Location | Severity | Rule | Message |\n| --- | --- | --- | --- |\n"
        ),
        "{written}"
    );
    assert!(written.contains(first), "{written}");
    // Ten or fewer of each level: no notice; no variable: no summary.
    let out = rbaclint(
        &[
            "check",
            "--format=github",
            "fixtures/wildcard-verbs/bad.yaml",
        ],
        None,
    );
    assert!(stdout(&out).starts_with("::error file="));
}

#[test]
fn sarif_names_descriptions_configured_severity_and_linked_related_locations() {
    let out = rbaclint(
        &[
            "check",
            "--format=sarif",
            "--severity=wildcard-verbs=note",
            "fixtures/wildcard-verbs/bad.yaml",
            "fixtures/duplicate-key/bad.yaml",
        ],
        None,
    );
    let sarif: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(sarif_validator().is_valid(&sarif));
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for rule in rules {
        let short = rule["shortDescription"]["text"].as_str().unwrap();
        assert_ne!(rule["name"], rule["id"]);
        let sentences = short
            .split(". ")
            .skip(1)
            .filter(|rest| rest.starts_with(char::is_uppercase))
            .count();
        assert!(short.ends_with('.') && sentences == 0, "{short}");
    }
    let verbs = rules.iter().find(|r| r["id"] == "wildcard-verbs").unwrap();
    assert_eq!(verbs["name"], "WildcardVerbs");
    assert_eq!(verbs["properties"]["security-severity"], "2.0");
    let related = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["relatedLocations"].is_array())
        .unwrap();
    assert_eq!(related["relatedLocations"][0]["id"], 1);
    let text = related["message"]["text"].as_str().unwrap();
    assert!(text.ends_with("\nsee: [first written here](1)"), "{text}");
}

#[test]
fn sarif_warns_past_github_result_limit() {
    let dir = scratch("sarif-limit");
    let many = many_wildcards(&dir, 25_001);
    let out = rbaclint(
        &[
            "check",
            "--format=sarif",
            "--select=wildcard-verbs",
            many.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        stderr(&out),
        "warning: the SARIF report has 25001 results; GitHub code scanning keeps only the first 25000 of a run (narrow the inputs, or fix and baseline findings)\n"
    );
}
