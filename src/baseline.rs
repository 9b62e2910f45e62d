//! The baseline: a file of accepted findings, so a team can adopt rbaclint
//! (or a new rule) without fixing every old finding first, and still fail on
//! new ones.
//!
//! Entries are keyed by what a finding *is*, not where it is: file, object
//! (kind, namespace, name), rule and element path (`rules[0].verbs[1]`), with
//! a count for findings sharing a key. Inserting lines above a finding or
//! moving an object within its file keeps it baselined. Entries matching
//! nothing in the files linted are stale and reported for pruning.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Kept};
use crate::source::SourceFile;

/// Bumped on any incompatible change to the file format.
pub const VERSION: u32 = 1;

/// A finding's identity across edits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Key {
    pub file: String,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub name: String,
    pub rule: String,
    pub element: String,
}

impl Key {
    pub fn of(files: &[SourceFile], finding: &Finding) -> Key {
        Key {
            file: files[finding.file()].name.clone(),
            kind: finding.object.kind.clone(),
            namespace: finding.object.namespace.clone(),
            name: finding.object.name.clone(),
            rule: finding.rule.to_string(),
            element: finding.primary.path.to_string(),
        }
    }
}

/// One baseline entry: a key and how many findings share it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    #[serde(flatten)]
    pub key: Key,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub count: usize,
}

fn one() -> usize {
    1
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

/// The baseline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

impl Baseline {
    /// The baseline of `findings` (of `files`).
    pub fn of(findings: &[Finding], files: &[SourceFile]) -> Baseline {
        let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
        for finding in findings {
            *counts.entry(Key::of(files, finding)).or_default() += 1;
        }
        Baseline {
            version: VERSION,
            entries: counts
                .into_iter()
                .map(|(key, count)| Entry { key, count })
                .collect(),
        }
    }

    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).expect("baseline serializes");
        out.push('\n');
        out
    }

    pub fn from_json(text: &str) -> Result<Baseline, String> {
        let baseline: Baseline = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if baseline.version != VERSION {
            return Err(format!(
                "baseline version {} is not supported (expected {VERSION}); write it again with --write-baseline",
                baseline.version
            ));
        }
        Ok(baseline)
    }

    /// Removes baselined findings (of `files`), and returns the stale
    /// entries (with the count left unmatched) among the files linted.
    pub fn apply(&self, mut findings: Vec<Finding>, files: &[SourceFile]) -> (Kept, Vec<Entry>) {
        let mut left: BTreeMap<&Key, usize> =
            self.entries.iter().map(|e| (&e.key, e.count)).collect();
        let before = findings.len();
        let keys: Vec<Key> = findings.iter().map(|f| Key::of(files, f)).collect();
        let mut keys = keys.iter();
        findings.retain(|_| {
            let key = keys.next().expect("one key per finding");
            match left.get_mut(key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        let removed = before - findings.len();
        let linted: std::collections::HashSet<&str> =
            files.iter().map(|f| f.name.as_str()).collect();
        let stale = left
            .into_iter()
            .filter(|(key, n)| *n > 0 && linted.contains(key.file.as_str()))
            .map(|(key, count)| Entry {
                key: key.clone(),
                count,
            })
            .collect();
        (Kept { findings, removed }, stale)
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}/", self.file, self.kind)?;
        if let Some(ns) = &self.namespace {
            write!(f, "{ns}/")?;
        }
        write!(f, "{} {} at {}", self.name, self.rule, self.element)
    }
}
