//! Cross-object findings through the real binary: a finding caused by an
//! aggregated rule points at the contributing ClusterRole's element, in
//! another file, in every format.

use crate::common;

use common::{rbaclint, scratch, stdout};
use serde_json::Value;

#[test]
fn aggregated_crd_write_is_labelled_in_the_contributing_file() {
    let fixture = std::fs::read_to_string("fixtures/crd-admin-bound-to-runtime/bad.yaml").unwrap();
    let docs: Vec<&str> = fixture.split("\n---\n").collect();
    // The contributing ClusterRole (2nd document) goes to a file of its own.
    let dir = scratch("cross-object");
    let rest: Vec<&str> = docs
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, d)| *d)
        .collect();
    std::fs::write(dir.join("a.yaml"), rest.join("\n---\n")).unwrap();
    std::fs::write(dir.join("b.yaml"), docs[1]).unwrap();
    let root = dir.to_str().unwrap();

    let out = rbaclint(&["check", root, "--color", "never"], None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("(aggregated from ClusterRole/my-controller-crds)"),
        "{text}"
    );
    assert!(
        text.contains("related: grants update on CustomResourceDefinitions"),
        "{text}"
    );
    assert!(text.contains("b.yaml:8:15"), "{text}");

    let out = rbaclint(&["check", root, "--format", "json"], None);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = &json["findings"][0];
    assert_eq!(finding["rule"], "crd-admin-bound-to-runtime");
    assert!(finding["file"].as_str().unwrap().ends_with("a.yaml"));
    let related = &finding["related"][0];
    assert!(related["file"].as_str().unwrap().ends_with("b.yaml"));
    assert_eq!(
        (related["line"].as_u64(), related["column"].as_u64()),
        (Some(8), Some(15))
    );
    assert_eq!(related["element"], "rules[0].resources[0]");
}
