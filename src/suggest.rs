//! Did-you-mean: the closest known word to a misspelt one.

/// Edit distance counting a swap of neighbours as one edit (optimal string
/// alignment), by characters.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// The candidate nearest to `word` (case-insensitively), if it is close: at
/// most a third of the word's length in edits (at least one, at most three).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    closest_within(word, candidates, (word.chars().count() / 3).clamp(1, 3))
}

/// "did you mean `x`?" for the candidate nearest to a misspelt `word`, if
/// one is close (see [`closest`]): the help of every unknown-name error.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(|near| format!("did you mean `{near}`?"))
}

/// The candidate nearest to `word` (case-insensitively) within `limit` edits.
pub fn closest_within<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_words_only() {
        let verbs = ["get", "list", "watch", "delete", "deletecollection"];
        assert_eq!(closest("Get", verbs), Some("get"));
        assert_eq!(closest("lsit", verbs), Some("list"));
        assert_eq!(closest("delet", verbs), Some("delete"));
        assert_eq!(closest("frobnicate", verbs), None);
        assert_eq!(
            did_you_mean("wach", verbs).as_deref(),
            Some("did you mean `watch`?")
        );
        assert_eq!(did_you_mean("frobnicate", verbs), None);
        assert_eq!(
            closest("configmap", ["configmaps", "secrets"]),
            Some("configmaps")
        );
    }
}
