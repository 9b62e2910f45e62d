//! From event lines to counted decisions: one decision per request
//! (deduplicated by `auditID`: its `ResponseComplete`, or its
//! `ResponseStarted` when a watch never completed), kept only when in the
//! window and from a judged subject, and counted per distinct
//! (identity, request, namespace, decision). Memory grows with the variety
//! of the traffic, not its volume, plus eight bytes per request for the
//! deduplication.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::audit_log::events::{service_account, Event, Stage};
use crate::audit_log::time::Timestamp;
use crate::authz::{Identity, Request};

/// Which events count: a window and the subjects to judge (all when empty).
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    pub users: Vec<String>,
    /// `(namespace, name)`.
    pub service_accounts: Vec<(String, String)>,
    pub groups: Vec<String>,
}

impl Filter {
    fn judges(&self, identity: &Identity) -> bool {
        let any =
            self.users.is_empty() && self.service_accounts.is_empty() && self.groups.is_empty();
        any || self.users.contains(&identity.user)
            || service_account(&identity.user).is_some_and(|(ns, name)| {
                self.service_accounts
                    .iter()
                    .any(|(n, s)| n == ns && s == name)
            })
            || identity.groups.iter().any(|g| self.groups.contains(g))
    }

    fn in_window(&self, time: Option<&Timestamp>) -> bool {
        let Some(time) = time else {
            return self.since.is_none() && self.until.is_none();
        };
        self.since.as_ref().is_none_or(|s| time >= s)
            && self.until.as_ref().is_none_or(|u| time <= u)
    }
}

/// A distinct decision of the authorizer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decision {
    pub user: String,
    pub groups: Vec<String>,
    pub request: Request,
    pub namespace: Option<String>,
    pub allowed: bool,
}

impl Decision {
    pub fn identity(&self) -> Identity {
        Identity {
            user: self.user.clone(),
            groups: self.groups.clone(),
        }
    }
}

/// The counted decisions of every log read.
#[derive(Debug, Default)]
pub struct Tally {
    filter: Filter,
    completed: HashSet<u64>,
    /// Watches (or any request) seen started, not yet completed.
    open: HashMap<u64, Event>,
    pub decisions: HashMap<Decision, u64>,
    /// Requests counted (impersonation checks not included).
    pub requests: u64,
    pub first: Option<Timestamp>,
    pub last: Option<Timestamp>,
}

impl Tally {
    /// The filter the events were counted under.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    pub fn new(filter: Filter) -> Self {
        Tally {
            filter,
            ..Tally::default()
        }
    }

    /// Takes one event line.
    pub fn add(&mut self, event: Event) {
        let key = id_hash(&event.audit_id);
        match event.stage {
            Stage::RequestReceived => {}
            Stage::ResponseStarted => {
                if !self.completed.contains(&key) {
                    self.open.entry(key).or_insert(event);
                }
            }
            Stage::ResponseComplete | Stage::Panic => {
                self.open.remove(&key);
                if self.completed.insert(key) && event.stage == Stage::ResponseComplete {
                    self.count(event);
                }
            }
        }
    }

    /// Counts the requests that started and never completed (watches still
    /// open when the log ends); call once every log is read.
    pub fn finish(&mut self) {
        for (_, event) in std::mem::take(&mut self.open) {
            self.count(event);
        }
    }

    fn count(&mut self, event: Event) {
        if !self.filter.in_window(event.time.as_ref()) {
            return;
        }
        if let Some(time) = &event.time {
            if self.first.as_ref().is_none_or(|f| time < f) {
                self.first = Some(time.clone());
            }
            if self.last.as_ref().is_none_or(|l| time > l) {
                self.last = Some(time.clone());
            }
        }
        if let Some(impersonator) = event
            .impersonator
            .as_ref()
            .filter(|i| self.filter.judges(i))
        {
            for (request, namespace) in event.impersonations() {
                self.record(impersonator.clone(), request, namespace, true);
            }
        }
        if self.filter.judges(&event.identity) {
            self.requests += 1;
            if let Some(create) = event.create_check() {
                self.record(
                    event.identity.clone(),
                    create,
                    event.namespace.clone(),
                    event.allowed,
                );
            }
            self.record(
                event.identity,
                event.request,
                event.namespace,
                event.allowed,
            );
        }
    }

    fn record(
        &mut self,
        identity: Identity,
        request: Request,
        namespace: Option<String>,
        allowed: bool,
    ) {
        let decision = Decision {
            user: identity.user,
            groups: identity.groups,
            request,
            namespace,
            allowed,
        };
        *self.decisions.entry(decision).or_default() += 1;
    }

    /// "between FIRST and LAST", or "" when the events carry no time.
    pub fn window(&self) -> String {
        match (&self.first, &self.last) {
            (Some(first), Some(last)) => format!(" between {first} and {last}"),
            _ => String::new(),
        }
    }
}

fn id_hash(id: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit_log::events::read_events;

    fn tally(lines: &[(&str, &str)]) -> Tally {
        let text: String = lines
            .iter()
            .map(|(id, stage)| {
                format!(
                    r#"{{"auditID":"{id}","stage":"{stage}","verb":"watch","user":{{"username":"u"}},"objectRef":{{"resource":"pods"}}}}"#
                ) + "\n"
            })
            .collect();
        let mut tally = Tally::new(Filter::default());
        read_events(text.as_bytes(), &mut |e| tally.add(e)).unwrap();
        tally.finish();
        tally
    }

    #[test]
    fn one_decision_per_request_whatever_its_stages() {
        let t = tally(&[
            ("a", "RequestReceived"),
            ("a", "ResponseStarted"),
            ("a", "ResponseComplete"),
            ("a", "ResponseComplete"), // a duplicate line (merged logs)
            ("b", "ResponseStarted"),  // a watch still open when the log ends
            ("c", "RequestReceived"),  // never answered: no decision logged
            ("d", "Panic"),
        ]);
        assert_eq!(t.requests, 2);
        assert_eq!(t.decisions.values().sum::<u64>(), 2);
    }
}
