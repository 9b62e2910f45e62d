//! YAML streams as trees of nodes that know their byte span, decoded as
//! Kubernetes decodes them.
//!
//! kubectl and the API server read YAML with go-yaml v2 (under
//! sigs.k8s.io/yaml); rbaclint must see the objects they see, whatever the
//! YAML spelling. So the tree follows go-yaml v2's rules, not YAML 1.2's:
//! scalars resolve by YAML 1.1 ([`resolve`]: `on` is `true`, `!!binary`
//! decodes), `<<` merge keys apply in document order (a later key, merged
//! or explicit, overrides an earlier one; in `<<: [*a, *b]` the first map
//! wins), and a mapping key must become a JSON string. Every node keeps the
//! span of the text it came from, so a `*` merged in from an anchor, or
//! spelled `!!binary Kg==`, is reported where it is written.
//!
//! Cost stays linear in the input: parser events build a flat arena in which
//! an alias is a reference, so an anchor costs nothing until it is used; the
//! tree is then built from the arena with aliases and merges expanded,
//! against a per-file budget of copied nodes. Nesting is capped so hostile
//! input cannot exhaust the stack.

mod resolve;
mod span_tree;
pub mod upstream;

use std::borrow::Cow;
use std::collections::HashMap;

use libyaml_safer::{EventData, Mark, Parser, ScalarStyle};
use serde_json::Value;

use crate::source::Span;
use resolve::Resolved;
pub use resolve::Schema;
pub use span_tree::{EntrySpans, SpanTree, Step};

/// Deepest nesting of collections accepted (also after alias expansion);
/// Kubernetes objects stay far below.
pub const MAX_DEPTH: usize = 1000;
/// Nodes that alias and merge expansion may copy in one file: the budget
/// that ends an alias bomb (or a file that merges a wide map many times).
pub const ALIAS_EXPANSION_BUDGET: usize = 1_000_000;

/// Parser steps allowed per byte of input. The parser's work per event
/// grows with the number of open flow collections (`[`, `{`), so a file
/// nested hundreds deep costs hundreds of times its size; a budget of this
/// many steps per byte (Kubernetes JSON needs a few) ends such a file early.
pub const NESTING_STEPS_PER_BYTE: usize = 16;
/// Steps every file may take whatever its size.
const NESTING_STEPS_FLOOR: usize = 1 << 23;

const UTF8_BOM: &str = "\u{feff}";

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The text Kubernetes sees: escapes processed, `!!binary` decoded.
    pub value: String,
    /// Written plain (unquoted, not a block scalar).
    pub plain: bool,
    pub tag: Option<String>,
    resolved: Resolved,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

/// A key written twice in one mapping. Clients disagree on which one wins.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateKey {
    pub key: String,
    pub first: Span,
    pub second: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// `None` for an empty or comment-only document.
    pub root: Option<Node>,
    pub duplicate_keys: Vec<DuplicateKey>,
}

/// A stream that could not be parsed to its end.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub message: String,
    /// Byte offset of the problem in the file.
    pub offset: usize,
    /// The text breaks YAML's syntax (the scanner or parser stopped), as
    /// opposed to a budget refusing it or Kubernetes' decoding rules.
    pub malformed: bool,
}

/// Every document before the first error, and the error if there was one.
#[derive(Debug, Default)]
pub struct Stream {
    pub documents: Vec<Document>,
    pub error: Option<YamlError>,
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(&s.value),
            _ => None,
        }
    }

    /// The value of `key` in a mapping (the last one when a key repeats).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .rev()
                .find(|e| e.key.as_str() == Some(key))
                .map(|e| &e.value),
            _ => None,
        }
    }

    /// The string value of `key`, when it is a scalar.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn entries(&self) -> &[Entry] {
        match &self.kind {
            NodeKind::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The JSON value Kubernetes sees (see the module doc).
    pub fn to_json(&self) -> Value {
        match &self.kind {
            NodeKind::Scalar(s) => s
                .resolved()
                .unwrap_or_else(|| Value::String(s.value.clone())),
            NodeKind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Map(entries) => {
                let mut map = serde_json::Map::with_capacity(entries.len());
                for e in entries {
                    map.insert(
                        key_text(&e.key).unwrap_or_default().into_owned(),
                        e.value.to_json(),
                    );
                }
                Value::Object(map)
            }
        }
    }
}

impl Scalar {
    /// The null, bool or number this scalar resolves to; `None` for a string
    /// (so callers can borrow [`Scalar::value`] instead of copying it).
    pub fn resolved(&self) -> Option<Value> {
        self.resolved.to_json()
    }
}

/// The JSON object key a mapping key becomes; `None` for one Kubernetes
/// refuses (null, a sequence or a mapping).
fn key_text(key: &Node) -> Option<Cow<'_, str>> {
    match &key.kind {
        NodeKind::Scalar(s) => s.resolved.key_text(&s.value),
        _ => None,
    }
}

type RawId = usize;

/// A node as written: collections hold ids, an alias is a reference.
enum Raw {
    Scalar {
        scalar: Scalar,
        span: Span,
        /// `<<` as go-yaml recognises a merge key: plain and untagged (or
        /// tagged `!`), or tagged `!!merge`.
        merge_key: bool,
    },
    Seq {
        items: Vec<RawId>,
        span: Span,
    },
    Map {
        entries: Vec<(RawId, RawId)>,
        span: Span,
    },
    Alias {
        target: RawId,
    },
}

impl Raw {
    fn end(&self, raw: &[Raw]) -> usize {
        match self {
            Raw::Scalar { span, .. } | Raw::Seq { span, .. } | Raw::Map { span, .. } => span.end,
            Raw::Alias { target } => raw[*target].end(raw),
        }
    }
}

/// A collection under construction.
enum Open {
    Seq {
        items: Vec<RawId>,
        start: usize,
        anchor: Option<String>,
        flow: bool,
    },
    Map {
        entries: Vec<(RawId, RawId)>,
        pending_key: Option<RawId>,
        start: usize,
        anchor: Option<String>,
        flow: bool,
    },
}

/// Offsets of the text handed to the parser, mapped back to the file.
struct Offsets {
    base: usize,
    /// The offset just past the text: spans end there at the latest, even
    /// when the parser read the line break added after the last line.
    limit: usize,
    /// `(offset in the parsed text, bytes to add from there on)`, ascending;
    /// empty unless JSON escapes were rewritten.
    shifts: Vec<(usize, usize)>,
}

impl Offsets {
    fn map(&self, parsed: usize) -> usize {
        let i = self.shifts.partition_point(|&(at, _)| at <= parsed);
        let shift = if i == 0 { 0 } else { self.shifts[i - 1].1 };
        (self.base + parsed + shift).min(self.limit)
    }
}

/// A problem found while building a document, at a file offset.
type Failure = (String, usize);

struct Builder {
    offsets: Offsets,
    raw: Vec<Raw>,
    stack: Vec<Open>,
    anchors: HashMap<String, RawId>,
    /// Alias targets: their subtrees are copied, never moved, into the tree.
    aliased: Vec<bool>,
    root: Option<RawId>,
    /// Flow collections open now.
    flow_depth: usize,
    /// Parser steps left: each event costs the flow collections open.
    steps_left: usize,
}

impl Builder {
    fn offset(&self, mark: Mark) -> usize {
        self.offsets.map(mark.index as usize)
    }

    fn add(&mut self, raw: Raw, anchor: Option<String>) -> RawId {
        let id = self.raw.len();
        self.raw.push(raw);
        self.aliased.push(false);
        if let Some(name) = anchor {
            self.anchors.insert(name, id);
        }
        id
    }

    /// Adds a finished node to the collection being built (or makes it the root).
    fn push(&mut self, id: RawId) {
        match self.stack.last_mut() {
            None => self.root = Some(id),
            Some(Open::Seq { items, .. }) => items.push(id),
            Some(Open::Map {
                entries,
                pending_key,
                ..
            }) => match pending_key.take() {
                None => *pending_key = Some(id),
                Some(key) => entries.push((key, id)),
            },
        }
    }

    /// Starts a collection, refusing nesting deeper than [`MAX_DEPTH`].
    fn open(&mut self, collection: Open) -> Result<(), String> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        if matches!(
            collection,
            Open::Seq { flow: true, .. } | Open::Map { flow: true, .. }
        ) {
            self.flow_depth += 1;
        }
        self.stack.push(collection);
        Ok(())
    }

    fn close(&mut self, end_mark: Mark) -> Result<(), String> {
        let end_event = self.offset(end_mark);
        let open = self.stack.pop().ok_or("unbalanced collection end")?;
        if matches!(
            open,
            Open::Seq { flow: true, .. } | Open::Map { flow: true, .. }
        ) {
            self.flow_depth -= 1;
        }
        let (raw, anchor) = match open {
            Open::Seq {
                items,
                start,
                anchor,
                flow,
            } => {
                let end = if flow {
                    end_event
                } else {
                    items.last().map_or(start, |&i| self.raw[i].end(&self.raw))
                };
                let span = Span::new(start, end.max(start));
                (Raw::Seq { items, span }, anchor)
            }
            Open::Map {
                entries,
                start,
                anchor,
                flow,
                ..
            } => {
                let end = if flow {
                    end_event
                } else {
                    entries.last().map_or(start, |&(k, v)| {
                        self.raw[v].end(&self.raw).max(self.raw[k].end(&self.raw))
                    })
                };
                let span = Span::new(start, end.max(start));
                (Raw::Map { entries, span }, anchor)
            }
        };
        let id = self.add(raw, anchor);
        self.push(id);
        Ok(())
    }

    /// The document's tree, and its duplicate keys; resets the arena.
    fn finish_document(&mut self, budget: &mut usize) -> Result<Document, Failure> {
        let root = self.root.take();
        let raw = std::mem::take(&mut self.raw);
        let aliased = std::mem::take(&mut self.aliased);
        self.anchors.clear();
        let mut tree = Tree {
            raw,
            aliased,
            budget,
            duplicates: Vec::new(),
        };
        let root = match root {
            Some(id) => Some(tree.node(id, 0, Copy::No, false)?),
            None => None,
        };
        Ok(Document {
            root,
            duplicate_keys: tree.duplicates,
        })
    }
}

/// Whether a node is built as a copy (inside an alias expansion, which
/// counts against the budget), or as written.
#[derive(Clone, Copy, PartialEq)]
enum Copy {
    No,
    /// Written, but inside an alias target: clone, the alias needs it too.
    Shared,
    /// An alias expansion.
    Alias,
}

/// Builds a document's tree from its arena, expanding aliases and merges.
struct Tree<'a> {
    raw: Vec<Raw>,
    aliased: Vec<bool>,
    budget: &'a mut usize,
    duplicates: Vec<DuplicateKey>,
}

impl Tree<'_> {
    fn node(&mut self, id: RawId, depth: usize, copy: Copy, is_key: bool) -> Result<Node, Failure> {
        let copy = match copy {
            Copy::No if self.aliased[id] => Copy::Shared,
            other => other,
        };
        if copy == Copy::Alias {
            if *self.budget == 0 {
                return Err((
                    format!(
                        "alias expansion exceeds {ALIAS_EXPANSION_BUDGET} nodes (an alias bomb?)"
                    ),
                    self.start(id),
                ));
            }
            *self.budget -= 1;
        }
        match &mut self.raw[id] {
            Raw::Scalar { scalar, span, .. } => {
                let span = *span;
                if let Resolved::Float(f) = scalar.resolved {
                    if !f.is_finite() && !is_key {
                        return Err((
                            format!(
                                "`{}` is not a finite number; Kubernetes cannot convert it to JSON",
                                scalar.value
                            ),
                            span.start,
                        ));
                    }
                }
                let scalar = if copy == Copy::No {
                    Scalar {
                        value: std::mem::take(&mut scalar.value),
                        tag: scalar.tag.take(),
                        ..scalar.clone()
                    }
                } else {
                    scalar.clone()
                };
                Ok(Node {
                    kind: NodeKind::Scalar(scalar),
                    span,
                })
            }
            Raw::Alias { target } => {
                let target = *target;
                self.node(target, depth, Copy::Alias, is_key)
            }
            Raw::Seq { items, span } => {
                let span = *span;
                let items = std::mem::take(items);
                let built = self.nested(depth, span.start, |tree| {
                    items
                        .iter()
                        .map(|&item| tree.node(item, depth + 1, copy, false))
                        .collect::<Result<Vec<_>, _>>()
                });
                if let Raw::Seq { items: slot, .. } = &mut self.raw[id] {
                    *slot = items;
                }
                Ok(Node {
                    kind: NodeKind::Seq(built?),
                    span,
                })
            }
            Raw::Map { entries, span } => {
                let span = *span;
                let entries = std::mem::take(entries);
                let built = self.nested(depth, span.start, |tree| tree.map(&entries, depth, copy));
                if let Raw::Map { entries: slot, .. } = &mut self.raw[id] {
                    *slot = entries;
                }
                Ok(Node {
                    kind: NodeKind::Map(built?),
                    span,
                })
            }
        }
    }

    fn nested<T>(
        &mut self,
        depth: usize,
        start: usize,
        build: impl FnOnce(&mut Self) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        if depth >= MAX_DEPTH {
            return Err((
                format!("nesting deeper than {MAX_DEPTH} levels (after alias expansion)"),
                start,
            ));
        }
        build(self)
    }

    fn start(&self, id: RawId) -> usize {
        match &self.raw[id] {
            Raw::Scalar { span, .. } | Raw::Seq { span, .. } | Raw::Map { span, .. } => span.start,
            Raw::Alias { target } => self.start(*target),
        }
    }

    /// A mapping's entries as go-yaml builds them: in document order, each
    /// key (explicit or merged) overriding an earlier one with that key.
    fn map(
        &mut self,
        entries: &[(RawId, RawId)],
        depth: usize,
        copy: Copy,
    ) -> Result<Vec<Entry>, Failure> {
        let mut out = MapBuilder::default();
        for &(k, v) in entries {
            if matches!(
                self.raw[k],
                Raw::Scalar {
                    merge_key: true,
                    ..
                }
            ) {
                for source in self.merge_sources(v)? {
                    let merged = self.node(source, depth + 1, copy, false)?;
                    let NodeKind::Map(merged) = merged.kind else {
                        unreachable!("merge sources are mappings")
                    };
                    for entry in merged {
                        out.set(entry, false, None);
                    }
                }
                continue;
            }
            let key = self.node(k, depth + 1, copy, true)?;
            if key_text(&key).is_none() {
                let what = match key.kind {
                    NodeKind::Scalar(_) => "a null or out-of-range key",
                    _ => "a sequence or mapping as a key",
                };
                return Err((
                    format!("{what}: Kubernetes accepts only string, number and boolean keys"),
                    key.span.start,
                ));
            }
            let value = self.node(v, depth + 1, copy, false)?;
            let record = (copy != Copy::Alias).then_some(&mut self.duplicates);
            out.set(Entry { key, value }, true, record);
        }
        Ok(out.finish())
    }

    /// The mappings a `<<` value merges, in the order to apply them (the
    /// first listed is applied last, so it wins).
    fn merge_sources(&self, value: RawId) -> Result<Vec<RawId>, Failure> {
        let is_map = |id: RawId| match &self.raw[id] {
            Raw::Map { .. } => true,
            Raw::Alias { target } => matches!(self.raw[*target], Raw::Map { .. }),
            _ => false,
        };
        let sources = match &self.raw[value] {
            _ if is_map(value) => vec![value],
            Raw::Seq { items, .. } if items.iter().all(|&i| is_map(i)) => {
                items.iter().rev().copied().collect()
            }
            _ => {
                return Err((
                    "map merge requires map or sequence of maps as the value".into(),
                    self.start(value),
                ))
            }
        };
        Ok(sources)
    }
}

/// A mapping under construction where a later key replaces an earlier one.
#[derive(Default)]
struct MapBuilder {
    /// `None` where a later entry replaced this one.
    entries: Vec<Option<Entry>>,
    /// For each entry, where its key was last written explicitly (not merged).
    explicit: Vec<Option<Span>>,
    /// Slot of each key; built only once the mapping is too wide for a scan.
    index: Option<HashMap<String, usize>>,
}

impl MapBuilder {
    const LINEAR: usize = 16;

    fn slot(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().position(|e| {
                e.as_ref()
                    .is_some_and(|e| key_text(&e.key).as_deref() == Some(key))
            }),
        }
    }

    /// Sets an entry; an explicit key written before explicitly is recorded
    /// in `duplicates` (when given).
    fn set(&mut self, entry: Entry, explicit: bool, duplicates: Option<&mut Vec<DuplicateKey>>) {
        let key = key_text(&entry.key).unwrap_or_default();
        let slot = self.slot(&key);
        let mut explicit_span = explicit.then_some(entry.key.span);
        if let Some(slot) = slot {
            let earlier = self.explicit[slot];
            match (explicit, earlier, duplicates) {
                (true, Some(first), Some(duplicates)) => duplicates.push(DuplicateKey {
                    key: key.to_string(),
                    first,
                    second: entry.key.span,
                }),
                (false, _, _) => explicit_span = earlier,
                _ => {}
            }
            self.entries[slot] = None;
        }
        let owned_key = self.index.is_some().then(|| key.into_owned());
        self.entries.push(Some(entry));
        self.explicit.push(explicit_span);
        let last = self.entries.len() - 1;
        match (&mut self.index, owned_key) {
            (Some(index), Some(key)) => {
                index.insert(key, last);
            }
            _ if self.entries.len() > Self::LINEAR => {
                self.index = Some(
                    self.entries
                        .iter()
                        .enumerate()
                        .filter_map(|(i, e)| Some((key_text(&e.as_ref()?.key)?.into_owned(), i)))
                        .collect(),
                );
            }
            _ => {}
        }
    }

    fn finish(self) -> Vec<Entry> {
        self.entries.into_iter().flatten().collect()
    }
}

/// Parses every document of `text` as Kubernetes decodes it. `base` is added
/// to every offset (the length of a byte-order mark stripped by the caller).
pub fn parse_stream(text: &str, base: usize) -> Stream {
    parse_stream_with(text, base, Schema::Kubernetes)
}

/// [`parse_stream`] with plain scalars resolved by `schema`.
pub fn parse_stream_with(text: &str, base: usize, schema: Schema) -> Stream {
    let mut documents = Vec::new();
    let error = parse_documents(text, base, schema, &mut |document| documents.push(document));
    Stream { documents, error }
}

/// Parses `text` as [`parse_stream_with`] does, handing each document to
/// `each` as soon as it is complete, so that a caller keeping only part of
/// each document never holds the trees of the whole file at once. Returns
/// the error that ended the stream, if any (the documents before it have
/// been handed over).
pub fn parse_documents(
    text: &str,
    base: usize,
    schema: Schema,
    each: &mut dyn FnMut(Document),
) -> Option<YamlError> {
    let mut delivered = 0;
    parse_documents_after(text, base, schema, &mut delivered, each)
}

/// [`parse_documents`], skipping the first `*delivered` documents (handed
/// over by an earlier attempt) and counting the ones it hands over.
fn parse_documents_after(
    text: &str,
    base: usize,
    schema: Schema,
    delivered: &mut usize,
    each: &mut dyn FnMut(Document),
) -> Option<YamlError> {
    let limit = base + text.len();
    // The parser drops a leading byte-order mark without counting it in its
    // offsets (go-yaml and libyaml skip one more at the start of a line).
    let base = base
        + if text.starts_with(UTF8_BOM) {
            UTF8_BOM.len()
        } else {
            0
        };
    let rewritten = rewrite_json_surrogates(text);
    let (parsed, shifts) = match &rewritten {
        Some((parsed, shifts)) => (parsed.as_str(), shifts.clone()),
        None => (text, Vec::new()),
    };
    // libyaml-safer 0.3.0 panics on a block scalar that ends the input without
    // a line break; a trailing newline changes no offset before it.
    let owned;
    let mut input = if parsed.ends_with(['\n', '\r']) || parsed.is_empty() {
        parsed.as_bytes()
    } else {
        owned = format!("{parsed}\n");
        owned.as_bytes()
    };
    let mut parser = Parser::new();
    parser.set_input_string(&mut input);
    let mut parsed_documents = 0;
    let mut budget = ALIAS_EXPANSION_BUDGET;
    let mut builder = Builder {
        offsets: Offsets {
            base,
            limit,
            shifts,
        },
        raw: Vec::new(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        aliased: Vec::new(),
        root: None,
        flow_depth: 0,
        steps_left: NESTING_STEPS_FLOOR.max(NESTING_STEPS_PER_BYTE * text.len()),
    };
    let end_of_file = base + text.len();
    let fail_as = |malformed: bool, message: String, offset: usize| {
        Some(YamlError {
            message,
            offset: offset.min(end_of_file),
            malformed,
        })
    };
    let malformed = |message, offset| fail_as(true, message, offset);
    let fail = |message, offset| fail_as(false, message, offset);
    loop {
        let event = match upstream::next_event(&mut parser) {
            Err(upstream::TagBeforeComma) => {
                let comma = upstream::tag_before_comma_offset(parsed).unwrap_or(0);
                let bom = if parsed.starts_with(UTF8_BOM) {
                    UTF8_BOM.len()
                } else {
                    0
                };
                let message = upstream::TAG_BEFORE_COMMA.to_string();
                return malformed(message, builder.offsets.map(comma.saturating_sub(bom)));
            }
            Ok(Ok(event)) => event,
            Ok(Err(err)) if err.kind() == libyaml_safer::ErrorKind::Reader => {
                return match disallowed_character(text) {
                    Some((at, message)) => {
                        // Keep the documents before the one holding it
                        // (the parser may have stopped before their end).
                        let before = &text[..document_start(text, at)];
                        parse_documents_after(before, base, schema, delivered, each);
                        malformed(message, base + at)
                    }
                    None => malformed(err.problem().to_string(), base),
                };
            }
            Ok(Err(err)) => {
                let mark = err
                    .problem_mark()
                    .or(err.context_mark())
                    .unwrap_or_default();
                let message = match err.context() {
                    Some(context) => format!("{} {}", err.problem(), context),
                    None => err.problem().to_string(),
                };
                return malformed(message, builder.offset(mark));
            }
        };
        let start = builder.offset(event.start_mark);
        builder.steps_left = match builder.steps_left.checked_sub(builder.flow_depth) {
            Some(left) => left,
            None => {
                let message = format!(
                    "flow collections nested so deep that parsing exceeds its budget of {} steps per byte",
                    NESTING_STEPS_PER_BYTE
                );
                return fail(message, start);
            }
        };
        let step: Result<(), String> = match event.data {
            EventData::StreamStart { .. } => Ok(()),
            EventData::StreamEnd => return None,
            EventData::DocumentStart { .. } => Ok(()),
            EventData::DocumentEnd { .. } => match builder.finish_document(&mut budget) {
                Ok(document) => {
                    parsed_documents += 1;
                    if parsed_documents > *delivered {
                        *delivered += 1;
                        each(document);
                    }
                    Ok(())
                }
                Err((message, offset)) => return fail(message, offset),
            },
            EventData::Scalar {
                anchor,
                tag,
                mut value,
                plain_implicit,
                style,
                ..
            } => match resolve::resolve(schema, tag.as_deref(), plain_implicit, &mut value) {
                Err(message) => Err(message),
                Ok(resolved) => {
                    let end = builder.offset(event.end_mark);
                    let merge_key = value == "<<"
                        && (plain_implicit || tag.as_deref() == Some("tag:yaml.org,2002:merge"));
                    let scalar = Scalar {
                        value,
                        plain: style == ScalarStyle::Plain,
                        tag,
                        resolved,
                    };
                    let span = Span::new(start, end);
                    let id = builder.add(
                        Raw::Scalar {
                            scalar,
                            span,
                            merge_key,
                        },
                        anchor,
                    );
                    builder.push(id);
                    Ok(())
                }
            },
            EventData::Alias { anchor } => match builder.anchors.get(&anchor) {
                None => Err(format!("unknown alias `*{anchor}`")),
                Some(&target) => {
                    builder.aliased[target] = true;
                    let id = builder.add(Raw::Alias { target }, None);
                    builder.push(id);
                    Ok(())
                }
            },
            EventData::SequenceStart { anchor, style, .. } => builder.open(Open::Seq {
                items: Vec::new(),
                start,
                anchor,
                flow: style == libyaml_safer::SequenceStyle::Flow,
            }),
            EventData::MappingStart { anchor, style, .. } => builder.open(Open::Map {
                entries: Vec::new(),
                pending_key: None,
                start,
                anchor,
                flow: style == libyaml_safer::MappingStyle::Flow,
            }),
            EventData::SequenceEnd | EventData::MappingEnd => builder.close(event.end_mark),
        };
        if let Err(message) = step {
            return fail(message, start);
        }
    }
}

/// The first character YAML does not allow in a stream (the parser names
/// none, and reports no position), with a message naming it.
fn disallowed_character(text: &str) -> Option<(usize, String)> {
    let (at, c) = text.char_indices().find(|&(_, c)| {
        !matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}'
            | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
    })?;
    let what = if c.is_control() {
        "control character"
    } else {
        "character"
    };
    Some((
        at,
        format!("{what} U+{:04X} is not allowed in YAML", c as u32),
    ))
}

/// Where the document holding byte `at` starts: after the last `---` line
/// before it (Kubernetes splits a stream at those lines), or 0.
fn document_start(text: &str, at: usize) -> usize {
    let mut line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    loop {
        let line = &text[line_start..];
        if line.starts_with("---") && line[3..].chars().next().is_none_or(|c| c.is_whitespace()) {
            return line_start;
        }
        if line_start == 0 {
            return 0;
        }
        line_start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
    }
}

/// A JSON file (its first character is `{`, as kubectl decides) may escape
/// a character beyond U+FFFF as a UTF-16 surrogate pair (`\ud83d\ude00`),
/// which YAML forbids. Rewrites each pair as one `\U` escape and a lone
/// surrogate as U+FFFD (as Go's JSON decoder does), and returns the text
/// with the shifts that map its offsets back; `None` when nothing changes.
fn rewrite_json_surrogates(text: &str) -> Option<(String, Vec<(usize, usize)>)> {
    let body = text.trim_start_matches([UTF8_BOM.chars().next().unwrap(), ' ', '\t', '\r', '\n']);
    if !body.starts_with('{') || !text.contains("\\u") {
        return None;
    }
    let bytes = text.as_bytes();
    let unit = |at: usize| -> Option<u32> {
        let hex = bytes.get(at..at + 6)?;
        if hex[0] != b'\\' || hex[1] != b'u' {
            return None;
        }
        u32::from_str_radix(std::str::from_utf8(&hex[2..]).ok()?, 16).ok()
    };
    let mut out = String::new();
    let mut shifts = Vec::new();
    let mut copied = 0;
    let mut removed = 0;
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => in_string = !in_string,
            b'\\' if in_string => {
                let Some(high) = unit(i).filter(|u| (0xd800..0xe000).contains(u)) else {
                    i += 2;
                    continue;
                };
                let low = unit(i + 6).filter(|u| (0xdc00..0xe000).contains(u));
                out.push_str(&text[copied..i]);
                match low {
                    Some(low) if high < 0xdc00 => {
                        let c = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
                        out.push_str(&format!("\\U{c:08X}"));
                        removed += 2;
                        copied = i + 12;
                        shifts.push((out.len(), removed));
                    }
                    _ => {
                        out.push_str("\\uFFFD");
                        copied = i + 6;
                    }
                }
                i = copied;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some((out, shifts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let stream = parse_stream(text, 0);
        assert!(stream.error.is_none(), "{:?}", stream.error);
        stream.documents.into_iter().next().unwrap().root.unwrap()
    }

    fn slice<'a>(text: &'a str, node: &Node) -> &'a str {
        &text[node.span.start..node.span.end]
    }

    #[test]
    fn spans_are_byte_ranges_even_after_multibyte_text() {
        let text = "# café ☕\nverbs: [\"get\", '*']\nname: naïve\n";
        let root = one(text);
        let star = &root.get("verbs").unwrap().items()[1];
        assert_eq!(slice(text, star), "'*'");
        assert_eq!(slice(text, root.get("name").unwrap()), "naïve");
    }

    #[test]
    fn crlf_and_base_offset() {
        let text = "a: 1\r\nb: x\r\n";
        let stream = parse_stream(text, 3);
        let root = stream.documents[0].root.as_ref().unwrap();
        assert_eq!(root.get("b").unwrap().span, Span::new(3 + 9, 3 + 10));
    }

    #[test]
    fn aliases_keep_the_anchor_span_and_merges_resolve() {
        let text = "base: &b {verbs: ['*']}\nrule:\n  <<: *b\n  apiGroups: ['']\n";
        let root = one(text);
        let rule = root.get("rule").unwrap();
        let verb = &rule.get("verbs").unwrap().items()[0];
        assert_eq!(slice(text, verb), "'*'");
        assert!(verb.span.end < text.find("rule").unwrap());
        assert_eq!(rule.get("apiGroups").unwrap().items().len(), 1);
    }

    #[test]
    fn later_keys_win_merged_or_explicit() {
        let root = one("a: &a {x: 1, z: 2}\nb: {<<: *a, x: 3}\nc: {x: 3, <<: *a}\n");
        let b = root.get("b").unwrap().to_json();
        assert_eq!(b, serde_json::json!({"x": 3, "z": 2}));
        let c = root.get("c").unwrap();
        assert_eq!(c.to_json(), serde_json::json!({"x": 1, "z": 2}));
        // The winning `x` is the anchor's, and keeps its span.
        assert_eq!(c.get("x").unwrap().span, Span::new(10, 11));
    }

    #[test]
    fn duplicate_keys_are_recorded_and_the_last_wins() {
        let stream = parse_stream("verbs: [get]\nverbs: ['*']\n", 0);
        let doc = &stream.documents[0];
        assert_eq!(doc.duplicate_keys.len(), 1);
        assert_eq!(doc.duplicate_keys[0].first, Span::new(0, 5));
        assert_eq!(doc.duplicate_keys[0].second, Span::new(13, 18));
        assert_eq!(
            doc.root.as_ref().unwrap().to_json(),
            serde_json::json!({"verbs": ["*"]})
        );
    }

    #[test]
    fn scalars_resolve_as_go_yaml_v2_does() {
        let text = "a: 5\nb: '5'\nc: true\nd: ~\ne: yes\nf: 1.5\ng: 0x10\nh: !!str 7\non: 010\n";
        assert_eq!(
            one(text).to_json(),
            serde_json::json!({"a": 5, "b": "5", "c": true, "d": null, "e": true, "f": 1.5, "g": 16, "h": "7", "true": 8})
        );
        let core = parse_stream_with(text, 0, Schema::Core)
            .documents
            .remove(0)
            .root
            .unwrap();
        assert_eq!(core.get("e").unwrap().to_json(), "yes");
    }

    #[test]
    fn block_scalar_at_end_without_newline_does_not_panic() {
        let root = one("data: |\n  hello");
        assert_eq!(root.get_str("data"), Some("hello\n"));
        // Its span stops at the end of the text, not past the added newline.
        let text = "verbs: |\n ";
        let root = one(text);
        assert_eq!(root.get("verbs").unwrap().span.end, text.len());
    }

    #[test]
    fn documents_before_an_error_are_kept() {
        let stream = parse_stream("a: 1\n---\nb: [\n", 0);
        assert_eq!(stream.documents.len(), 1);
        let err = stream.error.unwrap();
        assert!(err.offset >= 9, "{err:?}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let prev = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let stream = parse_stream(&text, 0);
        assert!(stream.error.unwrap().message.contains("alias"));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(5000);
        let stream = parse_stream(&text, 0);
        assert!(stream.error.unwrap().message.contains("nesting"));
    }
}
