//! Files a directory walk found that do not parse and are not manifests:
//! another tool's config that names no `apiVersion` and `kind` (a
//! `tsconfig.json` with comments, flannel's broken `snapcraft.yaml`) or a
//! template outside a Helm chart: a docs site's snippets (`{% … %}`), a
//! test's Go template (`{{ … }}`), a script's `sed` input (`@NAME@`).
//! kubectl could not apply them either, so failing the run
//! on them (exit 2) would only teach users to turn the gate off: they are
//! skipped with one note per kind, as Helm chart templates are. A file named
//! on the command line keeps its error, and so does a broken manifest: a
//! JSON file that names `"apiVersion"` and `"kind"`, a YAML file that names
//! either.

use std::path::Path;

/// Why a walked file that does not parse is not a manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NotManifest {
    /// A `.json` file naming no `"apiVersion"` and `"kind"`, or a YAML file
    /// naming neither: kubectl needs both.
    OtherToolsConfig,
    /// Text with template delimiters.
    Template,
}

/// Template delimiters: Go/Helm `{{`, Jinja `{%`.
const DELIMITERS: [&str; 2] = ["{{", "{%"];

/// Whether `text` holds template delimiters.
pub fn looks_templated(text: &str) -> bool {
    DELIMITERS.iter().any(|d| text.contains(d))
}

/// Whether the parser stopped on a template placeholder at byte `at` of
/// `text`: `{{` or `{%` (the error may point at its second brace), or a
/// `sed`-style `@NAME@`, which no YAML token can start with.
fn placeholder_at(text: &str, at: usize) -> bool {
    let delimiter = |from: usize| {
        let rest = text.get(from..).unwrap_or("");
        DELIMITERS.iter().any(|d| rest.starts_with(d))
    };
    delimiter(at) || (at > 0 && delimiter(at - 1)) || sed_placeholder(text.get(at..).unwrap_or(""))
}

/// `@NAME@` at the start of `rest`: a name of letters, digits, `_`, `-` or `.`.
fn sed_placeholder(rest: &str) -> bool {
    let Some(inner) = rest.strip_prefix('@') else {
        return false;
    };
    let name = inner.split('@').next().unwrap_or("");
    inner.len() > name.len()
        && !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Why the walked file `name`, whose `text` does not parse, is not a
/// manifest; `None` when it may be one (its error stands). `error_at` is
/// where parsing stopped; `loaded_objects`, whether documents before it
/// loaded; `malformed`, whether YAML's syntax stopped it (a YAML file is
/// another tool's config only then: bytes that are not text, or a budget
/// refusing an alias bomb, stay errors whatever they name). A file is a
/// template when the parser stopped on a placeholder, or when nothing
/// loaded and the text holds `{{` or `{%` anywhere (a `{{- if }}` line may
/// parse, so the error comes later); a manifest that merely quotes `{{` in
/// a string and is broken elsewhere keeps its error.
pub fn judge(
    name: &str,
    text: &str,
    error_at: Option<usize>,
    loaded_objects: bool,
    malformed: bool,
) -> Option<NotManifest> {
    let json = Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let on_placeholder = error_at.is_some_and(|at| placeholder_at(text, at));
    let json_names_both = ["\"apiVersion\"", "\"kind\""]
        .iter()
        .all(|key| text.contains(key));
    let names_either = ["apiVersion", "kind"].iter().any(|key| text.contains(key));
    if loaded_objects && !on_placeholder {
        None
    } else if json && !json_names_both {
        Some(NotManifest::OtherToolsConfig)
    } else if on_placeholder || looks_templated(text) {
        Some(NotManifest::Template)
    } else if malformed && !names_either {
        Some(NotManifest::OtherToolsConfig)
    } else {
        None
    }
}

/// One warning per kind for the files skipped (`names` in input order).
pub fn notes(skipped: &[(&str, NotManifest)]) -> Vec<String> {
    [NotManifest::OtherToolsConfig, NotManifest::Template]
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
                (false, NotManifest::OtherToolsConfig) => Some(format!(
                    "skipped {list}, which {verb} not parse as JSON or YAML and {} no apiVersion and kind: another tool's config, not a manifest; name the file to lint it",
                    if one { "names" } else { "name" }
                )),
                (false, NotManifest::Template) => Some(format!(
                    "skipped {list}, which {verb} not parse and {} template placeholders ({{{{, {{% or @NAME@): not manifests until rendered; lint the rendered output, or name a file to see its error",
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
            judge("ui/tsconfig.json", tsconfig, Some(12), false, true),
            Some(NotManifest::OtherToolsConfig)
        );
        let broken = "{\"apiVersion\": \"v1\", \"kind\": \"Role\",\n";
        assert_eq!(judge("role.json", broken, Some(41), false, true), None);
        // flannel's snapcraft.yaml (`description:|` lacks its space).
        let snapcraft = "name: flannel\ndescription:|  A fabric.\n\nadopt-info: flannel\n";
        assert_eq!(
            judge("dist/snap/snapcraft.yaml", snapcraft, Some(38), false, true),
            Some(NotManifest::OtherToolsConfig)
        );
        // Refused by a budget (an alias bomb) rather than malformed: an
        // error whatever the file names.
        let bomb = "a: &a [x, x]\nb: &b [*a, *a]\n";
        assert_eq!(judge("bomb.yaml", bomb, Some(20), false, false), None);
        assert_eq!(
            judge(
                "docs/snippet.yaml",
                "{% raw %}\nkind: Role\n",
                Some(0),
                false,
                true
            ),
            Some(NotManifest::Template)
        );
        assert_eq!(
            judge("role.yaml", "kind: Role\nrules: [\n", Some(19), false, true),
            None
        );
    }

    #[test]
    fn a_parser_stopped_on_a_placeholder_marks_a_template_even_after_objects() {
        // calico's ASO test template: a Namespace loads, then `{{` is a
        // mapping used as a key (the error points at its second brace).
        let go = "kind: Namespace\n---\nmetadata:\n  name: {{.Env.GROUP}}\n";
        let at = go.find("{{").unwrap() + 1;
        assert_eq!(
            judge("rg.yaml", go, Some(at), true, true),
            Some(NotManifest::Template)
        );
        // longhorn's scale test: `@STS_NAME@`, filled in by sed.
        let sed = "kind: StatefulSet\nmetadata:\n  name: @STS_NAME@\n";
        let at = sed.find('@').unwrap();
        assert_eq!(
            judge("sts.yaml", sed, Some(at), false, true),
            Some(NotManifest::Template)
        );
        // Objects loaded and the error is elsewhere: a broken manifest that
        // quotes `{{` (an alert template) keeps its error.
        let quoted = "kind: ConfigMap\ndata: {a: \"{{ $labels }}\"}\n---\nkind: Role\nrules: [\n";
        assert_eq!(
            judge("cm.yaml", quoted, Some(quoted.len()), true, true),
            None
        );
        // An e-mail address is no placeholder.
        assert!(!sed_placeholder("@example.com"));
        assert!(!sed_placeholder("@@"));
        assert!(sed_placeholder("@IMAGE_TAG@:latest"));
    }

    #[test]
    fn notes_name_the_files_of_each_kind() {
        let notes = notes(&[
            ("a.json", NotManifest::OtherToolsConfig),
            ("s1.yaml", NotManifest::Template),
            ("s2.yaml", NotManifest::Template),
        ]);
        assert_eq!(notes.len(), 2);
        assert!(notes[0].starts_with("skipped a.json, which does not parse as JSON"));
        assert!(notes[1].starts_with(
            "skipped s1.yaml, s2.yaml, which do not parse and hold template placeholders ({{, {% or @NAME@)"
        ));
    }
}
