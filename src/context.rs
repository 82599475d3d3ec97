//! The request context: values for the model's declared context keys, falling back to the
//! model's defaults. Keys the model does not declare are accepted and ignored.

use crate::compile::Model;
use crate::error::{Code, Error, Result};
use crate::json::Json;

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
        let value = crate::json::parse(text, 1 << 16)?;
        let Json::Obj(obj) = value else {
            return Err(Error::new(Code::InvalidContext, "a context is an object of string values"));
        };
        let mut pairs = Vec::new();
        for (k, v) in &obj {
            match v {
                Json::Str(s) => pairs.push((k.as_str(), Some(s.as_str()))),
                Json::Null => {}
                _ => return Err(Error::at(Code::InvalidContext, crate::json::join("", k), format!("context value '{}' must be a string", crate::error::shown(k)))),
            }
        }
        Ok(Context::from_pairs(m, pairs))
    }

    pub fn get(&self, key: usize) -> Option<&str> {
        self.values.get(key).and_then(|v| v.as_deref())
    }
}
