//! The fix loop: lint, apply every fix that conflicts with no other, lint
//! the edited text again, until nothing is left to fix (at most
//! [`MAX_ROUNDS`]). Overlapping fixes are so resolved by re-linting: the
//! second one is rebuilt against the text the first one left. A file whose
//! edit would not load any more is put back as it was and left alone.

use std::collections::BTreeMap;

use crate::discover::{Content, Input};
use crate::engine::Outcome;
use crate::fix::apply::apply_fixes;
use crate::fix::{Applicability, Fix};

/// Rounds of fixing before the loop stops (each re-lints every input).
pub const MAX_ROUNDS: usize = 4;

/// One input the fixes changed.
#[derive(Debug)]
pub struct Change {
    pub name: String,
    pub before: String,
    pub after: String,
}

/// What the loop did.
#[derive(Debug)]
pub struct FixRun {
    /// The inputs the fixes changed, in input order.
    pub changes: Vec<Change>,
    /// Findings fixed, by file name and rule: how many fewer the fixed
    /// texts have than the originals (a finding a fix moved, or one raised
    /// on a fix's new text and fixed in a later round, is not counted).
    pub counts: BTreeMap<(String, &'static str), usize>,
    /// The lint of the fixed texts: what is left.
    pub outcome: Outcome,
}

impl FixRun {
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }
}

/// An input held in memory while the loop rewrites it.
struct Text {
    name: String,
    bytes: Result<Vec<u8>, String>,
    walked: bool,
}

impl Text {
    fn read(input: Input) -> Self {
        Text {
            name: input.name.clone(),
            walked: input.walked,
            bytes: input.bytes(),
        }
    }
}

fn copy(text: &Text) -> Input {
    Input {
        name: text.name.clone(),
        content: Content::Read(text.bytes.clone()),
        walked: text.walked,
    }
}

/// Runs the loop over `inputs`, applying fixes at least as trusted as
/// `min` (safe, or unsafe too), linting with `lint`.
pub fn run<E>(
    inputs: Vec<Input>,
    min: Applicability,
    mut lint: impl FnMut(Vec<Input>) -> Result<Outcome, E>,
) -> Result<FixRun, E> {
    let original: Vec<Text> = inputs.into_iter().map(Text::read).collect();
    let mut current: Vec<Text> = original
        .iter()
        .map(|t| Text {
            name: t.name.clone(),
            bytes: t.bytes.clone(),
            walked: t.walked,
        })
        .collect();
    let mut frozen = vec![false; current.len()];
    let mut first: Option<BTreeMap<(String, &'static str), usize>> = None;
    // Per file, its text before the last round changed it.
    let mut last_round: Vec<Option<Vec<u8>>> = Vec::new();
    let mut errors_before: Vec<usize> = Vec::new();
    let mut rounds = 0;
    let outcome = loop {
        let outcome = lint(current.iter().map(copy).collect())?;
        first.get_or_insert_with(|| per_file_and_rule(&outcome));
        let errors = errors_per_file(&outcome, current.len());
        // A file the last round broke goes back to its text before it.
        let mut reverted = false;
        for (id, change) in last_round.drain(..).enumerate() {
            if let Some(before) = change {
                if errors[id] > errors_before[id] {
                    current[id].bytes = Ok(before);
                    frozen[id] = true;
                    reverted = true;
                }
            }
        }
        if reverted {
            continue;
        }
        if rounds == MAX_ROUNDS {
            break outcome;
        }
        rounds += 1;
        let mut changed = false;
        last_round = vec![None; current.len()];
        for (id, file) in outcome.workspace.files.iter().enumerate() {
            if frozen[id] || current[id].bytes.is_err() {
                continue;
            }
            let fixes: Vec<&Fix> = outcome
                .findings
                .iter()
                .filter(|f| f.file() == id)
                .filter_map(|f| f.fix.as_ref())
                .filter(|fix| fix.applicability >= min)
                .collect();
            if fixes.is_empty() {
                continue;
            }
            let (text, _) = apply_fixes(&file.text, &fixes);
            if text.as_str() == &*file.text {
                continue;
            }
            let before = std::mem::replace(&mut current[id].bytes, Ok(text.into_bytes()));
            last_round[id] = Some(before.unwrap_or_default());
            changed = true;
        }
        errors_before = errors;
        if !changed {
            break outcome;
        }
    };
    let changes = current
        .into_iter()
        .zip(original)
        .filter_map(|(now, was)| match (now.bytes, was.bytes) {
            (Ok(after), Ok(before)) if after != before => Some(Change {
                name: now.name,
                before: String::from_utf8(before).ok()?,
                after: String::from_utf8(after).ok()?,
            }),
            _ => None,
        })
        .collect();
    let after = per_file_and_rule(&outcome);
    let counts = first
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(key, before)| {
            let fixed = before.saturating_sub(after.get(&key).copied().unwrap_or(0));
            (fixed > 0).then_some((key, fixed))
        })
        .collect();
    Ok(FixRun {
        changes,
        counts,
        outcome,
    })
}

/// Findings by file name and rule.
fn per_file_and_rule(outcome: &Outcome) -> BTreeMap<(String, &'static str), usize> {
    let mut counts = BTreeMap::new();
    for finding in &outcome.findings {
        let name = outcome.workspace.files[finding.file()].name.clone();
        *counts.entry((name, finding.rule.as_str())).or_default() += 1;
    }
    counts
}

/// Load errors per file id.
fn errors_per_file(outcome: &Outcome, files: usize) -> Vec<usize> {
    let mut errors = vec![0; files];
    for error in &outcome.errors {
        if let Some(n) = errors.get_mut(error.file) {
            *n += 1;
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine;
    use crate::fix::Edit;
    use crate::settings::Settings;

    /// A fix that would leave the file unloadable is undone, and the file
    /// is left alone from then on.
    #[test]
    fn a_fix_that_breaks_the_file_is_put_back() {
        let text = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: c}\nrules:\n- apiGroups: [\"\"]\n  resources: [\"pods\"]\n  verbs: [\"*\"]\n";
        let input = || Input::new("c.yaml", text.as_bytes().to_vec());
        let settings = Settings::all_rules();
        let mut lints = 0;
        let run = run(vec![input()], Applicability::Safe, |inputs| {
            lints += 1;
            let mut outcome = engine::run(inputs, &settings);
            // Every finding offers to open a flow list it never closes.
            for finding in &mut outcome.findings {
                let broken = Edit::insert(0, "[");
                finding.fix = Fix::safe("break it", vec![broken]);
            }
            Ok::<_, ()>(outcome)
        })
        .unwrap();
        assert!(run.changes.is_empty(), "{:?}", run.changes);
        assert!(run.counts.is_empty());
        assert_eq!(run.outcome.errors.len(), 0);
        // Lint, apply, lint (broken: put back), lint the original again.
        assert_eq!(lints, 3);
    }
}
