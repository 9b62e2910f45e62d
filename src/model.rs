//! The typed model rules see: RBAC objects as k8s-openapi types, each with the
//! YAML node it was read from so any element can be located by its path.

use std::fmt;

use k8s_openapi::api::rbac::v1::{
    AggregationRule, ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, RoleRef,
    Subject,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::source::{FileId, Span};
use crate::yaml::{Node, SpanTree, Step};

/// The API group of every RBAC kind.
pub const RBAC_GROUP: &str = "rbac.authorization.k8s.io";

/// One step of a path into an object: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    Key(&'static str),
    Index(usize),
}

impl From<&'static str> for Seg {
    fn from(key: &'static str) -> Self {
        Seg::Key(key)
    }
}

impl From<usize> for Seg {
    fn from(index: usize) -> Self {
        Seg::Index(index)
    }
}

/// The path of an element inside an object, printed as `rules[2].verbs[1]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Path(pub Vec<Seg>);

/// Builds a [`Path`]: `path!("rules", 2, "verbs", 1)`.
#[macro_export]
macro_rules! path {
    ($($seg:expr),* $(,)?) => {
        $crate::model::Path(vec![$($crate::model::Seg::from($seg)),*])
    };
}

impl Path {
    /// The path as steps into a [`SpanTree`].
    pub fn steps(&self) -> impl Iterator<Item = Step<'_>> {
        self.0.iter().map(|seg| match seg {
            Seg::Key(key) => Step::Key(key),
            Seg::Index(index) => Step::Index(*index),
        })
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(key) if i == 0 => write!(f, "{key}")?,
                Seg::Key(key) => write!(f, ".{key}")?,
                Seg::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// The four RBAC kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RbacKind {
    Role,
    ClusterRole,
    RoleBinding,
    ClusterRoleBinding,
}

impl RbacKind {
    pub fn from_kind(kind: &str) -> Option<Self> {
        Some(match kind {
            "Role" => RbacKind::Role,
            "ClusterRole" => RbacKind::ClusterRole,
            "RoleBinding" => RbacKind::RoleBinding,
            "ClusterRoleBinding" => RbacKind::ClusterRoleBinding,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RbacKind::Role => "Role",
            RbacKind::ClusterRole => "ClusterRole",
            RbacKind::RoleBinding => "RoleBinding",
            RbacKind::ClusterRoleBinding => "ClusterRoleBinding",
        }
    }
}

/// The typed content of an RBAC object.
#[derive(Debug, Clone)]
pub enum Rbac {
    Role(Role),
    ClusterRole(ClusterRole),
    RoleBinding(RoleBinding),
    ClusterRoleBinding(ClusterRoleBinding),
}

/// Who an object is, for messages and reports: `ClusterRole/my-controller`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectRef {
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind, self.name)
    }
}

/// The file of the built-in default roles ([`crate::bootstrap`]), which
/// exist in every cluster but in no input file.
pub const BUILT_IN: FileId = FileId::MAX;

/// An RBAC object read from a file, with the spans of its YAML for
/// locating elements.
#[derive(Debug, Clone)]
pub struct RbacObject {
    pub file: FileId,
    pub id: ObjectRef,
    pub rbac: Rbac,
    pub node: SpanTree,
}

impl RbacObject {
    /// The span of the element at `path`, or of the nearest ancestor that exists.
    pub fn span(&self, path: &Path) -> Span {
        self.node.locate(path.steps())
    }

    pub fn metadata(&self) -> &ObjectMeta {
        match &self.rbac {
            Rbac::Role(o) => &o.metadata,
            Rbac::ClusterRole(o) => &o.metadata,
            Rbac::RoleBinding(o) => &o.metadata,
            Rbac::ClusterRoleBinding(o) => &o.metadata,
        }
    }

    /// `path`, or its nearest ancestor when the element is empty (`name:`
    /// with no value), so a finding always underlines something.
    pub fn visible(&self, path: Path) -> Path {
        let mut path = path;
        while !path.0.is_empty() && self.span(&path).is_empty() {
            path.0.pop();
        }
        path
    }

    /// The rules of a Role or ClusterRole (empty for bindings).
    pub fn rules(&self) -> &[PolicyRule] {
        let rules = match &self.rbac {
            Rbac::Role(role) => &role.rules,
            Rbac::ClusterRole(role) => &role.rules,
            _ => return &[],
        };
        rules.as_deref().unwrap_or(&[])
    }

    pub fn aggregation_rule(&self) -> Option<&AggregationRule> {
        match &self.rbac {
            Rbac::ClusterRole(role) => role.aggregation_rule.as_ref(),
            _ => None,
        }
    }

    /// A default role of Kubernetes' bootstrap policy, not from the input.
    pub fn is_builtin(&self) -> bool {
        self.file == BUILT_IN
    }

    pub fn is_role(&self) -> bool {
        matches!(self.rbac, Rbac::Role(_) | Rbac::ClusterRole(_))
    }

    /// The roleRef and subjects of a binding.
    pub fn binding(&self) -> Option<(&RoleRef, &[Subject])> {
        match &self.rbac {
            Rbac::RoleBinding(b) => Some((&b.role_ref, b.subjects.as_deref().unwrap_or(&[]))),
            Rbac::ClusterRoleBinding(b) => {
                Some((&b.role_ref, b.subjects.as_deref().unwrap_or(&[])))
            }
            _ => None,
        }
    }
}

/// Follows `path` from `node`; stops at the deepest element that exists.
pub fn locate(node: &Node, path: &Path) -> Span {
    let mut current = node;
    for seg in &path.0 {
        let next = match seg {
            Seg::Key(key) => current.get(key),
            Seg::Index(index) => current.items().get(*index),
        };
        match next {
            Some(next) => current = next,
            None => break,
        }
    }
    current.span
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_print_like_jsonpath() {
        assert_eq!(
            path!("rules", 2, "verbs", 1).to_string(),
            "rules[2].verbs[1]"
        );
        assert_eq!(path!("roleRef", "name").to_string(), "roleRef.name");
    }
}
