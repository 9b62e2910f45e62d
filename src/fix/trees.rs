//! The full YAML trees fixes are built on. The loader keeps only the spans
//! of an object ([`crate::yaml::span_tree::SpanTree`]), since most runs
//! build no fix. Linting parses an object with a fixable finding again from
//! its own text ([`object_alone`]), or, when that text cannot be read alone,
//! its whole file, keeping one file's trees while its objects are checked
//! ([`FileTrees::of_file`]): memory holds the files in flight, not every
//! file with a finding.

use std::sync::OnceLock;

use crate::model::RbacObject;
use crate::source::{SourceFile, Span};
use crate::yaml::{self, Node, NodeKind};

/// The parsed documents of a range of files (by id), parsed on first use.
pub struct FileTrees {
    /// The id of the first file covered.
    first: usize,
    files: Vec<OnceLock<Vec<Node>>>,
}

impl FileTrees {
    /// Room for files `0..count`, none parsed yet.
    pub fn new(count: usize) -> Self {
        FileTrees {
            first: 0,
            files: (0..count).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Room for the one file `file`, not parsed yet.
    pub fn of_file(file: usize) -> Self {
        FileTrees {
            first: file,
            files: vec![OnceLock::new()],
        }
    }

    /// The tree of `object` as the loader saw it: the mapping at the
    /// object's span in its file; `None` for a file not covered.
    pub fn object<'t>(&'t self, files: &[SourceFile], object: &RbacObject) -> Option<&'t Node> {
        let documents = self
            .files
            .get(object.file.checked_sub(self.first)?)?
            .get_or_init(|| documents(files.get(object.file).map_or("", |f| &f.text)));
        documents
            .iter()
            .find_map(|root| mapping_at(root, object.node.span))
    }
}

/// The tree of `object` parsed from the object's own text alone, when that
/// text reads as it does in the file: the object is the root mapping of its
/// document, starting a line, with no directive before it (a `%TAG` would
/// change how the slice reads). Bundled installs put a few roles among
/// megabytes of CRDs; parsing the role alone spares the rest. `None` when
/// the slice does not give back the object's mapping at its span.
pub fn object_alone(files: &[SourceFile], object: &RbacObject) -> Option<Node> {
    let text = &files.get(object.file)?.text;
    let span = object.node.span;
    let starts_line = span.start == 0 || text.as_bytes().get(span.start - 1) == Some(&b'\n');
    if !starts_line || directive_before(text, span.start) {
        return None;
    }
    let mut root = None;
    yaml::parse_documents(
        text.get(span.start..span.end)?,
        span.start,
        yaml::Schema::Kubernetes,
        &mut |document| {
            if root.is_none() {
                root = document.root;
            }
        },
    );
    root.filter(|node| node.span == span && matches!(node.kind, NodeKind::Map(_)))
}

/// Whether a directive (`%YAML`, `%TAG`) stands in the preamble of the
/// document starting at `start`: the blank, comment, `---`, `...` and `%`
/// lines just before it. Only those lines are read (a directive governs the
/// one document after it), so checking every object of a file stays linear.
fn directive_before(text: &str, start: usize) -> bool {
    text[..start]
        .lines()
        .rev()
        .take_while(|line| {
            let line = line.trim_end();
            line.is_empty() || ["#", "---", "...", "%"].iter().any(|p| line.starts_with(p))
        })
        .any(|line| line.starts_with('%'))
}

/// The documents of `text`, parsed as the loader parses them.
fn documents(text: &str) -> Vec<Node> {
    let (body, base) = crate::load::without_bom(text);
    let mut roots = Vec::new();
    yaml::parse_documents(body, base, yaml::Schema::Kubernetes, &mut |document| {
        roots.extend(document.root)
    });
    roots
}

/// The mapping spanning exactly `span`: a document's root, or an item of a
/// `List` (depth-first, skipping subtrees that cannot contain it).
fn mapping_at(node: &Node, span: Span) -> Option<&Node> {
    if node.span.start > span.start || node.span.end < span.end {
        return None;
    }
    if node.span == span && matches!(node.kind, NodeKind::Map(_)) {
        return Some(node);
    }
    match &node.kind {
        NodeKind::Map(entries) => entries.iter().find_map(|e| mapping_at(&e.value, span)),
        NodeKind::Seq(items) => items.iter().find_map(|item| mapping_at(item, span)),
        NodeKind::Scalar(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_file;

    const ROLE: &str = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: ns}\nrules:\n- apiGroups: [\"\"]\n  resources: [pods, pods/status]\n  verbs: [get, patch]\n";

    /// The tree of each object of `text`: alone, and as found in the file.
    fn trees(text: &str) -> Vec<(Option<Node>, Node)> {
        let files = [SourceFile::new("t.yaml", text)];
        let contents = load_file(0, &files[0]);
        let in_file = FileTrees::new(1);
        contents
            .objects
            .iter()
            .map(|object| {
                let whole = in_file.object(&files, object).expect("found in the file");
                (object_alone(&files, object), whole.clone())
            })
            .collect()
    }

    #[test]
    fn a_document_s_root_object_parsed_alone_equals_its_tree_in_the_file() {
        let text = format!(
            "# a CRD would sit here\nkind: ConfigMap\napiVersion: v1\n---\n{ROLE}---\n{ROLE}"
        );
        let found = trees(&text);
        assert_eq!(found.len(), 2);
        for (alone, whole) in found {
            assert_eq!(alone.as_ref(), Some(&whole));
        }
    }

    #[test]
    fn list_items_and_files_with_directives_are_found_in_the_file_instead() {
        let item = ROLE.replace('\n', "\n  ");
        let list = format!("apiVersion: v1\nkind: List\nitems:\n- {item}\n");
        let directives = format!("%YAML 1.1\n---\n{ROLE}");
        for text in [list, directives] {
            let found = trees(&text);
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(found[0].0, None, "{text}");
        }
    }
}
