//! Writes a generated corpus of transcripts shaped like the OEWG sample.
//!
//! `cargo run --release --example gen_corpus -- DIR [COUNT] [SIZE_BYTES]`
//! (defaults: 1,000 transcripts of about 70 KB each, about 70 MB).

#[path = "../benches/generator/mod.rs"]
mod generator;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: gen_corpus DIR [COUNT] [SIZE_BYTES]");
        std::process::exit(2);
    };
    let count = args
        .next()
        .map_or(1000, |a| a.parse().expect("COUNT is a number"));
    let size = args
        .next()
        .map_or(70_000, |a| a.parse().expect("SIZE_BYTES is a number"));
    let total = generator::write_corpus(std::path::Path::new(&dir), count, size, 2021)?;
    println!("{count} transcripts, {total} bytes in {dir}");
    Ok(())
}
