//! The registry's own invariants: unique kebab-case ids, and every rule
//! documented with the sections `explain` and SARIF help rely on.

use rbaclint::rules::RULES;

#[test]
fn ids_are_unique_and_kebab_case() {
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    for id in &ids {
        assert!(
            id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{id}"
        );
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), RULES.len());
}

#[test]
fn every_rule_is_documented() {
    for rule in RULES {
        let doc = rule.doc();
        assert!(
            doc.starts_with(&format!("# {}", rule.id)),
            "{}: doc must start with its id",
            rule.id
        );
        for section in [
            "What it does",
            "Why is this bad?",
            "Example",
            "How to fix",
            "Severity",
        ] {
            assert!(
                rule.doc_section(section).is_some_and(|s| !s.is_empty()),
                "{}: missing `## {section}`",
                rule.id
            );
        }
        assert!(
            doc.contains("Use instead"),
            "{}: needs a good example",
            rule.id
        );
        assert!(!rule.summary().is_empty());
    }
}
