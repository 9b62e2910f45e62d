//! The shape of a parsed object kept for locating its elements: every
//! node's span and every mapping key's text, and nothing else.
//!
//! Once an RBAC object is typed, the rules read values from the typed
//! object and need the YAML only to point at an element by its path. A
//! [`Node`] tree keeps every scalar's text, tag and resolution in nodes of
//! ~90 bytes with a heap string each; this keeps 12 bytes a node in one
//! flat array (spans as 32-bit offsets from the object's first byte), the
//! keys Kubernetes objects use as indexes into a static list, and any other
//! key's text in one string per object. So the memory an object keeps
//! after loading is a small multiple of its node count, not of its text.

use super::{Node, NodeKind};
use crate::source::Span;

/// An object's nodes with their spans and keys (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpanTree {
    /// The root's span (the whole object).
    pub span: Span,
    /// Every node in pre-order: a mapping's entries follow it as key, value.
    /// Empty for a tree with no elements (a built-in object's).
    elements: Box<[Element]>,
    /// The text of every key not in [`KNOWN_KEYS`], one after another.
    keys: Box<str>,
    /// Where each of those keys starts in `keys` (it ends where the next starts).
    key_starts: Box<[u32]>,
    /// For each long sequence, ascending: its element, and where its items'
    /// elements are listed in `items`, so `rules[9000]` is found at once.
    long_seqs: Box<[LongSeq]>,
    /// The element of each item of the long sequences.
    items: Box<[u32]>,
    /// The offset the elements' spans count from (the lowest start; an
    /// alias can repeat an anchor written before the object).
    base: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Element {
    /// Offsets from [`SpanTree::base`].
    start: u32,
    end: u32,
    /// A [`Shape`], packed.
    shape: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A scalar that is not a mapping key.
    Value,
    /// A scalar mapping key with a text in [`KNOWN_KEYS`].
    KnownKey(u32),
    /// A scalar mapping key whose text is the n-th in [`SpanTree::keys`].
    Key(u32),
    /// A sequence or mapping as a key (its text is no `&str`): never matches.
    OtherKey { after: u32 },
    /// A sequence; its items run until the element index `after`.
    Seq { after: u32 },
    /// A mapping; its entries (key, value) run until the element index `after`.
    Map { after: u32 },
}

/// A sequence with more than [`LongSeq::MIN_ITEMS`] items, indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LongSeq {
    element: u32,
    /// Where its items start in [`SpanTree::items`], and how many there are.
    first: u32,
    len: u32,
}

impl LongSeq {
    /// Below this, walking the items is as fast as an index.
    const MIN_ITEMS: usize = 16;
}

/// Bits of a packed shape that hold its number (the rest hold its kind).
const PAYLOAD_BITS: u32 = 29;
const PAYLOAD: u32 = (1 << PAYLOAD_BITS) - 1;

impl Shape {
    /// The kind in the top 3 bits, the number below. A number past 2^29
    /// (an object of half a billion nodes, which could not be loaded) is
    /// cut to fit.
    fn pack(self) -> u32 {
        let (kind, n) = match self {
            Shape::Value => (0, 0),
            Shape::KnownKey(n) => (1, n),
            Shape::Key(n) => (2, n),
            Shape::OtherKey { after } => (3, after),
            Shape::Seq { after } => (4, after),
            Shape::Map { after } => (5, after),
        };
        kind << PAYLOAD_BITS | n.min(PAYLOAD)
    }

    fn unpack(packed: u32) -> Shape {
        let n = packed & PAYLOAD;
        match packed >> PAYLOAD_BITS {
            0 => Shape::Value,
            1 => Shape::KnownKey(n),
            2 => Shape::Key(n),
            3 => Shape::OtherKey { after: n },
            4 => Shape::Seq { after: n },
            _ => Shape::Map { after: n },
        }
    }
}

/// Keys of Kubernetes objects (RBAC's and their metadata's), kept as an
/// index instead of a copy of their text.
const KNOWN_KEYS: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "name",
    "namespace",
    "labels",
    "annotations",
    "rules",
    "apiGroups",
    "resources",
    "verbs",
    "resourceNames",
    "nonResourceURLs",
    "aggregationRule",
    "clusterRoleSelectors",
    "matchLabels",
    "matchExpressions",
    "key",
    "operator",
    "values",
    "roleRef",
    "apiGroup",
    "subjects",
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/component",
    "app.kubernetes.io/part-of",
    "app.kubernetes.io/managed-by",
    "app.kubernetes.io/version",
    "helm.sh/chart",
    "app",
    "release",
    "chart",
    "heritage",
    "kubernetes.io/bootstrapping",
    "rbac.authorization.k8s.io/aggregate-to-admin",
    "rbac.authorization.k8s.io/aggregate-to-edit",
    "rbac.authorization.k8s.io/aggregate-to-view",
    "creationTimestamp",
    "resourceVersion",
    "uid",
];

/// A mapping entry as [`SpanTree::entries`] yields it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntrySpans<'a> {
    /// The key's text; `None` for a sequence or mapping used as a key.
    pub key: Option<&'a str>,
    pub key_span: Span,
    pub value_span: Span,
}

impl SpanTree {
    /// The tree of `node`: its spans and its keys' texts.
    pub fn new(node: &Node) -> Self {
        let base = lowest_start(node);
        let mut builder = Builder {
            base,
            elements: Vec::new(),
            keys: String::new(),
            key_starts: Vec::new(),
            long_seqs: Vec::new(),
            items: Vec::new(),
        };
        builder.add(node, false);
        // Sequences are recorded as they end: an outer one after its items.
        builder.long_seqs.sort_unstable_by_key(|seq| seq.element);
        SpanTree {
            span: node.span,
            elements: builder.elements.into_boxed_slice(),
            keys: builder.keys.into_boxed_str(),
            key_starts: builder.key_starts.into_boxed_slice(),
            long_seqs: builder.long_seqs.into_boxed_slice(),
            items: builder.items.into_boxed_slice(),
            base,
        }
    }

    /// An empty mapping at `span` (for objects that were never YAML).
    pub fn empty(span: Span) -> Self {
        SpanTree {
            span,
            ..SpanTree::default()
        }
    }

    /// The span of the element at `path` (keys and indexes), or of the
    /// deepest ancestor on it that exists.
    pub fn locate<'k>(&self, path: impl IntoIterator<Item = Step<'k>>) -> Span {
        if self.elements.is_empty() {
            return self.span;
        }
        let mut at = 0;
        for step in path {
            match self.step(at, step) {
                Some(next) => at = next,
                None => break,
            }
        }
        self.span_of(at)
    }

    /// The entries of the mapping at `path`; none when there is no
    /// element at `path` or it is not a mapping.
    pub fn entries<'k>(
        &self,
        path: impl IntoIterator<Item = Step<'k>>,
    ) -> impl Iterator<Item = EntrySpans<'_>> {
        let mut at = (!self.elements.is_empty()).then_some(0);
        for step in path {
            at = at.and_then(|at| self.step(at, step));
        }
        let map = at.filter(|&at| matches!(self.shape(at), Shape::Map { .. }));
        let mut children = map.into_iter().flat_map(|at| self.children(at));
        std::iter::from_fn(move || {
            let key = children.next()?;
            let value = children.next()?;
            Some(EntrySpans {
                key: self.key_text(key),
                key_span: self.span_of(key),
                value_span: self.span_of(value),
            })
        })
    }

    /// The element one `step` below the element `at`, if it exists.
    fn step(&self, at: usize, step: Step) -> Option<usize> {
        match step {
            Step::Key(key) => self.value_of(at, key),
            Step::Index(index) => self.item(at, index),
        }
    }

    fn shape(&self, at: usize) -> Shape {
        Shape::unpack(self.elements[at].shape)
    }

    fn span_of(&self, at: usize) -> Span {
        let e = &self.elements[at];
        Span::new(self.base + e.start as usize, self.base + e.end as usize)
    }

    /// The element index just past the subtree at `at`.
    fn after(&self, at: usize) -> usize {
        match self.shape(at) {
            Shape::Seq { after } | Shape::Map { after } | Shape::OtherKey { after } => {
                after as usize
            }
            _ => at + 1,
        }
    }

    /// The direct children of the collection at `at`, in order.
    fn children(&self, at: usize) -> impl Iterator<Item = usize> + '_ {
        let end = match self.shape(at) {
            Shape::Seq { after } | Shape::Map { after } => after as usize,
            _ => at + 1,
        };
        let first = Some(at + 1).filter(|&child| child < end);
        std::iter::successors(first, move |&child| {
            Some(self.after(child)).filter(|&next| next < end)
        })
    }

    fn key_text(&self, at: usize) -> Option<&str> {
        match self.shape(at) {
            Shape::KnownKey(index) => Some(KNOWN_KEYS[index as usize]),
            Shape::Key(n) => {
                let n = n as usize;
                let start = self.key_starts[n] as usize;
                let end = self
                    .key_starts
                    .get(n + 1)
                    .map_or(self.keys.len(), |&e| e as usize);
                self.keys.get(start..end)
            }
            _ => None,
        }
    }

    /// The value of `key` in the mapping at `at` (the last when it repeats).
    fn value_of(&self, at: usize, key: &str) -> Option<usize> {
        if !matches!(self.shape(at), Shape::Map { .. }) {
            return None;
        }
        let mut found = None;
        let mut children = self.children(at);
        while let (Some(k), Some(v)) = (children.next(), children.next()) {
            if self.key_text(k) == Some(key) {
                found = Some(v);
            }
        }
        found
    }

    fn item(&self, at: usize, index: usize) -> Option<usize> {
        if !matches!(self.shape(at), Shape::Seq { .. }) {
            return None;
        }
        let long = self
            .long_seqs
            .binary_search_by_key(&at, |seq| seq.element as usize)
            .map(|i| self.long_seqs[i]);
        match long {
            Ok(seq) if index < seq.len as usize => {
                Some(self.items[seq.first as usize + index] as usize)
            }
            Ok(_) => None,
            Err(_) => self.children(at).nth(index),
        }
    }
}

/// One step of a path into a [`SpanTree`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn lowest_start(node: &Node) -> usize {
    let below = match &node.kind {
        NodeKind::Scalar(_) => None,
        NodeKind::Seq(items) => items.iter().map(lowest_start).min(),
        NodeKind::Map(entries) => entries
            .iter()
            .map(|e| lowest_start(&e.key).min(lowest_start(&e.value)))
            .min(),
    };
    below.map_or(node.span.start, |b| b.min(node.span.start))
}

struct Builder {
    base: usize,
    elements: Vec<Element>,
    keys: String,
    key_starts: Vec<u32>,
    long_seqs: Vec<LongSeq>,
    items: Vec<u32>,
}

impl Builder {
    /// Where the next key starts in `keys` (clamped as [`Builder::offset`]).
    fn offset_in_keys(&self) -> u32 {
        u32::try_from(self.keys.len()).unwrap_or(u32::MAX)
    }

    /// A 32-bit offset from the base. An object spanning more than 4 GiB
    /// of text cannot be held in memory as a tree anyway; its far offsets
    /// are clamped (to the last byte 4 GiB in).
    fn offset(&self, at: usize) -> u32 {
        u32::try_from(at - self.base).unwrap_or(u32::MAX)
    }

    fn add(&mut self, node: &Node, is_key: bool) {
        let at = self.elements.len();
        let (start, end) = (self.offset(node.span.start), self.offset(node.span.end));
        let shape = match (&node.kind, is_key) {
            (NodeKind::Scalar(s), true) => match KNOWN_KEYS.iter().position(|k| *k == s.value) {
                Some(index) => Shape::KnownKey(index as u32),
                None => {
                    self.key_starts.push(self.offset_in_keys());
                    self.keys.push_str(&s.value);
                    Shape::Key(self.key_starts.len() as u32 - 1)
                }
            },
            (NodeKind::Scalar(_), false) => Shape::Value,
            (_, true) => Shape::OtherKey { after: 0 },
            (NodeKind::Seq(_), false) => Shape::Seq { after: 0 },
            (NodeKind::Map(_), false) => Shape::Map { after: 0 },
        };
        self.elements.push(Element {
            start,
            end,
            shape: shape.pack(),
        });
        match &node.kind {
            NodeKind::Scalar(_) => return,
            NodeKind::Seq(items) if items.len() > LongSeq::MIN_ITEMS => {
                let mut elements = Vec::with_capacity(items.len());
                for item in items {
                    elements.push(self.elements.len() as u32);
                    self.add(item, false);
                }
                self.long_seqs.push(LongSeq {
                    element: at as u32,
                    first: self.items.len() as u32,
                    len: items.len() as u32,
                });
                self.items.extend(elements);
            }
            NodeKind::Seq(items) => items.iter().for_each(|item| self.add(item, false)),
            NodeKind::Map(entries) => {
                for entry in entries {
                    self.add(&entry.key, true);
                    self.add(&entry.value, false);
                }
            }
        }
        let after = self.elements.len() as u32;
        let shape = match Shape::unpack(self.elements[at].shape) {
            Shape::Seq { .. } => Shape::Seq { after },
            Shape::Map { .. } => Shape::Map { after },
            _ => Shape::OtherKey { after },
        };
        self.elements[at].shape = shape.pack();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_stream;

    fn root(text: &str) -> Node {
        parse_stream(text, 0).documents.remove(0).root.unwrap()
    }

    /// Every path a tree answers as the node tree does.
    fn agree(node: &Node, tree: &SpanTree, path: &mut Vec<Step<'static>>, text: &str) {
        let steps = path.clone();
        assert_eq!(tree.locate(steps), node.span, "{path:?} in {text:?}");
        match &node.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Step::Index(i));
                    agree(item, tree, path, text);
                    path.pop();
                }
            }
            NodeKind::Map(entries) => {
                let spans: Vec<_> = tree.entries(path.clone()).collect();
                assert_eq!(spans.len(), entries.len());
                for (entry, spans) in entries.iter().zip(spans) {
                    assert_eq!(spans.key, entry.key.as_str());
                    assert_eq!(spans.key_span, entry.key.span);
                    assert_eq!(spans.value_span, entry.value.span);
                    let Some(key) = entry.key.as_str() else {
                        continue;
                    };
                    if node.get(key).is_some_and(|v| std::ptr::eq(v, &entry.value)) {
                        let key: &'static str = Box::leak(key.to_string().into_boxed_str());
                        path.push(Step::Key(key));
                        agree(&entry.value, tree, path, text);
                        path.pop();
                    }
                }
            }
        }
    }

    #[test]
    fn locates_every_element_as_the_node_tree_does() {
        let long = format!(
            "rules:\n{}extra: [{}]\n",
            "- {verbs: [a, b], apiGroups: [x, y, z, w, v, u, t, s, r, q, p, o, n, m, l, k, j]}\n"
                .repeat(40),
            "1, ".repeat(30)
        );
        for text in [
            long.as_str(),
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: a, labels: {x/y: 'z', app: q}}\nrules:\n- apiGroups: ['']\n  verbs: [get, '*']\n  resources: []\n- {verbs: {a: b}}\n",
            "base: &b {verbs: ['*']}\nrule:\n  <<: *b\n  apiGroups: ['']\n",
            "1: one\nc: {'d': e, g: [[h], {}, [{i: j}]]}\nname:\n",
            "x: 1\nx: 2\nempty: []\n",
        ] {
            let node = root(text);
            let tree = SpanTree::new(&node);
            agree(&node, &tree, &mut Vec::new(), text);
        }
    }

    #[test]
    fn missing_steps_stop_at_the_deepest_element_found() {
        let text = "metadata: {name: a}\nrules: [{verbs: [get]}]\n";
        let tree = SpanTree::new(&root(text));
        let at = |path: &[Step]| {
            let span = tree.locate(path.iter().copied());
            &text[span.start..span.end]
        };
        assert_eq!(at(&[Step::Key("metadata"), Step::Key("nope")]), "{name: a}");
        assert_eq!(
            at(&[
                Step::Key("rules"),
                Step::Index(0),
                Step::Key("verbs"),
                Step::Index(3)
            ]),
            "[get]"
        );
        assert_eq!(at(&[Step::Key("metadata"), Step::Index(0)]), "{name: a}");
        assert_eq!(tree.entries([Step::Key("rules")]).count(), 0);
    }

    #[test]
    fn empty_tree_locates_its_span() {
        let tree = SpanTree::empty(Span::new(3, 3));
        assert_eq!(tree.locate([Step::Key("rules")]), Span::new(3, 3));
        assert_eq!(tree.entries([]).count(), 0);
    }
}
