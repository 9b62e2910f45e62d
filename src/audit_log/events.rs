//! Kubernetes audit events (`audit.k8s.io/v1` and `v1beta1`), read as the
//! API server authorized them: one [`Event`] per stage line, turned into
//! the authorizer's identity, request, namespace and decision.
//!
//! Input: JSON lines (one `Event` per line, what the log backend writes) or
//! an `EventList` (`items`), plain or gzip (recognised by its magic bytes,
//! concatenated members included, as rotated logs are). A line that is not
//! an audit event is counted and reported with its line number; the run
//! goes on. JSON lines are streamed; a multi-line document (a pretty-printed
//! `EventList`) is read whole, the only case where memory grows with the log.

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};

use serde::Deserialize;

use crate::audit_log::time::Timestamp;
use crate::authz::subject::{service_account_user, AUTHENTICATED, SERVICE_ACCOUNTS};
use crate::authz::{Identity, Request};

/// The audit stage of an event line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    RequestReceived,
    ResponseStarted,
    ResponseComplete,
    Panic,
}

/// One audit event line, as the authorizer saw the request.
#[derive(Debug, Clone)]
pub struct Event {
    pub audit_id: String,
    pub stage: Stage,
    /// Who the request was authorized as: the impersonated user when the
    /// request impersonated, else the authenticated user.
    pub identity: Identity,
    /// The authenticated user, when it impersonated `identity`.
    pub impersonator: Option<Identity>,
    pub request: Request,
    /// The request's namespace (`None`: cluster-scoped, all namespaces, or a URL).
    pub namespace: Option<String>,
    pub allowed: bool,
    /// A `patch` (server-side apply) or `update` that created its object
    /// (status 201): the API server also authorized it as `create` with
    /// the object's name, a check the event does not record.
    pub created: bool,
    pub time: Option<Timestamp>,
}

impl Event {
    /// The `create` check a request that created its object also passed:
    /// the same target, by name (`handlers/patch.go`, `handlers/update.go`).
    pub fn create_check(&self) -> Option<Request> {
        self.created.then(|| Request {
            verb: "create".to_string(),
            target: self.request.target.clone(),
        })
    }

    /// The `impersonate` requests the impersonation itself made, with their
    /// namespace: on the user (`users`, no namespace) or ServiceAccount (in
    /// its namespace), and on each group that the API server does not add on
    /// its own (`groups`, no namespace). Empty without impersonation.
    pub fn impersonations(&self) -> Vec<(Request, Option<String>)> {
        if self.impersonator.is_none() {
            return Vec::new();
        }
        let user = &self.identity.user;
        let sa = service_account(user);
        let mut checks = vec![match sa {
            Some((ns, name)) => (
                Request::resource("impersonate", "", "serviceaccounts").named(name),
                Some(ns.to_string()),
            ),
            None => (
                Request::resource("impersonate", "", "users").named(user),
                None,
            ),
        }];
        let implicit = |g: &str| {
            g == AUTHENTICATED
                || sa.is_some_and(|(ns, _)| {
                    g == SERVICE_ACCOUNTS || g == format!("{SERVICE_ACCOUNTS}:{ns}")
                })
        };
        checks.extend(
            self.identity
                .groups
                .iter()
                .filter(|g| !implicit(g))
                .map(|g| {
                    (
                        Request::resource("impersonate", "", "groups").named(g),
                        None,
                    )
                }),
        );
        checks
    }
}

/// An event line as written, its strings borrowed from the line when they
/// hold no escapes; fields `audit` does not read are skipped unparsed
/// (request and response bodies at higher policy levels included).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct RawEvent<'a> {
    #[serde(borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    api_version: Option<Cow<'a, str>>,
    #[serde(rename = "auditID", borrow)]
    audit_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    stage: Option<Cow<'a, str>>,
    #[serde(borrow)]
    verb: Option<Cow<'a, str>>,
    #[serde(rename = "requestURI", borrow)]
    request_uri: Option<Cow<'a, str>>,
    #[serde(borrow)]
    user: Option<RawUser<'a>>,
    #[serde(borrow)]
    impersonated_user: Option<RawUser<'a>>,
    #[serde(borrow)]
    object_ref: Option<RawObjectRef<'a>>,
    response_status: Option<RawStatus>,
    #[serde(borrow)]
    annotations: Option<RawAnnotations<'a>>,
    #[serde(borrow)]
    request_received_timestamp: Option<Cow<'a, str>>,
    /// v1beta1's name for the time the request was received.
    #[serde(borrow)]
    timestamp: Option<Cow<'a, str>>,
    #[serde(borrow)]
    items: Option<Vec<RawEvent<'a>>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawUser<'a> {
    #[serde(borrow)]
    username: Option<Cow<'a, str>>,
    #[serde(borrow)]
    groups: Option<Vec<Cow<'a, str>>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct RawObjectRef<'a> {
    #[serde(borrow)]
    api_group: Option<Cow<'a, str>>,
    #[serde(borrow)]
    resource: Option<Cow<'a, str>>,
    #[serde(borrow)]
    subresource: Option<Cow<'a, str>>,
    #[serde(borrow)]
    namespace: Option<Cow<'a, str>>,
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawStatus {
    code: Option<u16>,
}

/// The one annotation `audit` reads.
#[derive(Deserialize, Default)]
#[serde(default)]
struct RawAnnotations<'a> {
    #[serde(rename = "authorization.k8s.io/decision", borrow)]
    decision: Option<Cow<'a, str>>,
}

/// What reading one source produced besides its events.
#[derive(Debug, Default)]
pub struct ReadStats {
    pub lines: u64,
    pub events: u64,
    /// `(line, message)` of every line that is not an audit event.
    pub malformed: Vec<(u64, String)>,
}

/// Reads one log (a path, or `-` for standard input), handing every event
/// to `sink`. Errors only when the source cannot be opened or read.
pub fn read_log(source: &str, sink: &mut dyn FnMut(Event)) -> Result<ReadStats, String> {
    let reader: Box<dyn Read> = if source == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(source).map_err(|e| format!("cannot open {source}: {e}"))?)
    };
    read_events(reader, sink).map_err(|e| format!("cannot read {source}: {e}"))
}

/// Reads events from any reader, gzip or plain.
pub fn read_events(reader: impl Read, sink: &mut dyn FnMut(Event)) -> std::io::Result<ReadStats> {
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let gzip = reader.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    if gzip {
        let decoder = flate2::read::MultiGzDecoder::new(reader);
        read_lines(BufReader::with_capacity(1 << 16, decoder), sink)
    } else {
        read_lines(reader, sink)
    }
}

fn read_lines(mut reader: impl BufRead, sink: &mut dyn FnMut(Event)) -> std::io::Result<ReadStats> {
    let mut stats = ReadStats::default();
    let mut line = Vec::new();
    let mut first = true;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let text = line.trim_ascii();
        if first && !text.is_empty() {
            first = false;
            let incomplete = serde_json::from_slice::<RawEvent>(text).is_err_and(|e| e.is_eof());
            if incomplete {
                // Not one event per line: a pretty-printed document.
                let mut document = std::mem::take(&mut line);
                reader.read_to_end(&mut document)?;
                read_document(&document, &mut stats, sink);
                break;
            }
        }
        stats.lines += 1;
        read_line(&line, &mut stats, sink);
    }
    Ok(stats)
}

/// A whole document (an `EventList` or one event); when it does not parse,
/// its lines one by one (a log whose first line was cut short).
fn read_document(document: &[u8], stats: &mut ReadStats, sink: &mut dyn FnMut(Event)) {
    let lines = document.split(|&b| b == b'\n');
    match serde_json::from_slice::<RawEvent>(document) {
        Ok(raw) => {
            stats.lines += lines.count() as u64;
            accept(raw, 1, stats, sink);
        }
        Err(_) => {
            for line in lines {
                stats.lines += 1;
                read_line(line, stats, sink);
            }
        }
    }
}

fn read_line(line: &[u8], stats: &mut ReadStats, sink: &mut dyn FnMut(Event)) {
    let text = line.trim_ascii();
    if text.is_empty() {
        return;
    }
    match serde_json::from_slice::<RawEvent>(text) {
        Ok(raw) => accept(raw, stats.lines, stats, sink),
        Err(e) => stats.malformed.push((stats.lines, e.to_string())),
    }
}

/// An event or an `EventList`'s items.
fn accept(raw: RawEvent, line: u64, stats: &mut ReadStats, sink: &mut dyn FnMut(Event)) {
    let items = match raw.items {
        Some(items) if raw.kind.as_deref() != Some("Event") => items,
        _ => vec![raw],
    };
    for item in items {
        match convert(item) {
            Ok(event) => {
                stats.events += 1;
                sink(event);
            }
            Err(message) => stats.malformed.push((line, message)),
        }
    }
}

fn convert(raw: RawEvent) -> Result<Event, String> {
    if let Some(version) = &raw.api_version {
        if !version.starts_with("audit.k8s.io/") {
            return Err(format!("apiVersion {version} is not audit.k8s.io"));
        }
    }
    let missing = |field: &str| format!("not an audit event: no {field}");
    let audit_id = raw.audit_id.ok_or_else(|| missing("auditID"))?;
    let stage = match raw.stage.as_deref().ok_or_else(|| missing("stage"))? {
        "RequestReceived" => Stage::RequestReceived,
        "ResponseStarted" => Stage::ResponseStarted,
        "ResponseComplete" => Stage::ResponseComplete,
        "Panic" => Stage::Panic,
        other => return Err(format!("unknown stage {other}")),
    };
    let verb = raw.verb.ok_or_else(|| missing("verb"))?.into_owned();
    let user = raw
        .user
        .and_then(identity)
        .ok_or_else(|| missing("user.username"))?;
    let (identity, impersonator) = match raw.impersonated_user.and_then(identity) {
        Some(impersonated) => (impersonated, Some(user)),
        None => (user, None),
    };
    let (request, namespace) = match raw.object_ref {
        Some(object) => resource_request(verb, object)?,
        None => {
            let uri = raw
                .request_uri
                .ok_or_else(|| missing("objectRef or requestURI"))?;
            let path = uri.split(['?', '#']).next().unwrap_or_default();
            (Request::non_resource(&verb, path), None)
        }
    };
    let decision = raw.annotations.and_then(|a| a.decision);
    let code = raw.response_status.and_then(|s| s.code);
    let allowed = match decision.as_deref() {
        Some("forbid") => false,
        Some(_) => true,
        None => code != Some(403),
    };
    let created = code == Some(201)
        && matches!(request.verb.as_str(), "patch" | "update")
        && matches!(
            &request.target,
            crate::authz::Target::Resource { name: Some(_), .. }
        );
    let time = raw
        .request_received_timestamp
        .or(raw.timestamp)
        .and_then(|t| Timestamp::parse(&t));
    Ok(Event {
        audit_id: audit_id.into_owned(),
        stage,
        identity,
        impersonator,
        request,
        namespace,
        allowed,
        created,
        time,
    })
}

/// The authorizer's attributes of a resource request. `create` carries no
/// name unless it creates a subresource of a named object (eviction, token);
/// `/api/v1/namespaces/NAME` is in namespace NAME.
fn resource_request(
    verb: String,
    object: RawObjectRef,
) -> Result<(Request, Option<String>), String> {
    let owned = |field: Option<Cow<str>>| field.filter(|f| !f.is_empty()).map(Cow::into_owned);
    let resource = owned(object.resource).ok_or("not an audit event: objectRef has no resource")?;
    let subresource = owned(object.subresource);
    let name = owned(object.name).filter(|_| verb != "create" || subresource.is_some());
    let mut namespace = owned(object.namespace);
    if resource == "namespaces" && namespace.is_none() {
        namespace = name.clone();
    }
    let request = Request {
        verb,
        target: crate::authz::Target::Resource {
            group: object.api_group.map(Cow::into_owned).unwrap_or_default(),
            resource,
            subresource,
            name,
        },
    };
    Ok((request, namespace))
}

/// The identity an event's user record names, with the groups the API
/// server adds (`system:authenticated`, a ServiceAccount's own groups) when
/// the record omits them, as impersonated users' records may.
fn identity(user: RawUser) -> Option<Identity> {
    let name = user.username.filter(|n| !n.is_empty())?.into_owned();
    let mut groups: Vec<String> = user
        .groups
        .unwrap_or_default()
        .into_iter()
        .map(Cow::into_owned)
        .collect();
    let mut add = |group: String| {
        if !groups.contains(&group) {
            groups.push(group);
        }
    };
    if let Some((ns, _)) = service_account(&name) {
        add(SERVICE_ACCOUNTS.to_string());
        add(format!("{SERVICE_ACCOUNTS}:{ns}"));
    }
    if name != crate::authz::subject::ANONYMOUS {
        add(AUTHENTICATED.to_string());
    }
    Some(Identity { user: name, groups })
}

/// `(namespace, name)` of a `system:serviceaccount:NS:NAME` user.
pub fn service_account(user: &str) -> Option<(&str, &str)> {
    let rest = user.strip_prefix("system:serviceaccount:")?;
    let (ns, name) = rest.split_once(':')?;
    (!ns.is_empty() && !name.is_empty() && service_account_user(ns, name) == user)
        .then_some((ns, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<Event>, ReadStats) {
        let mut events = Vec::new();
        let stats = read_events(text.as_bytes(), &mut |e| events.push(e)).unwrap();
        (events, stats)
    }

    fn line(fields: &str) -> String {
        format!(
            r#"{{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"x","stage":"ResponseComplete","user":{{"username":"u"}},{fields}}}"#
        )
    }

    #[test]
    fn create_carries_no_name_unless_on_a_subresource() {
        let (events, _) = read(&format!(
            "{}\n{}\n",
            line(
                r#""verb":"create","objectRef":{"resource":"configmaps","namespace":"a","name":"c"}"#
            ),
            line(
                r#""verb":"create","objectRef":{"resource":"pods","subresource":"eviction","namespace":"a","name":"p"}"#
            ),
        ));
        assert_eq!(
            events[0].request,
            Request::resource("create", "", "configmaps")
        );
        assert_eq!(
            events[1].request,
            Request::resource("create", "", "pods/eviction").named("p")
        );
        assert_eq!(events[1].namespace.as_deref(), Some("a"));
    }

    #[test]
    fn an_apply_or_update_that_created_its_object_also_passed_a_named_create() {
        let (events, _) = read(&format!(
            "{}\n{}\n{}\n",
            line(
                r#""verb":"patch","objectRef":{"resource":"configmaps","namespace":"a","name":"c"},"responseStatus":{"code":201}"#
            ),
            line(
                r#""verb":"patch","objectRef":{"resource":"configmaps","namespace":"a","name":"c"},"responseStatus":{"code":200}"#
            ),
            line(
                r#""verb":"update","objectRef":{"resource":"leases","apiGroup":"coordination.k8s.io","namespace":"a","name":"l"},"responseStatus":{"code":201}"#
            ),
        ));
        assert_eq!(
            events[0].create_check(),
            Some(Request::resource("create", "", "configmaps").named("c"))
        );
        assert_eq!(
            events[1].create_check(),
            None,
            "an existing object was patched"
        );
        assert_eq!(
            events[2].create_check(),
            Some(Request::resource("create", "coordination.k8s.io", "leases").named("l"))
        );
    }

    #[test]
    fn a_namespace_object_is_in_its_own_namespace_and_urls_lose_their_query() {
        let (events, _) = read(&format!(
            "{}\n{}\n",
            line(r#""verb":"patch","objectRef":{"resource":"namespaces","name":"team-a"}"#),
            line(r#""verb":"get","requestURI":"/readyz?verbose"}"#).replace("}}", "}"),
        ));
        assert_eq!(events[0].namespace.as_deref(), Some("team-a"));
        assert_eq!(events[1].request, Request::non_resource("get", "/readyz"));
        assert_eq!(events[1].namespace, None);
    }

    #[test]
    fn the_decision_annotation_wins_over_the_status_code() {
        let (events, _) = read(&format!(
            "{}\n{}\n{}\n",
            // Denied by admission after RBAC allowed it.
            line(
                r#""verb":"get","requestURI":"/x","responseStatus":{"code":403},"annotations":{"authorization.k8s.io/decision":"allow"}"#
            ),
            line(r#""verb":"get","requestURI":"/x","responseStatus":{"code":403}"#),
            line(
                r#""verb":"get","requestURI":"/x","responseStatus":{"code":200},"annotations":{"authorization.k8s.io/decision":"forbid"}"#
            ),
        ));
        let allowed: Vec<bool> = events.iter().map(|e| e.allowed).collect();
        assert_eq!(allowed, [true, false, false]);
    }

    #[test]
    fn impersonation_is_authorized_as_the_impersonated_user() {
        let (events, _) = read(&line(
            r#""verb":"list","objectRef":{"resource":"pods","namespace":"a"},"impersonatedUser":{"username":"system:serviceaccount:a:bot","groups":["ops"]}"#,
        ));
        let event = &events[0];
        assert_eq!(event.identity.user, "system:serviceaccount:a:bot");
        assert_eq!(event.impersonator.as_ref().unwrap().user, "u");
        let checks: Vec<String> = event
            .impersonations()
            .iter()
            .map(|(r, ns)| format!("{r} in {ns:?}"))
            .collect();
        assert_eq!(
            checks,
            [
                "impersonate serviceaccounts named bot in Some(\"a\")",
                "impersonate groups named ops in None"
            ]
        );
    }

    #[test]
    fn other_kinds_and_versions_are_malformed() {
        let (events, stats) =
            read("{\"kind\":\"Pod\",\"apiVersion\":\"v1\"}\n\n{\"auditID\":\"x\"}\n");
        assert!(events.is_empty());
        assert_eq!(
            stats.malformed,
            [
                (1, "apiVersion v1 is not audit.k8s.io".to_string()),
                (3, "not an audit event: no stage".to_string())
            ]
        );
    }
}
