//! The GitHub Action (`action.yml`) runs its steps from one script,
//! `.github/action/run.sh`; this runs that script locally, as the runner
//! would, with the binary under test in place of the installed one.

use std::process::Command;

use crate::common::scratch;

fn run_action(paths: &str, sarif: &std::path::Path) -> std::process::Output {
    let summary = sarif.with_extension("summary.md");
    Command::new("bash")
        .arg(".github/action/run.sh")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("RBACLINT_BIN", env!("CARGO_BIN_EXE_rbaclint"))
        .env("INPUT_PATHS", paths)
        .env("INPUT_ARGS", "--fail-on warning")
        .env("INPUT_SARIF_FILE", sarif)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", summary)
        .env_remove("RBACLINT_FORMAT")
        .output()
        .unwrap()
}

#[test]
fn the_action_annotates_fails_on_findings_and_writes_sarif() {
    let dir = scratch("action");
    let sarif = dir.join("rbaclint.sarif");
    let out = run_action("fixtures/wildcard-verbs/bad.yaml", &sarif);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("::error file=fixtures/wildcard-verbs/bad.yaml,line=9,col=11")),
        "{text}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let results = report["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "wildcard-verbs"));
    // The job summary: counts per rule.
    let summary = std::fs::read_to_string(dir.join("rbaclint.summary.md")).unwrap();
    assert!(
        summary.contains("| `wildcard-verbs` | error | 4 |"),
        "{summary}"
    );

    let clean = dir.join("clean.sarif");
    let out = run_action("fixtures/wildcard-verbs/good.yaml", &clean);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(clean.exists());
}

#[test]
fn action_yml_runs_the_script_and_uploads_the_sarif_it_wrote() {
    let action = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml"),
    )
    .unwrap();
    assert!(action.contains("run: bash \"$GITHUB_ACTION_PATH/.github/action/run.sh\""));
    assert!(action.contains("uses: github/codeql-action/upload-sarif@v3"));
    assert!(action.contains("sarif_file: ${{ inputs.sarif-file }}"));
    assert!(action.contains("INPUT_SARIF_FILE: ${{ inputs.sarif-file }}"));
}

/// GitHub refuses an action whose metadata is not YAML (a plain scalar with
/// `: ` inside, say), and so do the hook manifests' readers: rbaclint's own
/// YAML reader must read both without a load error.
#[test]
fn action_and_hook_metadata_are_valid_yaml() {
    for file in ["action.yml", ".pre-commit-hooks.yaml"] {
        let out = crate::common::rbaclint(&["check", file, "--format", "json"], None);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["errors"], serde_json::json!([]), "{file}");
        assert_eq!(out.status.code(), Some(0), "{file}");
    }
}
