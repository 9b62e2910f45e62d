//! From bytes to the typed model: decode, parse every YAML document, unwrap
//! `List`s, and keep what the rules need — RBAC objects (typed, with their
//! nodes), CustomResourceDefinitions and workloads (for cross-object checks).
//!
//! Loading one file is a pure function, so files load in parallel and the
//! result does not depend on the order in which threads finish.

use crate::catalogue::{CrdInfo, ResourceScope};
use crate::comments;
use crate::model::{locate, ObjectRef, Path, Rbac, RbacKind, RbacObject, RBAC_GROUP};
use crate::node_de::from_node;
use crate::source::{FileId, SourceFile, Span};
use crate::validation::{self, Step};
use crate::yaml::{self, DuplicateKey, Node, SpanTree};

const UTF8_BOM: &str = "\u{feff}";

/// A file, or part of one, that could not be read or parsed.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub file: FileId,
    /// Where the problem is; `None` when the file could not be read at all.
    pub span: Option<Span>,
    pub message: String,
    pub hint: Option<String>,
}

/// An RBAC object that Kubernetes itself would reject: it does not have the
/// schema's shape (`verbs: 5`), or the API server's validation refuses it
/// (a rule without verbs, a ClusterRoleBinding to a Role). It grants nothing,
/// so no rule sees it.
#[derive(Debug, Clone)]
pub struct InvalidObject {
    pub file: FileId,
    pub id: ObjectRef,
    /// Every reason, in the API server's order (at least one).
    pub reasons: Vec<Rejection>,
}

impl InvalidObject {
    /// Where the first reason is.
    pub fn span(&self) -> Span {
        self.first().span
    }

    /// `Role ns/name: not a valid Role: ` and every reason, in order.
    pub fn message(&self) -> String {
        let reasons: Vec<&str> = self.reasons.iter().map(|r| r.message.as_str()).collect();
        format!(
            "{}: not a valid {}: {}",
            self.id,
            self.id.kind,
            reasons.join("; ")
        )
    }

    /// The first reason, in the API server's order.
    pub fn first(&self) -> &Rejection {
        self.reasons
            .first()
            .expect("an invalid object has a reason")
    }
}

/// One reason an object is rejected, at the element at fault.
#[derive(Debug, Clone)]
pub struct Rejection {
    pub span: Span,
    /// `rules[0].verbs`, `metadata.name`.
    pub element: String,
    /// What is wrong, in the API server's words where it has them.
    pub message: String,
}

/// A pod-running object (Deployment, Job, Pod, ...) and the ServiceAccount it runs as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workload {
    pub file: FileId,
    pub id: ObjectRef,
    pub service_account: String,
    /// Whether the pod spec names its ServiceAccount (else it runs as `default`).
    pub explicit: bool,
    /// Where the ServiceAccount is named (`serviceAccountName`'s value), or
    /// the workload's `metadata.name` when it runs as `default` implicitly.
    pub at: Path,
    pub span: Span,
}

/// A duplicate key inside an RBAC object.
#[derive(Debug, Clone)]
pub struct DuplicateKeyInObject {
    pub file: FileId,
    pub id: ObjectRef,
    pub duplicate: DuplicateKey,
}

/// Everything loaded from one file.
#[derive(Debug, Default)]
pub struct FileContents {
    pub objects: Vec<RbacObject>,
    pub invalid: Vec<InvalidObject>,
    pub crds: Vec<CrdInfo>,
    pub workloads: Vec<Workload>,
    pub duplicate_keys: Vec<DuplicateKeyInObject>,
    pub errors: Vec<LoadError>,
    /// Top-level objects plus List items, RBAC or not.
    pub object_count: usize,
    /// The YAML comments that mention `rbaclint:` (suppression directives).
    pub directive_comments: Vec<Span>,
    /// Objects that read as their types but that the API server would
    /// refuse (each also in `invalid`): linted only when the settings ask.
    pub refused: Vec<RbacObject>,
    /// The text is not UTF-8, YAML or JSON (the error is in `errors`).
    pub syntax_error: bool,
    /// The error breaks YAML's syntax itself, not a budget or Kubernetes'
    /// decoding rules (see [`crate::yaml::YamlError::malformed`]).
    pub malformed: bool,
}

/// Decodes raw bytes as UTF-8 (a leading BOM is kept in the text so offsets
/// stay those of the file). On failure the text is a lossy copy for display
/// and the error names where the first bad byte is.
pub fn decode(file: FileId, name: &str, bytes: Vec<u8>) -> (SourceFile, Option<LoadError>) {
    match String::from_utf8(bytes) {
        Ok(text) => (SourceFile::new(name, text), None),
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let what = if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
                "the file is not UTF-8 (it starts with a UTF-16 byte-order mark)"
            } else if bytes.contains(&0) {
                "the file is not UTF-8 (it looks binary)"
            } else {
                "the file is not UTF-8"
            };
            let message = format!("{what}: invalid byte 0x{:02x}", bytes[valid]);
            let text = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let source = SourceFile::new(name, text);
            let error = LoadError {
                file,
                span: Some(Span::new(valid, valid)),
                message,
                hint: Some(
                    "Kubernetes manifests must be UTF-8; convert the file (e.g. `iconv -t UTF-8`)"
                        .into(),
                ),
            };
            (source, Some(error))
        }
    }
}

/// The text after a leading byte-order mark, and the mark's length (the
/// offset the parser's positions start from).
pub(crate) fn without_bom(text: &str) -> (&str, usize) {
    match text.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, UTF8_BOM.len()),
        None => (text, 0),
    }
}

/// Parses one decoded file into its objects. Each document is dropped as
/// soon as what the rules need is taken from it (see [`FileContents`]).
pub fn load_file(file: FileId, source: &SourceFile) -> FileContents {
    const MARKER: &str = "rbaclint:";
    let (body, base) = without_bom(&source.text);
    let mut contents = FileContents::default();
    // The comments that may hold suppression directives are located with
    // the spans of the scalars, so that text inside scalars never counts.
    let mut scalars = body.contains(MARKER).then(Vec::new);
    let error = yaml::parse_documents(body, base, yaml::Schema::Kubernetes, &mut |document| {
        if let (Some(scalars), Some(root)) = (&mut scalars, &document.root) {
            comments::collect_scalar_spans(root, scalars);
        }
        contents.add_document(file, document);
    });
    if let Some(scalars) = scalars {
        contents.directive_comments = comments::comments_containing(body, base, &scalars, MARKER);
    }
    if let Some(err) = error {
        contents.syntax_error = true;
        contents.malformed = err.malformed;
        let hint = crate::not_manifest::looks_templated(body).then(|| {
            "this looks like a Helm or Go template: render it first with `helm template` and lint the output".to_string()
        });
        contents.errors.insert(
            0,
            LoadError {
                file,
                span: Some(Span::new(err.offset, err.offset)),
                message: format!("invalid YAML: {}", err.message),
                hint,
            },
        );
    }
    contents
}

use crate::yaml::NodeKind;

/// A document that is a list of objects (`[{"kind": ...}]`): Kubernetes
/// decodes a document as one object and rejects it, so it is bad input,
/// not nothing.
fn top_level_list(file: FileId, root: &Node) -> Option<LoadError> {
    let is_object_list = root
        .items()
        .iter()
        .any(|item| item.get("kind").is_some() && item.get("apiVersion").is_some());
    is_object_list.then(|| LoadError {
        file,
        span: Some(Span::new(root.span.start, root.span.start)),
        message: "the document is a list of objects, which Kubernetes rejects: a document must be one object".into(),
        hint: Some(
            "wrap the objects in a `kind: List` (`{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [...]}`), or write one document per object".into(),
        ),
    })
}

/// A strategic-merge patch (`$patch: delete`, `replace` or `merge`), as
/// kustomize's `patches` apply: it names an object to change, it is not one
/// (a RoleBinding deleted by `$patch: delete` has no roleRef, and is fine).
fn is_patch(node: &Node) -> bool {
    node.get("$patch").is_some()
}

/// `kind: List` or a typed list such as `RoleList`, with `items`.
fn is_list(root: &Node) -> bool {
    root.get_str("kind").is_some_and(|k| k.ends_with("List"))
        && matches!(root.get("items").map(|n| &n.kind), Some(NodeKind::Seq(_)))
}

/// Splits `apiVersion` into group and version (`v1` → core group).
fn group_version(api_version: &str) -> (&str, &str) {
    api_version.rsplit_once('/').unwrap_or(("", api_version))
}

/// The object's identity in messages. An object with only `generateName`
/// (created with `kubectl create`) shows as `<generateName><generated>`:
/// no roleRef can name it, and `<` keeps it apart from every real name.
fn object_ref(node: &Node, kind: &str) -> ObjectRef {
    let metadata = node.get("metadata");
    let field = |key| {
        metadata
            .and_then(|m| m.get_str(key))
            .filter(|value| !value.is_empty())
    };
    let name = match (field("name"), field("generateName")) {
        (Some(name), _) => name.to_string(),
        (None, Some(prefix)) => format!("{prefix}<generated>"),
        (None, None) => "<unnamed>".to_string(),
    };
    ObjectRef {
        kind: kind.to_string(),
        namespace: field("namespace").map(str::to_string),
        name,
    }
}

const WORKLOAD_KINDS: &[&str] = &[
    "Pod",
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "CronJob",
    "ReplicationController",
];

impl FileContents {
    /// Whether anything loaded from the file points into its text: an
    /// object, workload or error a finding or label may be on, or a
    /// suppression comment to read. A file with none is never rendered.
    pub fn refers_to_text(&self) -> bool {
        !(self.objects.is_empty()
            && self.refused.is_empty()
            && self.invalid.is_empty()
            && self.workloads.is_empty()
            && self.duplicate_keys.is_empty()
            && self.errors.is_empty()
            && self.directive_comments.is_empty())
    }

    fn add_document(&mut self, file: FileId, document: yaml::Document) {
        let Some(root) = document.root else { return };
        let before = self.objects.len();
        if is_list(&root) {
            let NodeKind::Map(entries) = root.kind else {
                return;
            };
            for entry in entries {
                if entry.key.as_str() == Some("items") {
                    if let NodeKind::Seq(items) = entry.value.kind {
                        for item in items {
                            self.add_object(file, item);
                        }
                    }
                }
            }
        } else if let Some(error) = top_level_list(file, &root) {
            self.errors.push(error);
        } else {
            self.add_object(file, root);
        }
        self.attach_duplicates(file, before, document.duplicate_keys);
    }

    fn add_object(&mut self, file: FileId, node: Node) {
        if !matches!(node.kind, NodeKind::Map(_)) {
            return;
        }
        self.object_count += 1;
        if is_patch(&node) {
            return;
        }
        let Some(kind) = node.get_str("kind").map(str::to_string) else {
            return;
        };
        let api_version = node.get_str("apiVersion").unwrap_or("");
        let (group, version) = group_version(api_version);
        if let Some(rbac_kind) = RbacKind::from_kind(&kind) {
            if group == RBAC_GROUP && matches!(version, "v1" | "v1beta1" | "v1alpha1") {
                let version = version.to_string();
                self.add_rbac(file, rbac_kind, &version, node);
            }
        } else if kind == "CustomResourceDefinition" && group == "apiextensions.k8s.io" {
            self.crds.extend(crd_info(&node));
        } else if WORKLOAD_KINDS.contains(&kind.as_str()) {
            if let Some(workload) = workload(file, &kind, &node) {
                self.workloads.push(workload);
            }
        }
    }

    fn add_rbac(&mut self, file: FileId, kind: RbacKind, version: &str, node: Node) {
        let id = object_ref(&node, kind.as_str());
        // Legacy v1beta1/v1alpha1 objects have the v1 shape: read them alike
        // (k8s-openapi would reject their apiVersion, so leave it out), then
        // refuse them as the API server does.
        let typed = match kind {
            RbacKind::Role => from_node(&node, "apiVersion").map(Rbac::Role),
            RbacKind::ClusterRole => from_node(&node, "apiVersion").map(Rbac::ClusterRole),
            RbacKind::RoleBinding => from_node(&node, "apiVersion").map(Rbac::RoleBinding),
            RbacKind::ClusterRoleBinding => {
                from_node(&node, "apiVersion").map(Rbac::ClusterRoleBinding)
            }
        };
        let reasons = match typed {
            Err(err) => {
                let element = err.path().to_string();
                let err = err.into_inner();
                let span = err.span().unwrap_or(node.span);
                let message = match element.as_str() {
                    "." | "" => err.to_string(),
                    _ => format!("{element}: {err}"),
                };
                vec![Rejection {
                    span,
                    element,
                    message,
                }]
            }
            Ok(rbac) => {
                let violations = validation::validate(&rbac);
                let legacy = legacy_version(&node, version);
                if violations.is_empty() && legacy.is_none() {
                    self.objects.push(RbacObject {
                        file,
                        id,
                        rbac,
                        node: SpanTree::new(&node),
                    });
                    return;
                }
                let reasons = legacy
                    .into_iter()
                    .chain(violations.iter().map(|v| Rejection {
                        span: locate_violation(&node, &v.at),
                        element: v.field.clone(),
                        message: v.message(),
                    }))
                    .collect();
                self.refused.push(RbacObject {
                    file,
                    id: id.clone(),
                    rbac,
                    node: SpanTree::new(&node),
                });
                reasons
            }
        };
        self.invalid.push(InvalidObject { file, id, reasons });
    }

    /// Keeps the duplicate keys of a document when it held RBAC objects.
    fn attach_duplicates(
        &mut self,
        file: FileId,
        first_object: usize,
        duplicates: Vec<DuplicateKey>,
    ) {
        for duplicate in duplicates {
            let owner = self.objects[first_object..].iter().find(|o| {
                o.node.span.start <= duplicate.first.start
                    && duplicate.second.end <= o.node.span.end
            });
            if let Some(owner) = owner {
                self.duplicate_keys.push(DuplicateKeyInObject {
                    file,
                    id: owner.id.clone(),
                    duplicate,
                });
            }
        }
    }
}

/// The rejection of a removed RBAC API version (`v1beta1`, `v1alpha1`: no
/// Kubernetes release serves them since 1.22), at the `apiVersion` value.
fn legacy_version(node: &Node, version: &str) -> Option<Rejection> {
    if version == "v1" {
        return None;
    }
    Some(Rejection {
        span: node.get("apiVersion").map_or(node.span, |v| v.span),
        element: "apiVersion".to_string(),
        message: format!(
            "apiVersion: {RBAC_GROUP}/{version} is served by no Kubernetes release since 1.22, so the API server refuses the object: use {RBAC_GROUP}/v1"
        ),
    })
}

/// The span of the element a validation error names: the deepest node on
/// `steps` that exists and is not empty, or the object's `kind` when not
/// even the first step exists (a missing `roleRef`).
fn locate_violation(node: &Node, steps: &[Step]) -> Span {
    let mut current = node;
    let mut found = None;
    for step in steps {
        let next = match step {
            Step::Key(key) => current.get(key),
            Step::Index(index) => current.items().get(*index),
            Step::KeyOf(key) => current
                .entries()
                .iter()
                .rev()
                .find(|e| e.key.as_str() == Some(key))
                .map(|e| &e.key),
        };
        let Some(next) = next else { break };
        current = next;
        if !next.span.is_empty() {
            found = Some(next.span);
        }
    }
    found.unwrap_or_else(|| node.get("kind").unwrap_or(node).span)
}

fn crd_info(node: &Node) -> Option<CrdInfo> {
    let spec = node.get("spec")?;
    Some(CrdInfo {
        group: spec.get_str("group")?.to_string(),
        plural: spec.get("names")?.get_str("plural")?.to_string(),
        scope: match spec.get_str("scope") {
            Some("Namespaced") => Some(ResourceScope::Namespaced),
            Some("Cluster") => Some(ResourceScope::Cluster),
            _ => None,
        },
        subresources: declared_subresources(spec),
    })
}

/// The subresources a CRD serves: those of `spec.versions[].subresources`
/// (any version's counts) and of v1beta1's `spec.subresources`. A `null`
/// value declares nothing, as for the API server. `None` when the manifest
/// has neither field nor versions: a fragment that cannot tell.
fn declared_subresources(spec: &Node) -> Option<Vec<String>> {
    let versions = spec.get("versions").map(Node::items);
    let blocks: Vec<&Node> = versions
        .into_iter()
        .flatten()
        .filter_map(|version| version.get("subresources"))
        .chain(spec.get("subresources"))
        .collect();
    if versions.is_none_or(<[Node]>::is_empty) && blocks.is_empty() {
        return None;
    }
    let mut declared: Vec<String> = blocks
        .iter()
        .flat_map(|block| block.entries())
        .filter(|entry| !entry.value.to_json().is_null())
        .filter_map(|entry| entry.key.as_str().map(str::to_string))
        .collect();
    declared.sort();
    declared.dedup();
    Some(declared)
}

/// The ServiceAccount a workload's pods run as (`default` when unset).
/// A pod spec without `containers` is a patch (e.g. a kustomize overlay's),
/// not a workload: the API server rejects it, and what it patches decides.
fn workload(file: FileId, kind: &str, node: &Node) -> Option<Workload> {
    let keys: &[&'static str] = match kind {
        "Pod" => &["spec"],
        "CronJob" => &["spec", "jobTemplate", "spec", "template", "spec"],
        _ => &["spec", "template", "spec"],
    };
    let spec = keys.iter().try_fold(node, |n, key| n.get(key))?;
    spec.get("containers")?;
    let field = ["serviceAccountName", "serviceAccount"]
        .into_iter()
        .find(|f| spec.get_str(f).is_some_and(|name| !name.is_empty()));
    let (service_account, at) = match field {
        Some(f) => {
            let at = keys.iter().chain([&f]).map(|&k| k.into()).collect();
            (spec.get_str(f).unwrap_or_default(), Path(at))
        }
        None => ("default", Path(vec!["metadata".into(), "name".into()])),
    };
    Some(Workload {
        file,
        id: object_ref(node, kind),
        service_account: service_account.to_string(),
        explicit: field.is_some(),
        span: locate(node, &at),
        at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> FileContents {
        load_file(0, &SourceFile::new("t.yaml", text))
    }

    #[test]
    fn rbac_objects_are_typed_and_other_groups_ignored() {
        let contents = load(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: a, namespace: ns}\nrules: []\n---\napiVersion: example.com/v1\nkind: Role\nmetadata: {name: b}\n",
        );
        assert_eq!(contents.objects.len(), 1);
        assert_eq!(contents.objects[0].id.to_string(), "Role/a");
        assert_eq!(contents.objects[0].id.namespace.as_deref(), Some("ns"));
        assert_eq!(contents.object_count, 2);
    }

    #[test]
    fn removed_rbac_versions_are_refused_at_the_api_version() {
        let text = "kind: Role\napiVersion: rbac.authorization.k8s.io/v1beta1\nmetadata: {name: a, namespace: ns}\nrules: []\n";
        let contents = load(text);
        assert!(contents.objects.is_empty());
        assert_eq!(contents.refused.len(), 1);
        let reasons = &contents.invalid[0].reasons;
        assert_eq!(reasons.len(), 1);
        assert_eq!(reasons[0].element, "apiVersion");
        assert_eq!(
            &text[reasons[0].span.start..reasons[0].span.end],
            "rbac.authorization.k8s.io/v1beta1"
        );
        assert!(reasons[0]
            .message
            .contains("use rbac.authorization.k8s.io/v1"));
    }

    #[test]
    fn list_items_are_objects() {
        let contents = load(
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: rbac.authorization.k8s.io/v1\n  kind: ClusterRole\n  metadata: {name: x}\n",
        );
        assert_eq!(contents.objects.len(), 1);
    }

    #[test]
    fn malformed_rbac_is_invalid_with_a_span() {
        let text = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: a}\nrules:\n- verbs: 5\n";
        let contents = load(text);
        assert!(contents.objects.is_empty());
        let reason = &contents.invalid[0].reasons[0];
        assert_eq!(&text[reason.span.start..reason.span.end], "5");
        assert_eq!(reason.element, "rules[0].verbs");
    }

    #[test]
    fn rejected_objects_are_invalid_at_the_element_at_fault() {
        let text = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ops\n  labels: {'bad key!': x}\nroleRef: {kind: Role, name: ops}\nsubjects: [{kind: Group, name: ops}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: no-ref, namespace: ns}\n";
        let contents = load(text);
        assert!(contents.objects.is_empty());
        let at = |i: usize, j: usize| {
            let reason = &contents.invalid[i].reasons[j];
            (
                &text[reason.span.start..reason.span.end],
                reason.element.as_str(),
            )
        };
        assert_eq!(at(0, 0), ("'bad key!'", "metadata.labels"));
        assert_eq!(at(0, 1), ("Role", "roleRef.kind"));
        assert!(contents.invalid[0].reasons[1]
            .message
            .ends_with(r#"Unsupported value: "Role": supported values: "ClusterRole""#));
        // No roleRef at all: the object's kind carries both reasons.
        assert_eq!(at(1, 0), ("RoleBinding", "roleRef.kind"));
        assert_eq!(at(1, 1), ("RoleBinding", "roleRef.name"));
    }

    #[test]
    fn non_utf8_is_reported_with_its_offset() {
        let (_, err) = decode(0, "x.yaml", b"kind: Role\nname: caf\xe9\n".to_vec());
        let err = err.unwrap();
        assert!(err.message.contains("not UTF-8"));
        assert_eq!(err.span, Some(Span::new(20, 20)));
    }

    #[test]
    fn workloads_say_where_their_service_account_is_named() {
        let text = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c, namespace: ns}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          serviceAccountName: runner\n          containers: [{name: c, image: i}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n---\n# A kustomize patch: no containers, no workload.\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {spec: {serviceAccountName: other}}}\n";
        let contents = load(text);
        let found: Vec<_> = contents
            .workloads
            .iter()
            .map(|w| {
                let at = &text[w.span.start..w.span.end];
                (
                    w.id.to_string(),
                    w.service_account.as_str(),
                    w.explicit,
                    w.at.to_string(),
                    at,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "CronJob/c".to_string(),
                    "runner",
                    true,
                    "spec.jobTemplate.spec.template.spec.serviceAccountName".to_string(),
                    "runner"
                ),
                (
                    "Pod/p".to_string(),
                    "default",
                    false,
                    "metadata.name".to_string(),
                    "p"
                ),
            ]
        );
    }

    #[test]
    fn bom_is_kept_in_offsets() {
        let text = "\u{feff}apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: x}\n";
        let contents = load(text);
        let name = contents.objects[0].span(&crate::path!("metadata", "name"));
        assert_eq!(&text[name.start..name.end], "x");
    }
}
