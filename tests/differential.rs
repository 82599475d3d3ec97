//! Differential test: the engine agrees with the slow reference evaluator (tests/reference/) on every question about every vector
//! file's directory (after its cases ran), in several contexts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
mod common;
mod reference;

use rolecascade::Engine;

#[test]
fn engine_agrees_with_the_reference_on_every_vector_directory() {
    let mut total = 0;
    for (name, text) in common::FILES {
        let file: serde_json::Value = serde_json::from_str(text).unwrap();
        if file.get("loadError").is_some() {
            continue;
        }
        let model = match &file["model"] {
            serde_json::Value::String(n) => common::model_text(n).to_string(),
            serde_json::Value::Null => common::model_text("bizagi").to_string(),
            other => other.to_string(),
        };
        let dir = file.get("directory").map(|d| d.to_string());
        let Ok(e) = Engine::from_model_json(&model, dir.as_deref()) else { continue };
        let keys: Vec<String> = e.model().context_keys.iter().map(|k| k.name.clone()).collect();
        let mut contexts = vec![e.default_context().clone()];
        for k in &keys {
            for v in ["studio", "2.0.0", "2.0.1", "9"] {
                contexts.push(rolecascade::Context::from_pairs(e.model(), [(k.as_str(), Some(v))]));
            }
        }
        for ctx in &contexts {
            let (n, bad) = reference::compare_all(&e, ctx);
            total += n;
            assert!(bad.is_empty(), "{name}: {} disagreements, first: {:?}", bad.len(), &bad[..bad.len().min(5)]);
        }
    }
    assert!(total > 1000, "only {total} questions compared");
}
