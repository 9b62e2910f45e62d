//! The registry's own invariants: unique kebab-case ids, and every rule
//! documented with the sections `explain` and SARIF help rely on.

use rbaclint::rules::RULES;

#[test]
fn ids_are_unique_and_kebab_case() {
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id.as_str()).collect();
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

/// `rbaclint rules`, the README's table and SARIF show the summary: one
/// sentence of at most 80 characters.
#[test]
fn every_summary_is_one_short_sentence() {
    for rule in RULES {
        let summary = rule.summary();
        assert!(
            summary.chars().count() <= 80,
            "{}: summary longer than 80 characters: {summary}",
            rule.id
        );
        assert!(summary.ends_with('.'), "{}: {summary}", rule.id);
        assert!(
            !summary.trim_end_matches('.').contains(". "),
            "{}: summary is more than one sentence: {summary}",
            rule.id
        );
        assert!(
            summary.starts_with(|c: char| c.is_uppercase()),
            "{}: {summary}",
            rule.id
        );
    }
}

const README: &str = "README.md";
const TABLE_START: &str = "<!-- rules table: generated from the registry; RBACLINT_UPDATE_README=1 cargo test --test it rules_meta -->\n";
const TABLE_END: &str = "<!-- end of rules table -->\n";

/// The README's rules table is the registry's (ids, severities, sets,
/// summaries), as the JSON schema is the config's.
#[test]
fn readme_rules_table_is_the_registry() {
    let readme = std::fs::read_to_string(README).unwrap();
    let start = readme
        .find(TABLE_START)
        .expect("README has the table's start marker")
        + TABLE_START.len();
    let end = start
        + readme[start..]
            .find(TABLE_END)
            .expect("README has the table's end marker");
    let generated = rbaclint::rule_list::markdown_table();
    if std::env::var_os("RBACLINT_UPDATE_README").is_some() {
        let updated = format!("{}{generated}{}", &readme[..start], &readme[end..]);
        std::fs::write(README, updated).unwrap();
        return;
    }
    assert!(
        readme[start..end] == generated,
        "the README's rules table is stale: run `RBACLINT_UPDATE_README=1 cargo test --test it rules_meta`"
    );
}
