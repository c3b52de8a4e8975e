//! The live set of stubs: those read from files (replaced as a whole on reload) and those
//! added through the admin API; which one answers a call; how often each was used.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use serde_json::Value;

use super::compile::{Input, Stub};
use super::explain::explain;
use super::index::EqualsIndex;
use super::matcher::Matcher;

/// A stub in the store, with its use count.
#[derive(Debug)]
pub struct Entry {
    pub stub: Stub,
    pub uses: AtomicU64,
}

/// What the request messages are checked as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every request message has arrived (unary, server streaming, a client stream after
    /// its half-close).
    Whole,
    /// A bidi stream: the last message has just arrived.
    Conversation,
}

/// What a method's stubs look at in a call.
#[derive(Debug, Clone, Copy, Default)]
pub struct Needs {
    /// The request messages as JSON (to match or to render).
    pub json: bool,
    /// The request headers (to match or to render).
    pub headers: bool,
}

/// The outcome of choosing a stub.
#[derive(Debug)]
pub enum Pick {
    Answer(Arc<Entry>),
    /// A bidi `inputs` sequence matches so far and waits for more messages.
    Wait,
    /// No stub answers; the text says which came closest and how it differs.
    NoMatch(String),
}

#[derive(Default)]
struct State {
    from_files: Vec<Arc<Entry>>,
    added: Vec<Arc<Entry>>,
    /// Per method full name: the candidates, best first (shared, so a call takes them
    /// without copying), and whether any needs the request as JSON.
    by_method: HashMap<String, Candidates>,
}

#[derive(Clone)]
struct Candidates {
    entries: Arc<[Arc<Entry>]>,
    needs_json: bool,
    /// Whether any matches on headers or renders them.
    needs_headers: bool,
    index: Option<Arc<EqualsIndex>>,
}

impl State {
    fn index(&mut self) {
        let mut by_method: HashMap<String, Vec<Arc<Entry>>> = HashMap::new();
        // Added stubs come first among equals: a test's stub overrides the files'.
        for entry in self.added.iter().chain(&self.from_files) {
            by_method
                .entry(entry.stub.method.full_name().to_owned())
                .or_default()
                .push(entry.clone());
        }
        self.by_method = by_method
            .into_iter()
            .map(|(method, mut entries)| {
                // Stable: among equal priority and weight, the earlier stub wins.
                entries.sort_by_key(|e| {
                    (
                        std::cmp::Reverse(e.stub.priority),
                        std::cmp::Reverse(e.stub.weight()),
                    )
                });
                let needs_json = entries
                    .iter()
                    .any(|e| !matches!(e.stub.input, Input::Any) || e.stub.output.has_templates());
                let needs_headers = entries
                    .iter()
                    .any(|e| e.stub.headers.is_some() || e.stub.output.has_templates());
                let stubs: Vec<&Stub> = entries.iter().map(|e| &e.stub).collect();
                let index = EqualsIndex::build(&stubs).map(Arc::new);
                let candidates = Candidates {
                    entries: entries.into(),
                    needs_json,
                    needs_headers,
                    index,
                };
                (method, candidates)
            })
            .collect();
    }

    fn all(&self) -> impl Iterator<Item = &Arc<Entry>> {
        self.added.iter().chain(&self.from_files)
    }
}

/// The stubs a server answers from.
#[derive(Default)]
pub struct StubStore {
    state: RwLock<State>,
}

impl StubStore {
    pub fn new(from_files: Vec<Stub>) -> StubStore {
        let store = StubStore::default();
        store.replace_file_stubs(from_files);
        store
    }

    /// Replaces the stubs read from files (a reload); use counts carry over by id.
    pub fn replace_file_stubs(&self, stubs: Vec<Stub>) {
        let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
        let previous: HashMap<&str, u64> = state
            .from_files
            .iter()
            .map(|e| (e.stub.id.as_str(), e.uses.load(Ordering::Relaxed)))
            .collect();
        let entries: Vec<Arc<Entry>> = stubs
            .into_iter()
            .map(|stub| {
                let uses = previous.get(stub.id.as_str()).copied().unwrap_or(0);
                Arc::new(Entry {
                    stub,
                    uses: AtomicU64::new(uses),
                })
            })
            .collect();
        state.from_files = entries;
        state.index();
    }

    /// Adds stubs at run time; an id already in use is refused.
    pub fn add(&self, stubs: Vec<Stub>) -> Result<Vec<String>, String> {
        let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
        for stub in &stubs {
            if state.all().any(|e| e.stub.id == stub.id) {
                return Err(format!("{}: id {:?} is already used", stub.origin, stub.id));
            }
        }
        let ids = stubs.iter().map(|s| s.id.clone()).collect();
        state.added.extend(stubs.into_iter().map(|stub| {
            Arc::new(Entry {
                stub,
                uses: AtomicU64::new(0),
            })
        }));
        state.index();
        Ok(ids)
    }

    /// Removes one stub by id (added or from a file, until the next reload).
    pub fn remove(&self, id: &str) -> bool {
        let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
        let before = state.added.len() + state.from_files.len();
        state.added.retain(|e| e.stub.id != id);
        state.from_files.retain(|e| e.stub.id != id);
        let removed = before != state.added.len() + state.from_files.len();
        if removed {
            state.index();
        }
        removed
    }

    /// Removes every stub added at run time; returns how many.
    pub fn clear_added(&self) -> usize {
        let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
        let count = state.added.len();
        state.added.clear();
        state.index();
        count
    }

    /// Sets every use count to zero (times limits start again).
    pub fn reset_uses(&self) {
        let state = self.state.read().unwrap_or_else(|e| e.into_inner());
        for entry in state.all() {
            entry.uses.store(0, Ordering::Relaxed);
        }
    }

    /// Every stub: added ones first, then files', in order.
    pub fn entries(&self) -> Vec<Arc<Entry>> {
        let state = self.state.read().unwrap_or_else(|e| e.into_inner());
        state.all().cloned().collect()
    }

    /// What the stubs of `method` look at, so a call prepares only that.
    pub fn needs(&self, method: &str) -> Needs {
        let state = self.state.read().unwrap_or_else(|e| e.into_inner());
        state
            .by_method
            .get(method)
            .map_or(Needs::default(), |c| Needs {
                json: c.needs_json,
                headers: c.needs_headers,
            })
    }

    /// Chooses the stub that answers. `messages` are the request messages so far as
    /// canonical JSON (empty objects when no stub needs them), `headers` the request
    /// metadata. A stub with a `times` limit is counted as it is chosen.
    pub fn pick(&self, method: &str, headers: &Value, messages: &[Value], mode: Mode) -> Pick {
        let candidates = {
            let state = self.state.read().unwrap_or_else(|e| e.into_inner());
            match state.by_method.get(method) {
                Some(candidates) => candidates.clone(),
                None => {
                    let (service, bare) = method.rsplit_once('.').unwrap_or(("", method));
                    return Pick::NoMatch(format!(
                        "no stub for {service}/{bare}; add one with service: {service} and method: {bare}"
                    ));
                }
            }
        };
        let entries = &candidates.entries;
        let positions: Box<dyn Iterator<Item = usize>> = match (&candidates.index, mode, messages) {
            (Some(index), Mode::Whole, [one]) | (Some(index), Mode::Conversation, [.., one]) => {
                Box::new(index.candidates(one).into_iter())
            }
            _ => Box::new(0..entries.len()),
        };
        let mut waiting = false;
        for entry in positions.map(|i| &entries[i]) {
            let stub = &entry.stub;
            if stub.headers.as_ref().is_some_and(|h| !h.matches(headers)) {
                continue;
            }
            match input_holds(&stub.input, messages, mode) {
                Holds::No => continue,
                Holds::SoFar => {
                    waiting = true;
                    continue;
                }
                Holds::Yes => {}
            }
            if reserve(entry) {
                return Pick::Answer(entry.clone());
            }
        }
        if waiting {
            return Pick::Wait;
        }
        let stubs: Vec<&Stub> = entries.iter().map(|e| &e.stub).collect();
        let conversation = mode == Mode::Conversation;
        Pick::NoMatch(explain(method, &stubs, headers, messages, conversation))
    }
}

/// Counts a use; false when the stub's `times` are used up.
fn reserve(entry: &Entry) -> bool {
    match entry.stub.times {
        None => {
            entry.uses.fetch_add(1, Ordering::Relaxed);
            true
        }
        Some(limit) => entry
            .uses
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < limit).then_some(n + 1)
            })
            .is_ok(),
    }
}

enum Holds {
    Yes,
    No,
    /// A sequence that matches so far and needs more messages.
    SoFar,
}

fn input_holds(input: &Input, messages: &[Value], mode: Mode) -> Holds {
    let yes = |b: bool| if b { Holds::Yes } else { Holds::No };
    match (input, mode) {
        (Input::Any, _) => Holds::Yes,
        (Input::Each(m), Mode::Whole) => {
            yes(!messages.is_empty() && messages.iter().all(|v| m.matches(v)))
        }
        (Input::Each(m), Mode::Conversation) => yes(messages.last().is_some_and(|v| m.matches(v))),
        (Input::Sequence(ms), Mode::Whole) => yes(sequence_holds(ms, messages)),
        (Input::Sequence(ms), Mode::Conversation) => {
            if messages.len() > ms.len() || !ms.iter().zip(messages).all(|(m, v)| m.matches(v)) {
                Holds::No
            } else if messages.len() == ms.len() {
                Holds::Yes
            } else {
                Holds::SoFar
            }
        }
    }
}

/// `inputs` against a whole stream: one matcher per message, or one for all of them.
fn sequence_holds(matchers: &[Matcher], messages: &[Value]) -> bool {
    match matchers {
        [one] if messages.len() > 1 => messages.iter().all(|v| one.matches(v)),
        _ => {
            matchers.len() == messages.len()
                && matchers.iter().zip(messages).all(|(m, v)| m.matches(v))
        }
    }
}
