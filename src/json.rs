//! JSON at the boundary: size limits, and structural errors turned into coded errors with a path.

use crate::error::{Code, Error, Result};
use serde::de::DeserializeOwned;

/// Parses `text` into `T`. Text that is not JSON gives `invalid_json`; JSON of the wrong shape
/// gives `shape_code` with the path of the offending element.
///
/// # Errors
/// As above, and `limit_exceeded` for text longer than `max_bytes`.
pub fn parse<T: DeserializeOwned>(text: &str, max_bytes: usize, shape_code: Code) -> Result<T> {
    if text.len() > max_bytes {
        return Err(Error::new(Code::LimitExceeded, format!("the document is larger than {max_bytes} bytes")));
    }
    // Syntax first, so that malformed text is told apart from a wrong shape.
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Error::new(Code::InvalidJson, format!("not valid JSON: {} (line {}, column {})", clean(&e.to_string()), e.line(), e.column()))
    })?;
    from_value(value, shape_code)
}

/// Converts an already parsed value into `T`.
///
/// # Errors
/// `shape_code` with the path of the offending element.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value, shape_code: Code) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        Error { code: shape_code, message: clean(&e.into_inner().to_string()), path: Some(path) }
    })
}

/// serde's messages are close to the house style; drop their position suffix and capital.
fn clean(msg: &str) -> String {
    let msg = msg.find(" at line ").and_then(|i| msg.get(..i)).unwrap_or(msg);
    msg.replace('`', "'")
}
