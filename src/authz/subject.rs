//! Who is asking, and which binding subjects name them
//! (pkg/registry/rbac/validation/rule.go, `appliesToUser`).

use std::fmt;

use k8s_openapi::api::rbac::v1::Subject;

/// The group every authenticated identity belongs to.
pub const AUTHENTICATED: &str = "system:authenticated";
/// The group of anonymous requests.
pub const UNAUTHENTICATED: &str = "system:unauthenticated";
/// The user name of anonymous requests.
pub const ANONYMOUS: &str = "system:anonymous";
/// The group of every ServiceAccount.
pub const SERVICE_ACCOUNTS: &str = "system:serviceaccounts";

const SA_PREFIX: &str = "system:serviceaccount:";

/// An authenticated identity as the authorizer sees it: a user name and groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub user: String,
    pub groups: Vec<String>,
}

impl Identity {
    /// A ServiceAccount: user `system:serviceaccount:<ns>:<name>`, in groups
    /// `system:serviceaccounts`, `system:serviceaccounts:<ns>` and
    /// `system:authenticated`.
    pub fn service_account(namespace: &str, name: &str) -> Self {
        Identity {
            user: service_account_user(namespace, name),
            groups: vec![
                SERVICE_ACCOUNTS.to_string(),
                format!("{SERVICE_ACCOUNTS}:{namespace}"),
                AUTHENTICATED.to_string(),
            ],
        }
    }

    /// A user with the groups the authenticator gave it, plus
    /// `system:authenticated` (or `system:unauthenticated` for the anonymous user).
    pub fn user(name: &str, groups: &[&str]) -> Self {
        let mut groups: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
        let implicit = if name == ANONYMOUS {
            UNAUTHENTICATED
        } else {
            AUTHENTICATED
        };
        if !groups.iter().any(|g| g == implicit) {
            groups.push(implicit.to_string());
        }
        Identity {
            user: name.to_string(),
            groups,
        }
    }

    /// Any member of one group (no user name of its own).
    pub fn group(name: &str) -> Self {
        let mut groups = vec![name.to_string()];
        if name != UNAUTHENTICATED && name != AUTHENTICATED {
            groups.push(AUTHENTICATED.to_string());
        }
        Identity {
            user: String::new(),
            groups,
        }
    }

    /// Parses the command line's SUBJECT: `system:serviceaccount:NS:NAME`,
    /// `ServiceAccount:NS/NAME`, `Group:NAME`, `User:NAME` or a bare user name.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.starts_with(SA_PREFIX) {
            return match service_account_of_user(text) {
                Some((ns, name)) => Ok(Identity::service_account(ns, name)),
                None => Err(format!(
                    "`{text}`: a ServiceAccount is written system:serviceaccount:NAMESPACE:NAME"
                )),
            };
        }
        if let Some(rest) = text.strip_prefix("ServiceAccount:") {
            return match rest.split_once('/') {
                Some((ns, name)) if !ns.is_empty() && !name.is_empty() => {
                    Ok(Identity::service_account(ns, name))
                }
                _ => Err(format!(
                    "`{text}`: a ServiceAccount is written ServiceAccount:NAMESPACE/NAME"
                )),
            };
        }
        let (group, name) = match text.split_once(':') {
            Some(("Group", name)) => (true, name),
            Some(("User", name)) => (false, name),
            _ => (false, text),
        };
        if name.is_empty() {
            return Err(format!("`{text}`: the subject has no name"));
        }
        Ok(if group {
            Identity::group(name)
        } else {
            Identity::user(name, &[])
        })
    }
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.user.is_empty() {
            write!(f, "group {}", self.groups[0])
        } else {
            f.write_str(&self.user)
        }
    }
}

/// `system:serviceaccount:<ns>:<name>`.
pub fn service_account_user(namespace: &str, name: &str) -> String {
    format!("{SA_PREFIX}{namespace}:{name}")
}

/// The `(namespace, name)` of a ServiceAccount's user name
/// `system:serviceaccount:<ns>:<name>`.
pub fn service_account_of_user(user: &str) -> Option<(&str, &str)> {
    let (ns, name) = user.strip_prefix(SA_PREFIX)?.split_once(':')?;
    (!ns.is_empty() && !name.is_empty()).then_some((ns, name))
}

/// A group that every ServiceAccount, or every one of a namespace, is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceAccountGroup<'a> {
    /// `system:serviceaccounts`.
    All,
    /// `system:serviceaccounts:<ns>`.
    Namespace(&'a str),
}

impl<'a> ServiceAccountGroup<'a> {
    /// The group a Group subject of this name is, if any.
    pub fn of(group: &'a str) -> Option<Self> {
        match group.strip_prefix(SERVICE_ACCOUNTS)? {
            "" => Some(ServiceAccountGroup::All),
            rest => rest
                .strip_prefix(':')
                .filter(|ns| !ns.is_empty())
                .map(ServiceAccountGroup::Namespace),
        }
    }

    /// Its members, for messages.
    pub fn members(self) -> String {
        match self {
            ServiceAccountGroup::All => "every ServiceAccount of the cluster".into(),
            ServiceAccountGroup::Namespace(ns) => format!("every ServiceAccount of namespace {ns}"),
        }
    }
}

/// The namespace a ServiceAccount subject means: its own, else the binding's
/// (RoleBindings only; `None` means it can never match).
pub fn service_account_namespace<'a>(
    subject: &'a Subject,
    binding_namespace: Option<&'a str>,
) -> Option<&'a str> {
    subject
        .namespace
        .as_deref()
        .filter(|ns| !ns.is_empty())
        .or(binding_namespace)
        .filter(|ns| !ns.is_empty())
}

/// `appliesToUser`: whether a binding subject names this identity.
/// `binding_namespace` is the RoleBinding's namespace, `None` for a
/// ClusterRoleBinding. The subject's apiGroup is not consulted, as upstream.
pub fn subject_applies(
    subject: &Subject,
    binding_namespace: Option<&str>,
    identity: &Identity,
) -> bool {
    match subject.kind.as_str() {
        "User" => !identity.user.is_empty() && identity.user == subject.name,
        "Group" => identity.groups.iter().any(|g| g == &subject.name),
        "ServiceAccount" => service_account_namespace(subject, binding_namespace)
            .is_some_and(|ns| identity.user == service_account_user(ns, &subject.name)),
        _ => false,
    }
}
