//! Turns the speaker registry (`assets/registry.toml`) into Rust data at
//! compile time: parsing 1,300 lines of TOML at every start would cost more
//! than the rest of start-up together.

use std::fmt::Write as _;

fn main() {
    println!("cargo::rerun-if-changed=assets/registry.toml");
    let source = std::fs::read_to_string("assets/registry.toml").expect("assets/registry.toml");
    let value: toml::Table =
        toml::from_str(&source).unwrap_or_else(|e| panic!("assets/registry.toml: {e}"));
    let speakers = value["speaker"].as_array().expect("[[speaker]] tables");
    let mut out = String::from("&[\n");
    for s in speakers {
        let field = |k: &str| s.get(k).and_then(|v| v.as_str()).unwrap_or("");
        let list = |k: &str| {
            s.get(k)
                .and_then(|v| v.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str())
                        .map(|x| format!("{x:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default()
        };
        writeln!(
            out,
            "    ({:?}, {:?}, &[{}], &[{}]),",
            field("name"),
            field("role"),
            list("aliases"),
            list("adjectives")
        )
        .unwrap();
    }
    out.push_str("]\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("registry.rs");
    std::fs::write(dest, out).unwrap();
}
