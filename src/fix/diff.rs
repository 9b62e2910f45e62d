//! `check --diff`: what `--fix` would change, as a unified diff that
//! `patch -p0` applies from the directory rbaclint ran in.

use similar::TextDiff;

/// The unified diff (3 lines of context) from `old` to `new` of the file
/// `name`; empty when they are equal. Line ends are kept as they are, so a
/// CRLF file's diff carries its `\r`.
pub fn unified(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_hunk_with_context_and_the_missing_newline_hint() {
        let diff = super::unified("r.yaml", "a\nb\nc", "a\nc");
        assert_eq!(
            diff,
            "--- r.yaml\n+++ r.yaml\n@@ -1,3 +1,2 @@\n a\n-b\n c\n\\ No newline at end of file\n"
        );
    }
}
