//! The full YAML trees fixes are built on. The loader keeps only the spans
//! of an object ([`crate::yaml::span_tree::SpanTree`]), since most runs
//! build no fix; a file with a fixable finding is parsed again, once per
//! run. Linting keeps one file's trees while its objects are checked
//! ([`FileTrees::of_file`]), so memory holds the files in flight, not every
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
