//! The request context: values for the model's declared context keys, falling back to the
//! model's defaults. Keys the model does not declare are accepted and ignored.

use crate::prelude::*;
use crate::model::Model;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    /// By context key index; `None` when absent and without default.
    pub values: Vec<Option<String>>,
}

impl Context {
    /// The model's defaults.
    pub fn defaults(m: &Model) -> Context {
        Context { values: m.context_keys.iter().map(|k| k.default.clone()).collect() }
    }

    /// Defaults overridden by `pairs` (a key given as `None` is absent, not defaulted).
    pub fn from_pairs<'a>(m: &Model, pairs: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> Context {
        let mut c = Context::defaults(m);
        for (k, v) in pairs {
            if let Some(i) = m.context_keys.iter().position(|x| x.name == k) {
                if let Some(slot) = c.values.get_mut(i) {
                    *slot = v.map(str::to_string);
                }
            }
        }
        c
    }

    /// The values of the model's context keys, in order, written one after another in `text`
    /// with their lengths in bytes (-1: absent, so the key is absent, not defaulted). A value
    /// that does not fit is absent.
    pub fn from_values(m: &Model, text: &str, lens: &[i32]) -> Context {
        let mut at = 0usize;
        let values = (0..m.context_keys.len())
            .map(|i| {
                let n = usize::try_from(lens.get(i).copied().unwrap_or(-1)).ok()?;
                let v = text.get(at..at + n);
                at += n;
                v.map(str::to_string)
            })
            .collect();
        Context { values }
    }

    pub fn get(&self, key: usize) -> Option<&str> {
        self.values.get(key).and_then(|v| v.as_deref())
    }
}
