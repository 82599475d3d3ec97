//! Conditions: small boolean expressions over scope attributes and the request context.
//!
//! JSON form (one subject and one operator, or a combinator):
//! `{"attr": "service", "eq": "studio"}`, `{"attr": "service", "in": ["a", "b"]}`,
//! `{"context": "launchedFrom", "eq": "studio"}`,
//! `{"context": "customerPortalVersion", "versionGte": "2.0.1"}`,
//! `{"all": [...]}`, `{"any": [...]}`, `{"not": {...}}`.

use crate::error::{Code, Error, Result};
use crate::json::{Fields, Json};
use std::cmp::Ordering;

/// The raw JSON shape of a condition; checked into a [`Cond`] by [`Cond::compile`].
#[derive(Debug, Clone, Default)]
pub struct CondDoc {
    pub all: Option<Vec<CondDoc>>,
    pub any: Option<Vec<CondDoc>>,
    pub not: Option<Box<CondDoc>>,
    pub attr: Option<String>,
    pub context: Option<String>,
    pub eq: Option<String>,
    pub ne: Option<String>,
    pub in_: Option<Vec<String>>,
    pub not_in: Option<Vec<String>>,
    pub present: Option<bool>,
    pub version_gte: Option<String>,
    pub version_gt: Option<String>,
    pub version_lte: Option<String>,
    pub version_lt: Option<String>,
}

impl CondDoc {
    /// Reads a condition's JSON form.
    ///
    /// # Errors
    /// `invalid_model` with the path of the offending element.
    pub fn read(v: &Json, path: &str) -> Result<CondDoc> {
        let f = Fields::new(
            v,
            Code::InvalidModel,
            path,
            &["all", "any", "not", "attr", "context", "eq", "ne", "in", "notIn", "present", "versionGte", "versionGt", "versionLte", "versionLt"],
        )?;
        let list = |key: &str| -> Result<Option<Vec<CondDoc>>> {
            match f.get(key) {
                None => Ok(None),
                Some(_) => f.items(key)?.iter().map(|(v, p)| CondDoc::read(v, p)).collect::<Result<Vec<_>>>().map(Some),
            }
        };
        Ok(CondDoc {
            all: list("all")?,
            any: list("any")?,
            not: match f.get("not") {
                None => None,
                Some(n) => Some(Box::new(CondDoc::read(n, &f.path("not"))?)),
            },
            attr: f.opt_str("attr")?,
            context: f.opt_str("context")?,
            eq: f.opt_str("eq")?,
            ne: f.opt_str("ne")?,
            in_: f.opt_strings("in")?,
            not_in: f.opt_strings("notIn")?,
            present: f.opt_bool("present")?,
            version_gte: f.opt_str("versionGte")?,
            version_gt: f.opt_str("versionGt")?,
            version_lte: f.opt_str("versionLte")?,
            version_lt: f.opt_str("versionLt")?,
        })
    }
}

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
    /// Checks a raw condition. `context_key` resolves a context key name to its index.
    ///
    /// # Errors
    /// `invalid_model` with a path relative to the condition when its shape is wrong or it names
    /// an undeclared context key or an attribute that `attr_known` does not know (a typo would
    /// otherwise read a missing value and quietly fail closed everywhere).
    pub fn compile(doc: &CondDoc, context_key: &dyn Fn(&str) -> Option<usize>, attr_known: &dyn Fn(&str) -> bool) -> Result<Cond> {
        let subjects = doc.attr.is_some() as u8 + doc.context.is_some() as u8;
        let combos = doc.all.is_some() as u8 + doc.any.is_some() as u8 + doc.not.is_some() as u8;
        let ops = [
            doc.eq.is_some(),
            doc.ne.is_some(),
            doc.in_.is_some(),
            doc.not_in.is_some(),
            doc.present.is_some(),
            doc.version_gte.is_some(),
            doc.version_gt.is_some(),
            doc.version_lte.is_some(),
            doc.version_lt.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if combos + subjects != 1 {
            return Err(Error::at(
                Code::InvalidModel,
                "",
                "a condition needs exactly one of 'all', 'any', 'not', 'attr' or 'context'",
            ));
        }
        if combos == 1 {
            if ops != 0 {
                return Err(Error::at(Code::InvalidModel, "", "'all', 'any' and 'not' take no operator"));
            }
            let list = |items: &Vec<CondDoc>, key: &str| -> Result<Vec<Cond>> {
                items
                    .iter()
                    .enumerate()
                    .map(|(i, c)| Cond::compile(c, context_key, attr_known).map_err(|e| e.under(&format!("{key}[{i}]"))))
                    .collect()
            };
            if let Some(items) = &doc.all {
                return Ok(Cond::All(list(items, "all")?));
            }
            if let Some(items) = &doc.any {
                return Ok(Cond::Any(list(items, "any")?));
            }
            if let Some(inner) = &doc.not {
                return Ok(Cond::Not(Box::new(Cond::compile(inner, context_key, attr_known).map_err(|e| e.under("not"))?)));
            }
        }
        let subject = match (&doc.attr, &doc.context) {
            (Some(a), None) if attr_known(a) => Subject::Attr(a.clone()),
            (Some(a), None) => {
                return Err(Error::at(Code::InvalidModel, "attr", format!("attribute '{}' is not declared by any level", crate::error::shown(a))))
            }
            (None, Some(c)) => match context_key(c) {
                Some(i) => Subject::Context(i),
                None => {
                    return Err(Error::at(
                        Code::InvalidModel,
                        "context",
                        format!("context key '{}' is not declared in the model's 'context'", crate::error::shown(c)),
                    ))
                }
            },
            _ => return Err(Error::at(Code::InvalidModel, "", "a condition reads one 'attr' or one 'context' key")),
        };
        if ops != 1 {
            return Err(Error::at(
                Code::InvalidModel,
                "",
                "a condition on a value needs exactly one operator: eq, ne, in, notIn, present, versionGte, versionGt, versionLte or versionLt",
            ));
        }
        let version = |v: &String, ord: Ordering, or_equal: bool, key: &str| -> Result<Op> {
            parse_version(v)
                .map(|n| Op::Version(ord, or_equal, n))
                .ok_or_else(|| Error::at(Code::InvalidModel, key, format!("'{}' is not a dotted version such as '2.0.1'", crate::error::shown(v))))
        };
        let op = if let Some(v) = &doc.eq {
            Op::Eq(v.clone())
        } else if let Some(v) = &doc.ne {
            Op::Ne(v.clone())
        } else if let Some(v) = &doc.in_ {
            Op::In(v.clone())
        } else if let Some(v) = &doc.not_in {
            Op::NotIn(v.clone())
        } else if let Some(v) = doc.present {
            Op::Present(v)
        } else if let Some(v) = &doc.version_gte {
            version(v, Ordering::Greater, true, "versionGte")?
        } else if let Some(v) = &doc.version_gt {
            version(v, Ordering::Greater, false, "versionGt")?
        } else if let Some(v) = &doc.version_lte {
            version(v, Ordering::Less, true, "versionLte")?
        } else if let Some(v) = &doc.version_lt {
            version(v, Ordering::Less, false, "versionLt")?
        } else {
            return Err(Error::at(Code::InvalidModel, "", "a condition needs an operator"));
        };
        Ok(Cond::Test(subject, op))
    }

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

    /// A person-readable form, with context keys named by `key_name`.
    pub fn describe(&self, key_name: &dyn Fn(usize) -> String) -> String {
        match self {
            Cond::All(items) => join(items, " and ", key_name),
            Cond::Any(items) => join(items, " or ", key_name),
            Cond::Not(inner) => format!("not ({})", inner.describe(key_name)),
            Cond::Test(subject, op) => {
                let s = match subject {
                    Subject::Attr(a) => a.clone(),
                    Subject::Context(k) => key_name(*k),
                };
                match op {
                    Op::Eq(x) => format!("{s} = {x}"),
                    Op::Ne(x) => format!("{s} != {x}"),
                    Op::In(xs) => format!("{s} in [{}]", xs.join(", ")),
                    Op::NotIn(xs) => format!("{s} not in [{}]", xs.join(", ")),
                    Op::Present(true) => format!("{s} present"),
                    Op::Present(false) => format!("{s} absent"),
                    Op::Version(ord, or_equal, v) => {
                        let sym = match (ord, or_equal) {
                            (Ordering::Greater, true) => ">=",
                            (Ordering::Greater, false) => ">",
                            (_, true) => "<=",
                            (_, false) => "<",
                        };
                        let v: Vec<String> = v.iter().map(u64::to_string).collect();
                        format!("{s} {sym} {}", v.join("."))
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

fn join(items: &[Cond], sep: &str, key_name: &dyn Fn(usize) -> String) -> String {
    let parts: Vec<String> = items.iter().map(|c| format!("({})", c.describe(key_name))).collect();
    parts.join(sep)
}
