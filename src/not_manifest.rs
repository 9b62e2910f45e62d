//! Files a directory walk found that do not parse and are not manifests:
//! another tool's JSON config (a `tsconfig.json` with comments) or a
//! template (`{{ … }}`, `{% … %}`) outside a Helm chart, such as a docs
//! site's snippets. kubectl could not apply them either, so failing the run
//! on them (exit 2) would only teach users to turn the gate off: they are
//! skipped with one note per kind, as Helm chart templates are. A file named
//! on the command line keeps its error, and so does a JSON file that names
//! `"apiVersion"` and `"kind"` (a broken JSON manifest).

use std::path::Path;

/// Why a walked file that does not parse is not a manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NotManifest {
    /// A `.json` file naming no `"apiVersion"` and `"kind"`.
    OtherToolsJson,
    /// Text with template delimiters.
    Template,
}

/// Whether `text` holds template delimiters (Go/Helm `{{`, Jinja `{%`).
pub fn looks_templated(text: &str) -> bool {
    text.contains("{{") || text.contains("{%")
}

/// Why the walked file `name`, whose `text` does not parse, is not a
/// manifest; `None` when it may be one (its error stands).
pub fn judge(name: &str, text: &str) -> Option<NotManifest> {
    let json = Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if json && !(text.contains("\"apiVersion\"") && text.contains("\"kind\"")) {
        Some(NotManifest::OtherToolsJson)
    } else if looks_templated(text) {
        Some(NotManifest::Template)
    } else {
        None
    }
}

/// One warning per kind for the files skipped (`names` in input order).
pub fn notes(skipped: &[(&str, NotManifest)]) -> Vec<String> {
    [NotManifest::OtherToolsJson, NotManifest::Template]
        .into_iter()
        .filter_map(|kind| {
            let names: Vec<&str> = skipped
                .iter()
                .filter(|(_, k)| *k == kind)
                .map(|(name, _)| *name)
                .collect();
            let (one, list) = (names.len() == 1, crate::discover::first_names(&names));
            let verb = if one { "does" } else { "do" };
            match (names.is_empty(), kind) {
                (true, _) => None,
                (false, NotManifest::OtherToolsJson) => Some(format!(
                    "skipped {list}, which {verb} not parse as JSON or YAML and {} no apiVersion and kind: another tool's config (tsconfig.json allows comments), not a manifest; name the file to lint it",
                    if one { "names" } else { "name" }
                )),
                (false, NotManifest::Template) => Some(format!(
                    "skipped {list}, which {verb} not parse and {} template delimiters ({{{{ or {{%): not manifests until rendered; lint the rendered output, or name a file to see its error",
                    if one { "holds" } else { "hold" }
                )),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_without_manifest_keys_or_templated_text_is_not_a_manifest() {
        let tsconfig = "{\n  // comment\n  \"strict\": true,\n}\n";
        assert_eq!(
            judge("ui/tsconfig.json", tsconfig),
            Some(NotManifest::OtherToolsJson)
        );
        let broken = "{\"apiVersion\": \"v1\", \"kind\": \"Role\",\n";
        assert_eq!(judge("role.json", broken), None);
        assert_eq!(
            judge("docs/snippet.yaml", "{% raw %}\nkind: Role\n"),
            Some(NotManifest::Template)
        );
        assert_eq!(judge("role.yaml", "kind: Role\nrules: [\n"), None);
    }

    #[test]
    fn notes_name_the_files_of_each_kind() {
        let notes = notes(&[
            ("a.json", NotManifest::OtherToolsJson),
            ("s1.yaml", NotManifest::Template),
            ("s2.yaml", NotManifest::Template),
        ]);
        assert_eq!(notes.len(), 2);
        assert!(notes[0].starts_with("skipped a.json, which does not parse as JSON"));
        assert!(notes[1].starts_with(
            "skipped s1.yaml, s2.yaml, which do not parse and hold template delimiters ({{ or {%)"
        ));
    }
}
