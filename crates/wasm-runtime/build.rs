//! Compiles the default model (`models/bizagi.json`) into its binary form at build time, so the
//! runtime module carries the compiled bytes and no model reader. Labels and descriptions are
//! left out: only the authoring module, which has the model's text, describes it.
fn main() -> Result<(), String> {
    let path = "../../models/bizagi.json";
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let model = rolecascade_authoring::compile_json(&text).map_err(|e| format!("{path}: {e}"))?;
    let bytes = rolecascade_runtime::codec::encode(&model, false);
    let out = std::path::Path::new(&std::env::var("OUT_DIR").map_err(|e| format!("OUT_DIR: {e}"))?).join("bizagi.rcm");
    std::fs::write(&out, bytes).map_err(|e| format!("{}: {e}", out.display()))
}
