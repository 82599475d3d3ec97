//! The request context: values for the model's declared context keys, falling back to the
//! model's defaults. Keys the model does not declare are accepted and ignored.

use crate::msg;
use crate::model::Model;
use crate::error::{shown, Code, Error, Result};
use crate::json::{join, Next, Pull};

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

    /// Parses a JSON object of string (or null) values.
    ///
    /// # Errors
    /// `invalid_json` for text that is not JSON, `invalid_context` for another shape.
    pub fn from_json(m: &Model, text: &str) -> Result<Context> {
        if text.is_empty() || text == "null" {
            return Ok(Context::defaults(m));
        }
        let mut p = Pull::new(text, 1 << 16)?;
        if p.peek_kind()? != Next::Object {
            return Err(Error::new(Code::InvalidContext, "a context is an object of string values"));
        }
        p.enter()?;
        let mut c = Context::defaults(m);
        let mut first = true;
        while let Some(k) = p.key(first)? {
            first = false;
            match p.peek_kind()? {
                Next::String => {
                    let v = p.string()?;
                    if let Some(slot) = m.context_keys.iter().position(|x| x.name == k).and_then(|i| c.values.get_mut(i)) {
                        *slot = Some(v.into_owned());
                    }
                }
                Next::Null => p.skip()?,
                _ => return Err(Error::at(Code::InvalidContext, join("", &k), msg!("context value '", shown(&k), "' must be a string"))),
            }
        }
        p.finish()?;
        Ok(c)
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
