//! Conditions: small boolean expressions over scope attributes and the request context, as
//! compiled (the authoring side reads their JSON form and checks it).
//!
//! JSON form (one subject and one operator, or a combinator):
//! `{"attr": "service", "eq": "studio"}`, `{"attr": "service", "in": ["a", "b"]}`,
//! `{"context": "launchedFrom", "eq": "studio"}`,
//! `{"context": "customerPortalVersion", "versionGte": "2.0.1"}`,
//! `{"all": [...]}`, `{"any": [...]}`, `{"not": {...}}`.

use crate::prelude::*;
use crate::error::shown;
use crate::msg;
use core::cmp::Ordering;

/// What a condition reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A scope attribute, by name.
    Attr(String),
    /// A request context key, by index into the model's declared context keys.
    Context(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    Eq(String),
    Ne(String),
    In(Vec<String>),
    NotIn(Vec<String>),
    Present(bool),
    Version(Ordering, bool, Vec<u64>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    Test(Subject, Op),
}

/// The values a condition is evaluated against.
pub trait Facts {
    fn attr(&self, name: &str) -> Option<&str>;
    fn context(&self, key: usize) -> Option<&str>;
}

/// Parses a dotted version (`2.0.1`) into numbers; `None` when it is not one.
pub fn parse_version(v: &str) -> Option<Vec<u64>> {
    if v.is_empty() || v.len() > 64 {
        return None;
    }
    v.split('.').map(|p| if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) { None } else { p.parse().ok() }).collect()
}

/// Compares a dotted version as written with a parsed one (missing parts count as 0), without
/// allocating: this runs on every check that meets a version condition. `None` when `have` is
/// not a version, exactly where [`parse_version`] would say so.
fn cmp_version_text(have: &str, want: &[u64]) -> Option<Ordering> {
    if have.is_empty() || have.len() > 64 {
        return None;
    }
    let mut order = Ordering::Equal;
    let mut n = 0;
    for part in have.split('.') {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let x: u64 = part.parse().ok()?;
        if order == Ordering::Equal {
            order = x.cmp(&want.get(n).copied().unwrap_or(0));
        }
        n += 1;
    }
    if order == Ordering::Equal && want.iter().skip(n).any(|&y| y > 0) {
        order = Ordering::Less;
    }
    Some(order)
}

impl Cond {
    /// Evaluates the condition. A missing value makes every test false but `ne`, `notIn` and
    /// `present: false`; a value that is not a version makes a version test false (fail closed).
    pub fn eval(&self, facts: &dyn Facts) -> bool {
        match self {
            Cond::All(items) => items.iter().all(|c| c.eval(facts)),
            Cond::Any(items) => items.iter().any(|c| c.eval(facts)),
            Cond::Not(inner) => !inner.eval(facts),
            Cond::Test(subject, op) => {
                let value = match subject {
                    Subject::Attr(a) => facts.attr(a),
                    Subject::Context(k) => facts.context(*k),
                };
                match (op, value) {
                    (Op::Eq(x), Some(v)) => v == x,
                    (Op::Ne(x), v) => v != Some(x.as_str()),
                    (Op::In(xs), Some(v)) => xs.iter().any(|x| x == v),
                    (Op::NotIn(xs), v) => v.is_none_or(|v| !xs.iter().any(|x| x == v)),
                    (Op::Present(p), v) => v.is_some() == *p,
                    (Op::Version(ord, or_equal, want), Some(v)) => match cmp_version_text(v, want) {
                        Some(o) => o == *ord || (*or_equal && o == Ordering::Equal),
                        None => false,
                    },
                    (_, None) => false,
                }
            }
        }
    }

    /// Whether the condition reads the request context (and so cannot be settled at load time).
    pub fn reads_context(&self) -> bool {
        match self {
            Cond::All(items) | Cond::Any(items) => items.iter().any(Cond::reads_context),
            Cond::Not(inner) => inner.reads_context(),
            Cond::Test(Subject::Context(_), _) => true,
            Cond::Test(Subject::Attr(_), _) => false,
        }
    }

    /// The values tests of context key `key` compare it with (versions written dotted), and
    /// whether any of them is a version comparison: the options a UI offers for that key.
    pub fn context_values(&self, key: usize, out: &mut Vec<String>) -> bool {
        match self {
            Cond::All(items) | Cond::Any(items) => items.iter().fold(false, |v, c| c.context_values(key, out) | v),
            Cond::Not(inner) => inner.context_values(key, out),
            Cond::Test(Subject::Context(k), op) if *k == key => match op {
                Op::Eq(x) | Op::Ne(x) => {
                    out.push(x.clone());
                    false
                }
                Op::In(xs) | Op::NotIn(xs) => {
                    out.extend(xs.iter().cloned());
                    false
                }
                Op::Present(_) => false,
                Op::Version(_, _, n) => {
                    out.push(n.iter().map(u64::to_string).collect::<Vec<_>>().join("."));
                    true
                }
            },
            Cond::Test(..) => false,
        }
    }

    /// A person-readable form, with context keys named by `key_name`. The values compared with
    /// are shown as messages show ids ([`crate::error::shown`]): a model is data, and a value in
    /// it may hold a character that would break or reorder the text around it.
    pub fn describe(&self, key_name: &dyn Fn(usize) -> String) -> String {
        match self {
            Cond::All(items) => join(items, " and ", key_name),
            Cond::Any(items) => join(items, " or ", key_name),
            Cond::Not(inner) => msg!("not (", inner.describe(key_name), ")"),
            Cond::Test(subject, op) => {
                let s = match subject {
                    Subject::Attr(a) => a.clone(),
                    Subject::Context(k) => key_name(*k),
                };
                match op {
                    Op::Eq(x) => msg!(s, " = ", shown(x)),
                    Op::Ne(x) => msg!(s, " != ", shown(x)),
                    Op::In(xs) => msg!(s, " in [", shown_list(xs), "]"),
                    Op::NotIn(xs) => msg!(s, " not in [", shown_list(xs), "]"),
                    Op::Present(true) => msg!(s, " present"),
                    Op::Present(false) => msg!(s, " absent"),
                    Op::Version(ord, or_equal, v) => {
                        let sym = match (ord, or_equal) {
                            (Ordering::Greater, true) => ">=",
                            (Ordering::Greater, false) => ">",
                            (_, true) => "<=",
                            (_, false) => "<",
                        };
                        let v: Vec<String> = v.iter().map(u64::to_string).collect();
                        msg!(s, " ", sym, " ", v.join("."))
                    }
                }
            }
        }
    }

    /// The subjects the condition reads, for "saw ..." in explanations.
    pub fn subjects(&self, out: &mut Vec<Subject>) {
        match self {
            Cond::All(items) | Cond::Any(items) => items.iter().for_each(|c| c.subjects(out)),
            Cond::Not(inner) => inner.subjects(out),
            Cond::Test(s, _) => {
                if !out.contains(s) {
                    out.push(s.clone());
                }
            }
        }
    }
}

/// Values as a message shows them, separated by commas.
pub fn shown_list(values: &[String]) -> String {
    let mut out = String::new();
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        crate::error::put_shown(&mut out, v);
    }
    out
}

fn join(items: &[Cond], sep: &str, key_name: &dyn Fn(usize) -> String) -> String {
    let parts: Vec<String> = items.iter().map(|c| msg!("(", c.describe(key_name), ")")).collect();
    parts.join(sep)
}
