//! Conditions as written: checked against the model's declared attributes and context keys
//! and compiled into the runtime's [`Cond`].

use crate::doc::CondDoc;
use rolecascade_runtime::cond::{parse_version, Cond, Op, Subject};
use rolecascade_runtime::error::{Code, Error, Result};
use std::cmp::Ordering;

/// Checks a raw condition. `context_key` resolves a context key name to its index.
///
/// # Errors
/// `invalid_model` with a path relative to the condition when its shape is wrong or it names
/// an undeclared context key or an attribute that `attr_known` does not know (a typo would
/// otherwise read a missing value and quietly fail closed everywhere).
pub fn compile_cond(doc: &CondDoc, context_key: &dyn Fn(&str) -> Option<usize>, attr_known: &dyn Fn(&str) -> bool) -> Result<Cond> {
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
                .map(|(i, c)| compile_cond(c, context_key, attr_known).map_err(|e| e.under(&format!("{key}[{i}]"))))
                .collect()
        };
        if let Some(items) = &doc.all {
            return Ok(Cond::All(list(items, "all")?));
        }
        if let Some(items) = &doc.any {
            return Ok(Cond::Any(list(items, "any")?));
        }
        if let Some(inner) = &doc.not {
            return Ok(Cond::Not(Box::new(compile_cond(inner, context_key, attr_known).map_err(|e| e.under("not"))?)));
        }
    }
    let subject = match (&doc.attr, &doc.context) {
        (Some(a), None) if attr_known(a) => Subject::Attr(a.clone()),
        (Some(a), None) => {
            return Err(Error::at(Code::InvalidModel, "attr", format!("attribute '{}' is not declared by any level", rolecascade_runtime::error::shown(a))))
        }
        (None, Some(c)) => match context_key(c) {
            Some(i) => Subject::Context(i),
            None => {
                return Err(Error::at(
                    Code::InvalidModel,
                    "context",
                    format!("context key '{}' is not declared in the model's 'context'", rolecascade_runtime::error::shown(c)),
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
            .ok_or_else(|| Error::at(Code::InvalidModel, key, format!("'{}' is not a dotted version such as '2.0.1'", rolecascade_runtime::error::shown(v))))
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

