//! Typed values straight from a span tree: a serde `Deserializer` over
//! [`Node`], so an RBAC object becomes its k8s-openapi type without first
//! being copied into a `serde_json::Value` (that round trip was a fifth of a
//! run on dense RBAC; see BENCHMARKS.md). Scalars resolve exactly as
//! [`Node::to_json`] resolves them, and when a key repeats the last one wins.
//!
//! An error knows the node it arose at (the key, for a key no field takes),
//! so whoever reports it points at the text without interpreting serde's
//! message.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::Value;

use crate::source::Span;
use crate::yaml::{Entry, Node, NodeKind};

/// Deserializes `T` from `node`, leaving out the top-level key `skip`
/// (none when empty).
/// Errors carry the path of the element at fault, and its span.
pub fn from_node<'a, T: de::Deserialize<'a>>(
    node: &'a Node,
    skip: &'a str,
) -> Result<T, serde_path_to_error::Error<Error>> {
    serde_path_to_error::deserialize(NodeDeserializer { node, skip }).map_err(|err| {
        let path = err.path().clone();
        serde_path_to_error::Error::new(path, err.into_inner().at(node.span))
    })
}

/// Why a node does not deserialize, and where: the innermost node at fault.
#[derive(Debug)]
pub struct Error(Box<ErrorInner>);

#[derive(Debug)]
struct ErrorInner {
    /// serde's message, as `serde::de::value::Error` words it.
    message: String,
    span: Option<Span>,
    unknown_key: Option<UnknownKey>,
}

/// A mapping key that no field of the type takes.
#[derive(Debug)]
pub struct UnknownKey {
    pub key: String,
    /// The keys the type takes, in declaration order.
    pub expected: &'static [&'static str],
}

impl Error {
    /// The span of the node at fault (the key, for an unknown key).
    pub fn span(&self) -> Option<Span> {
        self.0.span
    }

    /// The key at fault, when the error is a key no field takes.
    pub fn unknown_key(&self) -> Option<&UnknownKey> {
        self.0.unknown_key.as_ref()
    }

    /// Locates the error at `span`, unless a node inside it already did.
    fn at(mut self, span: Span) -> Self {
        self.0.span.get_or_insert(span);
        self
    }

    fn new(message: String, unknown_key: Option<UnknownKey>) -> Self {
        Error(Box::new(ErrorInner {
            message,
            span: None,
            unknown_key,
        }))
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::new(msg.to_string(), None)
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let message = de::value::Error::unknown_field(field, expected).to_string();
        let key = UnknownKey {
            key: field.to_string(),
            expected,
        };
        Error::new(message, Some(key))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Error {}

/// Names as serde lists them in "expected" messages: "`a`", "`a` or `b`",
/// "one of `a`, `b`, `c`".
pub struct OneOf<'a>(pub &'a [&'a str]);

impl fmt::Display for OneOf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted = |names: &[&str]| {
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self.0 {
            [] => f.write_str("nothing"),
            [one] => write!(f, "`{one}`"),
            [a, b] => write!(f, "`{a}` or `{b}`"),
            names => write!(f, "one of {}", quoted(names)),
        }
    }
}

impl de::Expected for OneOf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

struct NodeDeserializer<'a> {
    node: &'a Node,
    /// A key to leave out of this mapping (not of nested ones).
    skip: &'a str,
}

impl<'a> NodeDeserializer<'a> {
    fn nested(node: &'a Node) -> Self {
        NodeDeserializer { node, skip: "" }
    }
}

impl<'de> de::Deserializer<'de> for NodeDeserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            NodeKind::Scalar(scalar) => match scalar.resolved() {
                None => visitor.visit_borrowed_str(&scalar.value),
                Some(Value::Null) => visitor.visit_unit(),
                Some(Value::Bool(b)) => visitor.visit_bool(b),
                Some(Value::Number(n)) => match (n.as_i64(), n.as_u64()) {
                    (Some(i), _) => visitor.visit_i64(i),
                    (None, Some(u)) => visitor.visit_u64(u),
                    _ => visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
                },
                Some(_) => unreachable!("scalars resolve to null, bool, number or string"),
            },
            NodeKind::Seq(items) => visitor.visit_seq(Items(items.iter())),
            NodeKind::Map(entries) => visitor.visit_map(Entries::new(entries, self.skip)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            NodeKind::Scalar(scalar) if scalar.resolved() == Some(Value::Null) => {
                visitor.visit_none()
            }
            _ => visitor.visit_some(self),
        }
    }

    /// Newtype wrappers (k8s-openapi's `Time`, `MicroTime`, `FieldsV1`,
    /// `Quantity`) expect `visit_newtype_struct`: hand them this node.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// A string scalar names a unit variant (`severity: warning`); any
    /// other node is the wrong type.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.node.kind {
            NodeKind::Scalar(scalar) if scalar.resolved().is_none() => {
                visitor.visit_enum(de::value::BorrowedStrDeserializer::new(&scalar.value))
            }
            _ => Err(de::Error::invalid_type(
                unexpected(self.node),
                &OneOf(variants),
            )),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

/// What `node` is, for an "invalid type" error.
fn unexpected(node: &Node) -> de::Unexpected<'_> {
    match &node.kind {
        NodeKind::Scalar(scalar) => match scalar.resolved() {
            None => de::Unexpected::Str(&scalar.value),
            Some(Value::Bool(b)) => de::Unexpected::Bool(b),
            Some(Value::Number(n)) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => de::Unexpected::Signed(i),
                (None, Some(u)) => de::Unexpected::Unsigned(u),
                _ => de::Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Some(_) => de::Unexpected::Unit,
        },
        NodeKind::Seq(_) => de::Unexpected::Seq,
        NodeKind::Map(_) => de::Unexpected::Map,
    }
}

struct Items<'a>(std::slice::Iter<'a, Node>);

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0
            .next()
            .map(|node| {
                seed.deserialize(NodeDeserializer::nested(node))
                    .map_err(|err| err.at(node.span))
            })
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// A mapping's entries in document order, without the ones a later entry
/// with the same key overrides, and without the skipped key.
struct Entries<'a> {
    entries: &'a [Entry],
    next: usize,
    skip: &'a str,
    /// For each key, the index of its last entry (only when a key repeats).
    last: Option<HashMap<String, usize>>,
    value: Option<&'a Node>,
}

impl<'a> Entries<'a> {
    fn new(entries: &'a [Entry], skip: &'a str) -> Self {
        // Keys rarely repeat (rbaclint reports it when they do): map the
        // last index of each key only then.
        let last = has_repeated_key(entries).then(|| {
            entries
                .iter()
                .enumerate()
                .map(|(i, e)| (key_text(&e.key), i))
                .collect()
        });
        Entries {
            entries,
            next: 0,
            skip,
            last,
            value: None,
        }
    }

    /// An empty `skip` leaves nothing out: `""` is a key like any other
    /// (the core API group's in a map of groups).
    fn wanted(&self, i: usize, key: &str) -> bool {
        (self.skip.is_empty() || key != self.skip)
            && self
                .last
                .as_ref()
                .is_none_or(|last| last.get(key) == Some(&i))
    }
}

/// Whether two entries share a scalar key, without allocating for the small
/// mappings Kubernetes objects are made of.
fn has_repeated_key(entries: &[Entry]) -> bool {
    let keys = || entries.iter().filter_map(|e| e.key.as_str());
    if entries.len() <= 16 {
        keys()
            .enumerate()
            .any(|(i, key)| keys().take(i).any(|earlier| earlier == key))
    } else {
        let mut seen = std::collections::HashSet::with_capacity(entries.len());
        keys().any(|key| !seen.insert(key))
    }
}

/// A key as JSON sees it: a scalar's text, else the JSON of the node.
fn key_text(key: &Node) -> String {
    match &key.kind {
        NodeKind::Scalar(s) => s.value.clone(),
        _ => key.to_json().to_string(),
    }
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        while let Some(entry) = self.entries.get(self.next) {
            let i = self.next;
            self.next += 1;
            let key = match &entry.key.kind {
                NodeKind::Scalar(s) => std::borrow::Cow::Borrowed(s.value.as_str()),
                _ => std::borrow::Cow::Owned(key_text(&entry.key)),
            };
            if !self.wanted(i, &key) {
                continue;
            }
            self.value = Some(&entry.value);
            let key = match key {
                std::borrow::Cow::Borrowed(k) => {
                    seed.deserialize(de::value::BorrowedStrDeserializer::new(k))
                }
                std::borrow::Cow::Owned(k) => seed.deserialize(k.into_deserializer()),
            };
            return key.map(Some).map_err(|err: Error| err.at(entry.key.span));
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let node = self.value.take().expect("next_value after next_key");
        seed.deserialize(NodeDeserializer::nested(node))
            .map_err(|err| err.at(node.span))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_stream;
    use k8s_openapi::api::rbac::v1::{ClusterRole, Role};

    fn root(text: &str) -> Node {
        parse_stream(text, 0).documents.remove(0).root.unwrap()
    }

    #[test]
    fn agrees_with_the_json_round_trip() {
        let node = root(
            "apiVersion: rbac.authorization.k8s.io/v1beta1\nkind: ClusterRole\nmetadata: {name: x, labels: {a: 'true', b: 'yes'}}\nrules:\n- apiGroups: ['']\n  verbs: [get]\n  verbs: ['*']\n  resources: [pods]\naggregationRule: ~\n",
        );
        let direct: ClusterRole = from_node(&node, "apiVersion").unwrap();
        let mut json = node.to_json();
        json.as_object_mut().unwrap().remove("apiVersion");
        let via_json: ClusterRole = serde_json::from_value(json).unwrap();
        assert_eq!(direct, via_json);
        assert_eq!(direct.rules.as_ref().unwrap()[0].verbs, ["*"]);
    }

    /// Everything the API server adds to a returned object loads, and loads
    /// exactly as through JSON: timestamps and `FieldsV1` are newtypes.
    #[test]
    fn server_populated_fields_load() {
        let node = root(concat!(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n",
            "metadata:\n",
            "  annotations: {kubectl.kubernetes.io/last-applied-configuration: '{\"kind\":\"Role\"}'}\n",
            "  creationTimestamp: \"2024-03-11T09:15:42Z\"\n",
            "  deletionGracePeriodSeconds: 0\n",
            "  deletionTimestamp: \"2024-03-20T16:45:12Z\"\n",
            "  finalizers: [example.com/keep]\n",
            "  generation: 3\n",
            "  managedFields:\n",
            "  - {apiVersion: rbac.authorization.k8s.io/v1, fieldsType: FieldsV1, manager: kubectl, operation: Update,\n",
            "     subresource: '', time: \"2024-03-11T09:15:42Z\", fieldsV1: {f:rules: {}, 'k:{\"uid\":\"1\"}': {.: {}}}}\n",
            "  name: x\n  namespace: ns\n",
            "  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: o, uid: u-1, controller: true, blockOwnerDeletion: true}]\n",
            "  resourceVersion: \"41230\"\n  uid: 2222-3333\n",
            "rules: []\n",
            "status: {conditions: [{type: Ready, status: 'True'}]}\n",
        ));
        let direct: Role = from_node(&node, "apiVersion").unwrap();
        let mut json = node.to_json();
        json.as_object_mut().unwrap().remove("apiVersion");
        let via_json: Role = serde_json::from_value(json).unwrap();
        assert_eq!(direct, via_json);
        let meta = &direct.metadata;
        assert_eq!(
            meta.creation_timestamp.as_ref().unwrap().0.to_string(),
            "2024-03-11T09:15:42Z"
        );
        assert!(meta.deletion_timestamp.is_some());
        let fields = meta.managed_fields.as_ref().unwrap()[0].fields_v1.as_ref();
        assert_eq!(fields.unwrap().0["f:rules"], serde_json::json!({}));
        assert_eq!(meta.owner_references.as_ref().unwrap()[0].uid, "u-1");
        assert_eq!(meta.generation, Some(3));
    }

    #[test]
    fn errors_name_the_element() {
        let node = root("kind: ClusterRole\nmetadata: {name: x}\nrules:\n- verbs: [get, 5]\n");
        let err = from_node::<ClusterRole>(&node, "apiVersion").unwrap_err();
        assert_eq!(err.path().to_string(), "rules[0].verbs[1]");
        assert!(err
            .inner()
            .to_string()
            .contains("invalid type: integer `5`"));
    }

    /// An error is located at the innermost node at fault: the value, or
    /// the key no field takes.
    #[test]
    fn errors_carry_the_span_of_their_node() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Selector {
            kind: Option<String>,
            name: Option<String>,
        }
        let text = "- {kind: Role}\n- {kind: [x]}\n- {kind: Role, nmae: x}\n";
        let node = root(text);
        let at = |span: Option<crate::source::Span>| {
            let span = span.unwrap();
            &text[span.start..span.end]
        };
        let items = node.items();
        let err = from_node::<Vec<Selector>>(&node, "").unwrap_err();
        assert_eq!(at(err.inner().span()), "[x]");
        assert_eq!(
            err.inner().span().unwrap().start,
            items[1].get("kind").unwrap().span.start
        );
        let err = from_node::<Selector>(&items[2], "").unwrap_err();
        assert_eq!(at(err.inner().span()), "nmae");
        let unknown = err.inner().unknown_key().unwrap();
        assert_eq!(
            (unknown.key.as_str(), unknown.expected),
            ("nmae", &["kind", "name"][..])
        );
        assert_eq!(
            err.inner().to_string(),
            "unknown field `nmae`, expected `kind` or `name`"
        );
        let err = from_node::<Selector>(items[0].get("kind").unwrap(), "").unwrap_err();
        assert_eq!(
            at(err.inner().span()),
            "Role",
            "the root when nothing inside is at fault"
        );
    }
}
