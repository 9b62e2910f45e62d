//! Which files a run lints (issue 11, "Defaults in a repository"), through
//! the real binary: ignore files, explicit files, Helm chart templates,
//! missing paths, empty directories and empty standard input.

use std::path::Path;

use crate::common::{rbaclint, scratch, stderr, stdout};

const WILDCARD: &str = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: a}\nrules:\n- apiGroups: ['']\n  resources: [pods]\n  verbs: ['*']\n";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The file names of the findings in a concise report.
fn files_with_findings(out: &std::process::Output) -> Vec<String> {
    let mut files: Vec<String> = stdout(out)
        .lines()
        .filter(|l| l.contains(": error[") || l.contains(": warning["))
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect();
    files.dedup();
    files
}

#[test]
fn walks_respect_gitignore_unless_told_and_named_files_are_always_linted() {
    let dir = scratch("discovery-gitignore");
    let git = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(&dir)
        .status();
    if !git.is_ok_and(|s| s.success()) {
        eprintln!("skipped: git is not available");
        return;
    }
    write(&dir.join(".gitignore"), "/build/\n");
    write(&dir.join("build/generated.yaml"), WILDCARD);
    write(&dir.join("deploy/role.yaml"), WILDCARD);
    write(&dir.join("vendor/.ignore"), "skipped.yaml\n");
    write(&dir.join("vendor/skipped.yaml"), WILDCARD);
    let root = dir.to_str().unwrap();

    let out = rbaclint(&["check", "--format", "concise", root], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        files_with_findings(&out),
        [format!("{root}/deploy/role.yaml")]
    );

    let out = rbaclint(
        &["check", "--format", "concise", "--no-ignore-vcs", root],
        None,
    );
    assert_eq!(
        files_with_findings(&out),
        [
            format!("{root}/build/generated.yaml"),
            format!("{root}/deploy/role.yaml"),
            format!("{root}/vendor/skipped.yaml"),
        ]
    );

    let named = dir.join("build/generated.yaml");
    let out = rbaclint(
        &["check", "--format", "concise", named.to_str().unwrap()],
        None,
    );
    assert_eq!(files_with_findings(&out), [named.to_str().unwrap()]);
}

/// A file a walk finds that does not parse and is not a manifest (a
/// `tsconfig.json` with comments in a TypeScript UI, a docs snippet
/// template) is skipped with a note, not an error that fails the run.
#[test]
fn walked_files_that_do_not_parse_and_are_not_manifests_are_skipped_with_a_note() {
    let dir = scratch("discovery-json");
    let tsconfig = dir.join("ui/tsconfig.json");
    write(
        &tsconfig,
        "{\n  // comments and a trailing comma\n  \"strict\": true,\n}\n",
    );
    write(&dir.join("deploy/role.yaml"), WILDCARD);
    let root = dir.to_str().unwrap();
    for command in [
        vec!["check", "--format", "concise", root],
        vec!["who-can", "list", "pods", root],
    ] {
        let out = rbaclint(&command, None);
        let err = stderr(&out);
        assert!(
            err.contains(&format!(
                "warning: skipped {}, which does not parse as JSON or YAML and names no apiVersion and kind",
                tsconfig.display()
            )),
            "{err}"
        );
        assert!(!err.contains("error"), "{err}");
        assert_ne!(out.status.code(), Some(2), "{command:?}: {err}");
    }
    let out = rbaclint(&["check", "--format", "concise", root], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        files_with_findings(&out),
        [format!("{root}/deploy/role.yaml")]
    );

    // Named, it is linted: the error stands.
    assert_named_file_fails(
        &tsconfig,
        "tsconfig.json:3:11: error[load-error] invalid YAML",
    );

    // Another tool's broken YAML config that names neither apiVersion nor
    // kind (flannel's snapcraft.yaml: `description:|` lacks its space) is
    // skipped the same way; a broken YAML manifest's error stands.
    let snapcraft = dir.join("dist/snap/snapcraft.yaml");
    write(
        &snapcraft,
        "name: flannel\ndescription:|  A network fabric.\n\nadopt-info: flannel\n",
    );
    assert_walk_notes(
        root,
        &format!(
            "warning: skipped {}, {}, which do not parse as JSON or YAML and name no apiVersion and kind: another tool's config, not a manifest",
            snapcraft.display(),
            tsconfig.display()
        ),
    );
    std::fs::remove_file(&snapcraft).unwrap();
    let broken_yaml = dir.join("deploy/broken-role.yaml");
    write(&broken_yaml, "kind: Role\nrules: [\n");
    assert_walk_fails(root, "broken-role.yaml:3:1: error[load-error]");
    std::fs::remove_file(&broken_yaml).unwrap();

    // A docs snippet with template delimiters (external-secrets' docs start
    // with `{% raw %}`) is skipped the same way, with its own note.
    let snippet = dir.join("docs/snippets/example.yaml");
    write(&snippet, "{% raw %}\nkind: ExternalSecret\n{% endraw %}\n");
    assert_walk_notes(
        root,
        &format!(
            "warning: skipped {}, which does not parse and holds template placeholders ({{{{, {{% or @NAME@): not manifests until rendered",
            snippet.display()
        ),
    );
    std::fs::remove_file(&snippet).unwrap();

    // A Go template whose first document loads (calico's ASO test
    // templates) and a sed template (longhorn's `@STS_NAME@`): the parser
    // stops on the placeholder, so they are templates too.
    let go = dir.join("process/templates/resource-group.yaml");
    write(
        &go,
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: aso\n---\napiVersion: resources.azure.com/v1\nkind: ResourceGroup\nmetadata:\n  name: {{.Env.GROUP}}\n",
    );
    let sed = dir.join("dev/statefulset.yaml");
    write(
        &sed,
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: @STS_NAME@\n",
    );
    assert_walk_notes(
        root,
        &format!(
            "warning: skipped {}, {}, which do not parse and hold template placeholders",
            sed.display(),
            go.display()
        ),
    );
    // Named, the sed template's error stands, at its placeholder.
    assert_named_file_fails(&sed, "statefulset.yaml:4:9: error[load-error] invalid YAML");
    std::fs::remove_file(&go).unwrap();
    std::fs::remove_file(&sed).unwrap();

    // A broken JSON manifest found by the walk is still an error.
    let broken = dir.join("deploy/role.json");
    write(
        &broken,
        "{\"apiVersion\": \"rbac.authorization.k8s.io/v1\", \"kind\": \"Role\",\n",
    );
    assert_walk_fails(root, "role.json:2:1: error[load-error]");
}

/// A walk of `root` passes the gate's input check (exit 1: the role in
/// `deploy/` has findings) and notes, on stderr, the files it skipped.
fn assert_walk_notes(root: &str, note: &str) {
    let out = rbaclint(&["check", "--format", "concise", root], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(note), "{}", stderr(&out));
}

/// A walk of `root` fails with exit 2 on a load error (`expected`).
fn assert_walk_fails(root: &str, expected: &str) {
    let out = rbaclint(&["check", "--format", "concise", root], None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stdout(&out).contains(expected), "{}", stdout(&out));
}

/// A file named on the command line is linted even when a walk would skip
/// it: its load error is reported (`expected`) and the run exits 2.
fn assert_named_file_fails(file: &std::path::Path, expected: &str) {
    let out = rbaclint(
        &["check", "--format", "concise", file.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains(expected), "{}", stdout(&out));
}

#[test]
fn helm_chart_templates_are_skipped_with_one_note() {
    let dir = scratch("discovery-helm");
    write(
        &dir.join("chart/Chart.yaml"),
        "apiVersion: v2\nname: c\nversion: 1.0.0\n",
    );
    write(
        &dir.join("chart/templates/role.yaml"),
        "kind: Role\n{{ .Values.rules }}\n",
    );
    write(
        &dir.join("chart/templates/sub/binding.yaml"),
        "{{ template \"x\" }}\n",
    );
    let template = dir.join("chart/templates/role.yaml");
    let out = rbaclint(
        &[
            "check",
            "--format",
            "concise",
            dir.to_str().unwrap(),
            template.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let err = stderr(&out);
    let notes: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("Helm chart templates"))
        .collect();
    assert_eq!(notes.len(), 1, "{}", stderr(&out));
    assert!(notes[0].contains("helm template"), "{}", notes[0]);
    assert!(
        stdout(&out).contains("(1 file checked)"),
        "only Chart.yaml: {}",
        stdout(&out)
    );
}

#[test]
fn test_data_directories_are_skipped_with_one_note_unless_asked_or_named() {
    let dir = scratch("discovery-test-data");
    write(&dir.join("config/rbac/role.yaml"), WILDCARD);
    write(&dir.join("test/e2e/rbac.yaml"), WILDCARD);
    write(&dir.join("pkg/testdata/fixture.yaml"), WILDCARD);
    write(&dir.join("tests/assert.yaml"), WILDCARD);
    // Only names below the walked directory count: a walk rooted in a
    // test directory lints it.
    let root = dir.to_str().unwrap();
    let out = rbaclint(&["check", "--format", "concise", root], None);
    assert_eq!(
        files_with_findings(&out),
        [format!("{root}/config/rbac/role.yaml")]
    );
    let notes: Vec<String> = stderr(&out)
        .lines()
        .filter(|l| l.contains("skipped test data"))
        .map(String::from)
        .collect();
    assert_eq!(
        notes,
        [format!(
            "warning: skipped test data in {root}/pkg/testdata, {root}/test, {root}/tests: manifests under test/, tests/, testdata/ and e2e/ are test inputs, not what is deployed; pass --include-test-data (or name the files) to lint them"
        )]
    );

    let out = rbaclint(
        &["check", "--format", "concise", "--include-test-data", root],
        None,
    );
    assert_eq!(files_with_findings(&out).len(), 4, "{}", stdout(&out));
    assert!(!stderr(&out).contains("skipped test data"));

    let inside = dir.join("test");
    let named = dir.join("tests/assert.yaml");
    let out = rbaclint(
        &[
            "check",
            "--format",
            "concise",
            inside.to_str().unwrap(),
            named.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        files_with_findings(&out),
        [
            format!("{root}/test/e2e/rbac.yaml"),
            format!("{root}/tests/assert.yaml")
        ]
    );
}

#[test]
fn a_missing_path_is_a_usage_error_not_a_checked_file() {
    let out = rbaclint(
        &[
            "check",
            "--format",
            "concise",
            "fixtures/wildcard-verbs/good.yaml",
            "no/such/dir",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("error: no such file or directory: no/such/dir"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("(1 file checked)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn nothing_to_lint_is_said_and_empty_stdin_fails_the_gate() {
    let dir = scratch("discovery-empty");
    write(&dir.join("README.md"), "no manifests here\n");
    let out = rbaclint(&["check", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains(&format!(
            "warning: no YAML or JSON manifests found in {}",
            dir.display()
        )),
        "{}",
        stderr(&out)
    );

    let out = rbaclint(&["check", "--format", "concise", "-"], Some(b""));
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("stdin was empty"), "{}", stdout(&out));
}
