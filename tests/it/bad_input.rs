//! The bad-input catalogue, through the real binary. Each case puts one bad
//! input in a scratch directory beside a copy of a fixture with four findings
//! (`zz-control.yaml`, walked after it) and asserts the message, the exit code
//! and that the control file's findings are all still there, unchanged.
//! Big inputs are generated here, at test time, never committed.

use crate::common;

use std::path::{Path, PathBuf};

use crate::generators::{nested_anchors, wide_merge, ROLE_HEAD};
use common::{rbaclint, rbaclint_with_env, scratch, stderr, stdout};
use serde_json::Value;

const CONTROL: &str = "fixtures/wildcard-verbs/bad.yaml";
const CONTROL_NAME: &str = "zz-control.yaml";

/// One run over a scratch directory holding a bad input and the control file.
struct Run {
    code: Option<i32>,
    json: Value,
    stderr: String,
}

impl Run {
    /// Findings for files whose name ends with `suffix`.
    fn findings_in(&self, suffix: &str) -> Vec<&Value> {
        self.json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["file"].as_str().unwrap().ends_with(suffix))
            .collect()
    }

    /// The one load error, whose message must contain `needle`.
    fn single_error(&self, needle: &str) -> &Value {
        let errors = self.json["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let message = errors[0]["message"].as_str().unwrap();
        assert!(message.contains(needle), "{message}");
        &errors[0]
    }
}

/// The control file's findings when linted alone, without their file name.
fn control_alone() -> Vec<Value> {
    let out = rbaclint(&["check", "--format", "json", CONTROL], None);
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let findings: Vec<Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(without_file)
        .collect();
    assert_eq!(findings.len(), 4);
    findings
}

fn without_file(finding: &Value) -> Value {
    let mut finding = finding.clone();
    finding["file"] = Value::Null;
    finding
}

/// Writes the control beside whatever `make` put in a fresh scratch
/// directory, lints the directory and checks the control is intact.
fn lint_dir(name: &str, make: impl FnOnce(&Path)) -> Run {
    let dir = scratch(name);
    make(&dir);
    std::fs::copy(CONTROL, dir.join(CONTROL_NAME)).unwrap();
    let out = rbaclint(&["check", "--format", "json", dir.to_str().unwrap()], None);
    let json: Value =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    let run = Run {
        code: out.status.code(),
        json,
        stderr: stderr(&out),
    };
    let control: Vec<Value> = run
        .findings_in(CONTROL_NAME)
        .into_iter()
        .map(without_file)
        .collect();
    assert_eq!(
        control,
        control_alone(),
        "the control file's findings changed"
    );
    run
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn alias_bomb_is_refused_per_file() {
    let run = lint_dir("alias-bomb", |dir| {
        let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..12 {
            let p = format!("*a{}", i - 1);
            text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![p; 9].join(", ")));
        }
        write(dir, "bomb.yaml", text);
    });
    assert_eq!(run.code, Some(2));
    let error = run.single_error("alias expansion exceeds 1000000 nodes");
    assert!(error["file"].as_str().unwrap().ends_with("bomb.yaml"));
    assert!(run.stderr.contains("bomb.yaml at line"), "{}", run.stderr);
}

#[test]
fn two_hundred_thousand_levels_of_nesting_are_refused_per_file() {
    let run = lint_dir("deep", |dir| {
        write(dir, "flow-seq.yaml", "[".repeat(200_000));
        write(dir, "flow-map.yaml", "{a: ".repeat(200_000));
    });
    assert_eq!(run.code, Some(2));
    let errors = run.json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    for (error, column) in errors.iter().zip([4001, 1001]) {
        assert!(error["message"]
            .as_str()
            .unwrap()
            .contains("nesting deeper than 1000 levels"));
        // The 1001st opening bracket.
        assert_eq!(
            (error["line"].as_u64(), error["column"].as_u64()),
            (Some(1), Some(column))
        );
    }
}

#[test]
fn duplicate_key_hiding_a_wildcard_is_flagged_at_both_keys() {
    let run = lint_dir("duplicate-key", |dir| {
        write(
            dir,
            "dup.yaml",
            format!("{ROLE_HEAD}rules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: [get]\n  verbs: ['*']\n"),
        );
    });
    assert_eq!(run.code, Some(1));
    let dup = run.findings_in("dup.yaml");
    let rules: Vec<&str> = dup.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["duplicate-key", "wildcard-verbs"]);
    assert_eq!(
        (dup[0]["line"].as_u64(), dup[0]["column"].as_u64()),
        (Some(9), Some(3))
    );
    let related = &dup[0]["related"][0];
    assert_eq!(
        (related["line"].as_u64(), related["column"].as_u64()),
        (Some(8), Some(3))
    );
    assert_eq!(
        (dup[1]["line"].as_u64(), dup[1]["column"].as_u64()),
        (Some(9), Some(11))
    );
}

#[test]
fn wildcard_merged_in_by_a_merge_key_is_found_at_its_source() {
    let run = lint_dir("merge-key", |dir| {
        write(
            dir,
            "merge.yaml",
            format!(
                "{ROLE_HEAD}x-base: &base\n  verbs: ['*']\nrules:\n- <<: *base\n  apiGroups: [\"\"]\n  resources: [pods]\n"
            ),
        );
    });
    assert_eq!(run.code, Some(1));
    let merged = run.findings_in("merge.yaml");
    assert_eq!(merged.len(), 1, "{merged:?}");
    assert_eq!(merged[0]["rule"], "wildcard-verbs");
    assert_eq!(merged[0]["element"], "rules[0].verbs[0]");
    // Line 6 is `  verbs: ['*']` under the anchor, not the `<<` on line 8.
    assert_eq!(
        (merged[0]["line"].as_u64(), merged[0]["column"].as_u64()),
        (Some(6), Some(11))
    );
}

#[test]
fn fifty_megabyte_file_is_linted() {
    const SIZE: usize = 50 * 1024 * 1024;
    let run = lint_dir("fifty-mb", |dir| {
        // A ConfigMap carrying 50 MB of data, then a role with a wildcard.
        let line = format!("    {}\n", "x".repeat(1019));
        let mut text = String::with_capacity(SIZE + 4096);
        text.push_str(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: |\n",
        );
        while text.len() < SIZE {
            text.push_str(&line);
        }
        text.push_str(&format!(
            "---\n{ROLE_HEAD}rules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: ['*']\n"
        ));
        assert!(text.len() >= SIZE);
        write(dir, "big.yaml", text);
    });
    assert_eq!(run.code, Some(1));
    let big = run.findings_in("big.yaml");
    assert_eq!(big.len(), 1, "{big:?}");
    let lines = SIZE.div_ceil(1024);
    // 6 header lines, the blob, `---`, 4 head lines, `rules:`, 2 rule lines.
    assert_eq!(
        big[0]["line"].as_u64(),
        Some((6 + lines + 1 + 4 + 1 + 2 + 1) as u64)
    );
    assert_eq!(run.json["summary"]["objects"], 4);
}

#[test]
fn one_megabyte_single_line_is_linted_in_every_format() {
    let dir = scratch("one-line");
    let padding = "p".repeat(1024 * 1024);
    let line = format!(
        "{{apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {{name: wide}}, rules: [{{apiGroups: [''], resources: [configmaps], resourceNames: [{padding}], verbs: [get]}}, {{apiGroups: [''], resources: [pods], verbs: ['*']}}]}}"
    );
    let star_column = line.find("'*'").unwrap() + 1;
    write(&dir, "wide.yaml", &line);
    std::fs::copy(CONTROL, dir.join(CONTROL_NAME)).unwrap();
    let root = dir.to_str().unwrap();
    let out = rbaclint(&["check", "--format", "json", root], None);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 5);
    assert_eq!(
        (findings[0]["line"].as_u64(), findings[0]["column"].as_u64()),
        (Some(1), Some(star_column as u64))
    );
    for format in ["human", "sarif"] {
        let out = rbaclint(&["check", "--format", format, root], None);
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        assert!(stdout(&out).contains("wide.yaml"), "{format}");
    }
    // Too far right for a whole-line snippet (miette cannot pad that wide):
    // a window of the line names the place, and the control file keeps its
    // snippets.
    let human = stdout(&rbaclint(&["check", root], None));
    assert!(
        human.contains(&format!("wide.yaml:1:{star_column}]")),
        "{}",
        &human[..human.len().min(2000)]
    );
    assert_eq!(human.matches("zz-control.yaml:").count(), 4);
}

#[test]
fn empty_file_and_only_document_markers_are_clean() {
    let run = lint_dir("empty", |dir| {
        write(dir, "empty.yaml", "");
        write(dir, "markers.yaml", "---\n");
        write(dir, "markers-only.yml", "---\n---\n...\n");
        write(dir, "comments.yaml", "# nothing here\n");
    });
    assert_eq!(run.code, Some(1));
    assert_eq!(run.json["errors"].as_array().unwrap().len(), 0);
    assert_eq!(run.json["summary"]["files"], 5);
    assert_eq!(run.json["findings"].as_array().unwrap().len(), 4);
}

#[test]
fn binary_file_is_not_utf8() {
    let run = lint_dir("binary", |dir| {
        write(
            dir,
            "blob.yaml",
            [0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0xff, 0xfe, 0x80],
        );
    });
    assert_eq!(run.code, Some(2));
    let error = run.single_error("not UTF-8 (it looks binary)");
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(1), Some(10))
    );
}

#[test]
fn latin1_is_not_utf8_with_its_position() {
    let run = lint_dir("latin1-catalogue", |dir| {
        write(
            dir,
            "latin1.yaml",
            b"kind: ConfigMap\ndata:\n  city: Z\xfcrich\n",
        );
    });
    assert_eq!(run.code, Some(2));
    let error = run.single_error("the file is not UTF-8: invalid byte 0xfc");
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(3), Some(10))
    );
    assert!(error["hint"].as_str().unwrap().contains("iconv"));
}

#[test]
fn utf16_with_bom_is_not_utf8() {
    let run = lint_dir("utf16", |dir| {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "kind: Role\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        write(dir, "utf16.yaml", bytes);
    });
    assert_eq!(run.code, Some(2));
    run.single_error("not UTF-8 (it starts with a UTF-16 byte-order mark)");
}

#[test]
fn directory_named_like_a_manifest_is_walked_not_read() {
    let run = lint_dir("dir-named-yaml", |dir| {
        std::fs::create_dir(dir.join("x.yaml")).unwrap();
        std::fs::create_dir(dir.join("y.yaml")).unwrap();
        write(
            &dir.join("y.yaml"),
            "clean.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
        );
    });
    assert_eq!(run.code, Some(1));
    assert_eq!(run.json["errors"].as_array().unwrap().len(), 0);
    assert_eq!(run.json["summary"]["files"], 2);
}

#[cfg(unix)]
#[test]
fn dangling_symlink_is_reported() {
    let run = lint_dir("dangling", |dir| {
        std::os::unix::fs::symlink(dir.join("missing.yaml"), dir.join("link.yaml")).unwrap();
    });
    assert_eq!(run.code, Some(2));
    let error = run.single_error("broken symlink (dangling, or a loop)");
    assert!(error["file"].as_str().unwrap().ends_with("link.yaml"));
    assert!(run.stderr.contains("link.yaml"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn symlink_loops_during_a_walk_end() {
    let run = lint_dir("symlink-loop", |dir| {
        std::fs::create_dir(dir.join("sub")).unwrap();
        // A directory loop (not followed) and a link that points at itself.
        std::os::unix::fs::symlink("..", dir.join("sub").join("up")).unwrap();
        std::os::unix::fs::symlink("..", dir.join("sub").join("up.yaml")).unwrap();
        std::os::unix::fs::symlink("self.yaml", dir.join("self.yaml")).unwrap();
    });
    assert_eq!(run.code, Some(2));
    let error = run.single_error("broken symlink (dangling, or a loop)");
    assert!(error["file"].as_str().unwrap().ends_with("self.yaml"));
    assert_eq!(run.json["summary"]["files"], 2);
}

#[cfg(unix)]
#[test]
fn fifo_met_in_a_walk_is_skipped_not_waited_on() {
    let run = lint_dir("fifo", |dir| {
        let status = std::process::Command::new("mkfifo")
            .arg(dir.join("pipe.yaml"))
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
    });
    assert_eq!(run.code, Some(1));
    assert_eq!(run.json["errors"].as_array().unwrap().len(), 0);
    assert_eq!(run.json["summary"]["files"], 1);
}

#[test]
fn malformed_rbac_is_an_invalid_object_finding_with_a_span() {
    let run = lint_dir("malformed", |dir| {
        write(
            dir,
            "a-verbs-number.yaml",
            format!("{ROLE_HEAD}rules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: 5\n"),
        );
        write(
            dir,
            "b-no-verbs.yaml",
            format!("{ROLE_HEAD}rules:\n- apiGroups: [\"\"]\n  resources: [pods]\n"),
        );
        write(
            dir,
            "c-no-roleref.yaml",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: ns}\nsubjects: [{kind: ServiceAccount, name: sa, namespace: ns}]\n",
        );
    });
    assert_eq!(run.code, Some(1));
    let expect = [
        ("a-verbs-number.yaml", 8, 10, "rules[0].verbs"),
        ("b-no-verbs.yaml", 6, 3, "rules[0].verbs"),
        ("c-no-roleref.yaml", 2, 7, "roleRef.kind"),
    ];
    for (file, line, column, element) in expect {
        let found = run.findings_in(file);
        assert_eq!(found.len(), 1, "{file}: {found:?}");
        let f = found[0];
        assert_eq!(f["rule"], "invalid-object", "{file}");
        assert_eq!(f["severity"], "error", "{file}");
        assert_eq!(
            (f["line"].as_u64(), f["column"].as_u64()),
            (Some(line), Some(column)),
            "{file}"
        );
        let message = f["message"].as_str().unwrap();
        assert!(message.contains(&format!(": {element}: ")), "{message}");
    }
}

#[test]
fn output_is_byte_identical_with_one_thread_and_all_cores() {
    let dir = scratch("threads");
    // Enough files and findings that threads interleave differently.
    for i in 0..40 {
        let mut text = String::new();
        for j in 0..20 {
            text.push_str(&format!(
                "---\n{ROLE_HEAD}rules:\n- apiGroups: ['*']\n  resources: [pods, 'pods/status']\n  verbs: [get, update, '*']\n"
            ).replace("name: r", &format!("name: r{i}-{j}")));
        }
        write(&dir, &format!("f{i:02}.yaml"), text);
    }
    // A broken manifest (it names its kind): an error in every format.
    write(&dir, "broken.yaml", "kind: Role\nrules: [\n");
    let root = dir.to_str().unwrap();
    for format in ["json", "human", "sarif"] {
        let args = ["check", "--format", format, root, "fixtures"];
        let one = rbaclint_with_env(&args, None, &[("RAYON_NUM_THREADS", "1")]);
        let many = rbaclint_with_env(&args, None, &[("RAYON_NUM_THREADS", "8")]);
        assert_eq!(one.status.code(), Some(2));
        assert_eq!(one.status.code(), many.status.code());
        assert!(one.stdout.len() > 10_000, "{format}");
        assert!(
            one.stdout == many.stdout,
            "{format} output differs between 1 and 8 threads"
        );
        assert!(one.stderr == many.stderr, "{format} stderr differs");
    }
}

#[test]
fn yaml_error_far_right_on_a_long_line_is_shown_in_a_window() {
    let dir = scratch("wide-error");
    let path = write(
        &dir,
        "wide-broken.yaml",
        format!("{{a: {}, b: ]}}", "p".repeat(200_000)),
    );
    let out = rbaclint(&["check", path.to_str().unwrap(), CONTROL], None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("wide-broken.yaml at line 1, column 200"),
        "{}",
        &text[..text.len().min(2000)]
    );
    assert!(
        text.contains(&format!(" 1 │ …{}, b: ]}}\n", "p".repeat(55))),
        "{}",
        &text[..text.len().min(2000)]
    );
    assert_eq!(
        text.matches("bad.yaml:").count(),
        4,
        "the control keeps its four snippets"
    );
}

/// Runs the binary on `path` under an address-space limit (`ulimit -v`,
/// KiB), one thread and one malloc arena, so memory is bounded by the test.
#[cfg(unix)]
pub(crate) fn lint_with_memory_limit(path: &Path, kib: u64) -> std::process::Output {
    std::process::Command::new("sh")
        .args(["-c", &format!("ulimit -v {kib} && exec \"$0\" \"$@\"")])
        .arg(env!("CARGO_BIN_EXE_rbaclint"))
        .args(["check", "--format", "json", path.to_str().unwrap()])
        .env("RAYON_NUM_THREADS", "1")
        .env("MALLOC_ARENA_MAX", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn spans_stay_exact_after_two_byte_order_marks_and_multibyte_text() {
    let run = lint_dir("two-boms", |dir| {
        write(
            dir,
            "boms.yaml",
            "\u{feff}\u{feff}apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: café☕😀\nrules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: [\"*\", \"é€\"]\n",
        );
    });
    assert_eq!(run.code, Some(1));
    let found = run.findings_in("boms.yaml");
    let at: Vec<_> = found
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["end_column"].as_u64().unwrap(),
            )
        })
        .collect();
    // Columns count characters: the marks are not on line 8.
    assert_eq!(
        at,
        [("wildcard-verbs", 8, 11, 14), ("unknown-verb", 8, 16, 20)]
    );
    assert_eq!(found[0]["object"]["name"], "café☕😀");
}

#[test]
fn control_character_is_named_at_its_own_line_and_column() {
    let run = lint_dir("control-char", |dir| {
        write(
            dir,
            "nul.yaml",
            format!("{ROLE_HEAD}rules: []\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c}}\ndata:\n  a: \"x\0y\"\n"),
        );
    });
    assert_eq!(run.code, Some(2));
    let error = run.single_error("control character U+0000 is not allowed in YAML");
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(11), Some(8))
    );
    // The document before it is kept, beside the control's two objects.
    assert_eq!(run.json["summary"]["objects"], 3);
}

#[test]
fn json_with_a_surrogate_pair_escape_loads_with_exact_spans() {
    let text = r#"{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"smile-\ud83d\ude00"},"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["*"]}]}"#;
    let star = text.find(r#""*""#).unwrap() as u64;
    let run = lint_dir("surrogates", |dir| {
        write(dir, "smile.json", text);
    });
    assert_eq!(run.code, Some(1));
    let found = run.findings_in("smile.json");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["object"]["name"], "smile-😀");
    // Where `"*"` is written, after the 12-byte escape.
    assert_eq!(
        (found[0]["column"].as_u64(), found[0]["end_column"].as_u64()),
        (Some(star + 1), Some(star + 4))
    );
}

#[test]
fn tag_directly_before_a_comma_is_a_yaml_error_at_the_comma() {
    // libyaml-safer 0.3.0 panics on it; rbaclint reports it, quietly.
    let run = lint_dir("tag-comma", |dir| {
        write(
            dir,
            "tagged.yaml",
            format!("{ROLE_HEAD}rules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: [!!str, get]\n"),
        );
    });
    assert_eq!(run.code, Some(2));
    let error = run.single_error(
        "a tag followed directly by `,` in a flow collection (as in `[!!str, get]`) cannot be read by rbaclint's YAML parser (libyaml-safer 0.3.0)",
    );
    assert!(error["file"].as_str().unwrap().ends_with("tagged.yaml"));
    // The `,` after `!!str`.
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(8), Some(16))
    );
    assert!(
        run.stderr.contains(
            "tagged.yaml at line 8, column 16: invalid YAML: a tag followed directly by `,`"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn empty_or_null_verbs_are_an_invalid_object_at_the_value() {
    let rule = |verbs: &str| {
        format!("{ROLE_HEAD}rules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: {verbs}\n")
    };
    let run = lint_dir("no-verbs", |dir| {
        write(dir, "empty.yaml", rule("[]"));
        write(dir, "null.yaml", rule("null"));
    });
    assert_eq!(run.code, Some(1));
    for file in ["empty.yaml", "null.yaml"] {
        let found = run.findings_in(file);
        assert_eq!(found.len(), 1, "{file}: {found:?}");
        assert_eq!(found[0]["rule"], "invalid-object", "{file}");
        assert_eq!(
            found[0]["message"],
            "ClusterRole/r: not a valid ClusterRole: rules[0].verbs: Required value: verbs must contain at least one value",
            "{file}"
        );
        assert_eq!(
            (found[0]["line"].as_u64(), found[0]["column"].as_u64()),
            (Some(8), Some(10)),
            "{file}"
        );
    }
}

#[test]
fn top_level_json_array_is_an_error_with_a_message() {
    let run = lint_dir("json-array", |dir| {
        write(
            dir,
            "array.json",
            r#"[{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"r"},"rules":[]}]"#,
        );
    });
    assert_eq!(run.code, Some(2));
    let error = run.single_error(
        "the document is a list of objects, which Kubernetes rejects: a document must be one object",
    );
    assert!(error["hint"].as_str().unwrap().contains("kind: List"));
}

#[test]
fn a_wildcard_kubernetes_sees_only_through_binary_or_a_late_merge_is_reported_where_written() {
    let run = lint_dir("decode-bypass", |dir| {
        write(
            dir,
            "binary.yaml",
            format!("{ROLE_HEAD}rules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: [get, !!binary Kg==]\n"),
        );
        write(
            dir,
            "late-merge.yaml",
            format!("{ROLE_HEAD}rules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: [get]\n  <<: {{verbs: ['*']}}\n"),
        );
    });
    assert_eq!(run.code, Some(1));
    for (file, line, column) in [("binary.yaml", 8, 16), ("late-merge.yaml", 9, 16)] {
        let found = run.findings_in(file);
        assert_eq!(found.len(), 1, "{file}: {found:?}");
        assert_eq!(found[0]["rule"], "wildcard-verbs", "{file}");
        assert_eq!(
            (found[0]["line"].as_u64(), found[0]["column"].as_u64()),
            (Some(line), Some(column)),
            "{file}"
        );
    }
}

#[cfg(unix)]
#[test]
fn nested_anchors_never_aliased_stay_within_memory() {
    // 320 KB; copying every anchored subtree took 680 MB (and 10 GB for
    // a 308 KB file nested deeper), building the tree now takes 42 MB.
    let dir = scratch("nested-anchors");
    let path = write(&dir, "anchors.yaml", nested_anchors(80, 2000));
    let out = lint_with_memory_limit(&path, 256 * 1024);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["errors"].as_array().unwrap().len(), 0);
}

#[test]
fn flow_nesting_deep_enough_to_make_parsing_quadratic_ends_with_the_budget() {
    let run = lint_dir("deep-flow-budget", |dir| {
        write(dir, "deep.yaml", nested_anchors(990, 500));
    });
    assert_eq!(run.code, Some(2));
    let error = run.single_error(
        "flow collections nested so deep that parsing exceeds its budget of 16 steps per byte",
    );
    assert!(error["file"].as_str().unwrap().ends_with("deep.yaml"));
}

#[test]
fn merging_a_wide_map_is_linear_and_budgeted() {
    let run = lint_dir("wide-merge", |dir| {
        // 1 MB: one merge of 100 000 keys (this took 171 s), then a file
        // that copies more nodes than the per-file budget.
        write(dir, "once.yaml", wide_merge(100_000, 1));
        write(dir, "many.yaml", wide_merge(100_000, 12));
    });
    assert_eq!(run.code, Some(2));
    let error = run.single_error("alias expansion exceeds 1000000 nodes");
    assert!(error["file"].as_str().unwrap().ends_with("many.yaml"));
    assert_eq!(run.json["summary"]["files"], 3);
}

#[test]
fn a_thousand_findings_on_one_minified_line_have_exact_columns() {
    // Four ClusterRoles of 5,000 rules in one minified List: one object
    // may yield at most 10,000 findings.
    let rule = r#"{"apiGroups":["é"],"resources":["pods"],"verbs":["*"]}"#;
    let role = |i: usize| {
        format!(
            r#"{{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{{"name":"r{i}"}},"rules":[{}]}}"#,
            vec![rule; 5_000].join(",")
        )
    };
    let text = format!(
        r#"{{"apiVersion":"v1","kind":"List","items":[{}]}}"#,
        (0..4).map(role).collect::<Vec<_>>().join(",")
    );
    let last_star = text.rfind(r#""*""#).unwrap();
    let column = text[..last_star].chars().count() + 1;
    let run = lint_dir("minified", |dir| {
        write(dir, "min.json", &text);
    });
    let found = run.findings_in("min.json");
    let stars: Vec<_> = found
        .iter()
        .filter(|f| f["rule"] == "wildcard-verbs")
        .collect();
    assert_eq!(stars.len(), 20_000);
    assert_eq!(
        stars.last().unwrap()["column"].as_u64(),
        Some(column as u64)
    );
}

/// Issue 9: a role built to produce a finding per element (here 20,000 `*`
/// verbs, about 100 KB) ends with an error naming the limit instead of
/// 20,000 findings; the wildcard messages are computed once per rule entry,
/// so reaching the limit costs linear time. The control keeps its findings.
#[test]
fn more_findings_than_the_per_object_limit_end_the_file_with_an_error() {
    let run = lint_dir("findings-budget", |dir| {
        let stars = vec!["'*'"; 20_000].join(", ");
        write(
            dir,
            "stars.yaml",
            format!(
                "{ROLE_HEAD}rules:\n- apiGroups: ['']\n  resources: [pods]\n  verbs: [{stars}]\n"
            ),
        );
    });
    assert_eq!(run.code, Some(2));
    let error = run.single_error("ClusterRole/r has 20000 findings, more than the limit of 10000");
    assert!(error["file"].as_str().unwrap().ends_with("stars.yaml"));
    assert!(run.findings_in("stars.yaml").is_empty());
}

/// Issue 9: a finding on a very long line is shown in a window of the line,
/// so the report does not print the line once per finding: 2 MB of
/// one-line JSON gives a report of a few lines.
#[test]
fn findings_on_a_very_long_line_print_no_copy_of_the_line() {
    let dir = scratch("long-line-human");
    let names = vec!["\"n\""; 400_000].join(",");
    let text = format!(
        r#"{{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{{"name":"r"}},"rules":[{{"apiGroups":[""],"resources":["pods"],"verbs":["*"]}},{{"apiGroups":[""],"resources":["configmaps"],"verbs":["get"],"resourceNames":[{names}]}}]}}"#
    );
    let path = write(&dir, "long.json", &text);
    let out = rbaclint(
        &["check", "--format", "human", path.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(report.len() < 2_000, "{} bytes", report.len());
    assert!(report.contains("long.json:1:"), "{report}");
    assert!(report.contains("wildcard-verbs"), "{report}");
}

/// Issue 9: a finding 100,000 characters into a minified line is shown in a
/// bounded window of the line, cut at characters and marked with `…`, with
/// the caret under the element (multi-byte and double-width characters
/// before it) and the real line and column in the header.
#[test]
fn finding_far_into_a_minified_line_is_shown_in_a_window() {
    let dir = scratch("long-line-window");
    let padding = format!("{}{}", "x".repeat(49_800), "é".repeat(50_000));
    let text = format!(
        r#"{{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{{"name":"r","annotations":{{"pad":"{padding}"}}}},"rules":[{{"apiGroups":[""],"resources":["pods"],"verbs":["get","é€😀","*"]}}]}}"#
    );
    let star_column = text[..text.rfind(r#""*""#).unwrap()].chars().count() + 1;
    assert_eq!(star_column, 99_985);
    write(&dir, "long.json", &text);
    let out = common::command()
        .current_dir(&dir)
        .args(["check", "long.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = stdout(&out);
    let snippet: Vec<&str> = report.lines().skip(2).take(6).collect();
    assert_eq!(
        snippet,
        [
            "   ╭─[long.json:1:99985]",
            r#" 1 │ …{"apiGroups":[""],"resources":["pods"],"verbs":["get","é€😀","*"]}]}"#,
            "   ·                                                        ───┬── ─┬─",
            "   ·                                                           │    ╰── wildcard-verbs: every verb",
            "   ·                                                           ╰── unknown-verb: not a Kubernetes verb",
            "   ╰────",
        ],
        "{report}"
    );
    assert!(report.len() < 1_500, "{} bytes", report.len());
}
