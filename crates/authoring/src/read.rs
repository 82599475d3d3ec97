//! Reading a model document, from JSON text or from a parsed value (a JavaScript object turned
//! into a `serde_json::Value`), with serde: a syntax error is `invalid_json` with its line and
//! column; a shape error (an unknown field, a wrong type, a missing field) is `invalid_model` at
//! the path of the offending element, as `serde_path_to_error` tracks it.
//!
//! Both routes go through the same derives, and a JavaScript object goes through a `Value`
//! first: serde-wasm-bindgen alone reads only a struct's known fields from an object, so
//! `deny_unknown_fields` would never see an unknown one (serde-wasm-bindgen issue 39).

use crate::doc::ModelDoc;
use rolecascade_runtime::error::{Code, Error, Result};
use crate::json::join;
use rolecascade_runtime::limits::{MAX_JSON_NESTING, MAX_MODEL_BYTES};
use serde_json::error::Category;

/// Reads a model from JSON text.
///
/// # Errors
/// `limit_exceeded` over the model size limit, `invalid_argument` for a `\u` escape of a lone
/// surrogate, `invalid_json`, `invalid_model` with a path.
pub fn model_from_json(text: &str) -> Result<ModelDoc> {
    if text.len() > MAX_MODEL_BYTES {
        return Err(Error::new(Code::LimitExceeded, format!("the document is larger than {MAX_MODEL_BYTES} bytes")));
    }
    lone_surrogates(text)?;
    nesting(text)?;
    // The syntax first, whatever the shape (a truncated document is not JSON, whatever serde
    // would have said of its first value).
    serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(|e| syntax_error(&e))?;
    let mut de = serde_json::Deserializer::from_str(text);
    let doc = serde_path_to_error::deserialize(&mut de).map_err(shape_error)?;
    de.end().map_err(|e| syntax_error(&e))?;
    Ok(doc)
}

/// Reads a model from a parsed JSON value.
///
/// # Errors
/// `invalid_model` with a path.
pub fn model_from_value(value: serde_json::Value) -> Result<ModelDoc> {
    serde_path_to_error::deserialize(value).map_err(shape_error)
}

/// Reads a batch of changes (`[{op, ...}]`) from a parsed JSON value.
///
/// # Errors
/// `invalid_argument` with the path of the offending element (`[2].op`).
pub fn changes_from_value(value: serde_json::Value) -> Result<Vec<rolecascade_runtime::changes::Change>> {
    let docs: Vec<crate::doc::ChangeDoc> = serde_path_to_error::deserialize(value).map_err(|e| Error { code: Code::InvalidArgument, ..shape_error(e) })?;
    Ok(docs.into_iter().map(Into::into).collect())
}

/// Reads a batch of changes from JSON text.
///
/// # Errors
/// `invalid_json`, or as [`changes_from_value`].
pub fn changes_from_json(text: &str) -> Result<Vec<rolecascade_runtime::changes::Change>> {
    lone_surrogates(text)?;
    nesting(text)?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| syntax_error(&e))?;
    changes_from_value(value)
}

fn syntax_error(e: &serde_json::Error) -> Error {
    let what = clean(&e.to_string());
    Error::new(Code::InvalidJson, format!("not valid JSON: {what} at line {}, column {}", e.line(), e.column()))
}

fn shape_error(e: serde_path_to_error::Error<serde_json::Error>) -> Error {
    let inner = e.inner();
    if !matches!(inner.classify(), Category::Data) {
        return syntax_error(inner);
    }
    let mut path = String::new();
    for seg in e.path().iter() {
        match seg {
            serde_path_to_error::Segment::Seq { index } => path.push_str(&format!("[{index}]")),
            serde_path_to_error::Segment::Map { key } => path = join(&path, key),
            serde_path_to_error::Segment::Enum { variant } => path = join(&path, variant),
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    // An unknown field's path ends with it, as the rest of the engine reports it.
    Error::at(Code::InvalidModel, path, clean(&inner.to_string()))
}

/// serde's message in the house style: ids in single quotes, no position (the path says where),
/// no final period.
fn clean(message: &str) -> String {
    let text = message.split(" at line ").next().unwrap_or(message);
    text.replace('`', "'").trim_end_matches('.').to_string()
}

/// Refuses a `\u` escape of half a UTF-16 pair: the JSON grammar allows it, but it names no
/// character, and replacing it (with U+FFFD) would merge distinct ids.
///
/// # Errors
/// `invalid_argument` with the escape's position.
pub fn lone_surrogates(text: &str) -> Result<()> {
    let b = text.as_bytes();
    let hex = |i: usize| -> Option<u32> { std::str::from_utf8(b.get(i..i + 4)?).ok().and_then(|h| u32::from_str_radix(h, 16).ok()) };
    let mut i = 0;
    let mut pending_high = false;
    while let Some(&c) = b.get(i) {
        if c != b'\\' {
            if pending_high {
                return Err(lone(text, i));
            }
            i += 1;
            continue;
        }
        match b.get(i + 1) {
            Some(b'u') => {
                let code = hex(i + 2).unwrap_or(0);
                let high = (0xD800..0xDC00).contains(&code);
                let low = (0xDC00..0xE000).contains(&code);
                if (pending_high && !low) || (!pending_high && low) {
                    return Err(lone(text, i));
                }
                pending_high = high;
                i += 6;
            }
            _ => {
                if pending_high {
                    return Err(lone(text, i));
                }
                i += 2;
            }
        }
    }
    if pending_high {
        return Err(lone(text, i));
    }
    Ok(())
}

/// Refuses JSON nested deeper than the engine reads anywhere, whatever its shape, before serde
/// reads it (serde would first see a shape it does not expect).
fn nesting(text: &str) -> Result<()> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &c) in text.as_bytes().iter().enumerate() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_JSON_NESTING {
                    let upto = text.get(..i).unwrap_or("");
                    let line = upto.matches('\n').count() + 1;
                    let col = upto.rsplit('\n').next().map_or(0, str::len) + 1;
                    return Err(Error::new(Code::InvalidJson, format!("not valid JSON: nested deeper than {MAX_JSON_NESTING} levels at line {line}, column {col}")));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn lone(text: &str, at: usize) -> Error {
    let upto = text.get(..at).unwrap_or("");
    let line = upto.matches('\n').count() + 1;
    let col = upto.rsplit('\n').next().map_or(0, str::len) + 1;
    Error::new(Code::InvalidArgument, format!("not well-formed Unicode: a \\u escape of a lone surrogate at line {line}, column {col}"))
}
