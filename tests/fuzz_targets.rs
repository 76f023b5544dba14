//! The fuzz targets of `fuzz/` on stable Rust: each target's checks
//! (`fuzz/fuzz_targets/common/checks.rs`, the very file the targets use) run
//! over its seeds, the real files of `tests/fixtures`, and over a few
//! thousand inputs a small deterministic mutator makes from them (bytes
//! flipped, cut, repeated, spliced, and the tokens each format is built
//! from inserted). The real fuzzers (`cargo fuzz`, see the README) go
//! further; this keeps every target's properties checked in CI.

#[path = "../fuzz/fuzz_targets/common/checks.rs"]
mod checks;

use std::path::PathBuf;

use floor::ingest::formats::Format;

fn fixture(path: &str) -> Vec<u8> {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// xorshift64*: the same inputs on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One mutation of `seed`: a few edits, each chosen at random.
fn mutate(rng: &mut Rng, seed: &[u8], other: &[u8], tokens: &[&[u8]]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(data.len() + 1);
        match rng.below(7) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] = rng.next() as u8;
            }
            2 => {
                let end = (at + rng.below(64)).min(data.len());
                data.drain(at..end);
            }
            3 => data.truncate(at),
            4 => {
                let end = (at + rng.below(256)).min(data.len());
                let piece = data[at..end].to_vec();
                data.splice(at..at, piece);
            }
            5 if !other.is_empty() => {
                let from = rng.below(other.len());
                let end = (from + rng.below(512)).min(other.len());
                data.splice(at..at, other[from..end].iter().copied());
            }
            _ => {
                let token = tokens[rng.below(tokens.len())];
                data.splice(at..at, token.iter().copied());
            }
        }
    }
    data
}

/// Runs `check` on every seed and on `rounds` mutations of them.
fn fuzz(seeds: &[Vec<u8>], tokens: &[&[u8]], rounds: usize, check: impl Fn(&[u8])) {
    for seed in seeds {
        check(seed);
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..rounds {
        let seed = &seeds[round % seeds.len()];
        let other = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, seed, other, tokens);
        // Say which input broke a check: the panic alone does not.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&input)));
        if let Err(panic) = result {
            let dump = std::env::temp_dir().join(format!("floor-fuzz-{round}.bin"));
            let _ = std::fs::write(&dump, &input);
            eprintln!("round {round}: input written to {}", dump.display());
            std::panic::resume_unwind(panic);
        }
    }
}

#[test]
fn text_transcripts() {
    let seeds = vec![
        fixture("verbatim-record.txt"),
        fixture("press-call.md"),
        fixture("agreement/meeting.txt"),
        b"The Chair: Good morning.\n\nMr. Roe (France) (spoke in French): Thank you.\n".to_vec(),
        b"\xef\xbb\xbf# Meeting 9\n\n## Agenda item 5\n\n**Egypt:** We agree.\n".to_vec(),
        b"\xff\xfeT\x00h\x00e\x00 \x00C\x00h\x00a\x00i\x00r\x00:\x00".to_vec(),
    ];
    let tokens: &[&[u8]] = &[
        b"\n\n",
        b"The Chair:",
        b">> ",
        b"# ",
        b"**",
        b"\r\n",
        b"\x1b[31m",
        b"\xe2\x80\xae",
        b"(spoke in French):",
        b"I give the floor to ",
        b"\xc3",
    ];
    fuzz(&seeds, tokens, 3000, |data| {
        checks::document("fuzz.txt", data);
        checks::document("fuzz.md", data);
    });
}

#[test]
fn pdf_records() {
    let seeds = vec![
        fixture("formats/dail-2012-06-06-p1-4.pdf"),
        fixture("formats/za-ncop-question-paper.pdf"),
        fixture("formats/scanned-note-verbale.pdf"),
    ];
    let tokens: &[&[u8]] = &[
        b"obj",
        b"endobj",
        b"stream\n",
        b"endstream",
        b"/Encrypt",
        b"/Length 999999",
        b"xref",
        b"%%EOF",
        b"<<",
        b">>",
        b"(",
        b"Tj",
        b"BT",
        b"ET",
        b"/FlateDecode",
    ];
    fuzz(&seeds, tokens, 600, |data| {
        checks::format_file(Format::Pdf, "fuzz.pdf", data);
    });
}

#[test]
fn word_documents() {
    let seeds = vec![fixture("formats/oral-history-short.docx")];
    let tokens: &[&[u8]] = &[
        b"PK\x03\x04",
        b"PK\x01\x02",
        b"PK\x05\x06",
        b"<w:p>",
        b"<w:b/>",
    ];
    fuzz(&seeds, tokens, 2000, |data| {
        checks::format_file(Format::Docx, "fuzz.docx", data);
    });
}

#[test]
fn web_pages() {
    let seeds = vec![
        fixture("formats/za-na-debate-2013-05-22.html"),
        b"<html><body><nav>Menu</nav><main><h1>Meeting</h1><p><strong>Ms. Doe:</strong> Hello &amp; welcome.</p></main><script>alert(1)</script></body></html>".to_vec(),
    ];
    let tokens: &[&[u8]] = &[
        b"<script>",
        b"</script>",
        b"<main>",
        b"<strong>",
        b"</strong>",
        b":",
        b"&gt;",
        b"&#x202e;",
        b"<p>",
        b"<!--",
        b"<h2>",
        b"\x00",
    ];
    fuzz(&seeds, tokens, 1000, |data| {
        checks::format_file(Format::Html, "fuzz.html", data);
    });
}

#[test]
fn captions() {
    let seeds = vec![
        fixture("formats/sintel-en-speaker.vtt"),
        fixture("formats/youtube-auto-rollup.en.vtt"),
        b"1\n00:00:01,000 --> 00:00:03,000\n&gt;&gt; CHAIR: Good morning. I give the floor\n\n2\n00:00:03,000 --> 00:00:05,000\nGood morning. I give the floor\nto the United States.\n\n3\n00:00:06,500 --> 00:00:08,000\n>> UNITED STATES: Thank you, Chair. (spoke in French)\n".to_vec(),
        b"WEBVTT\n\nNOTE x\n\n1\n00:00:01.000 --> 00:00:02.000\n<v Jane Doe>Hello.</v>\n\n2\n00:00:02.000 --> 00:00:03.000\n&gt;&gt; MR. ROE: Hi [APPLAUSE]\n".to_vec(),
    ];
    let tokens: &[&[u8]] = &[
        b" --> ",
        b"00:00:01,000",
        b"99:99:99.999",
        b"\n\n",
        b">> ",
        b"&gt;&gt; ",
        b"<v ",
        b"<v.loud Name>",
        b"<00:00:01.500><c> word</c>",
        b"\n \n",
        b"</v>",
        b"NAME:",
        b"[APPLAUSE]",
        b"(",
        b"\xe2\x99\xaa",
        b"&",
        b"NOTE",
        b"STYLE",
    ];
    fuzz(&seeds, tokens, 3000, |data| {
        checks::format_file(Format::WebVtt, "fuzz.vtt", data);
        checks::document("fuzz.srt", data);
    });
}

#[test]
fn annotation_files() {
    let seeds = vec![
        fixture("fuzz/annotations.toml"),
        b"version = 1\ndocument = \"d\"\ncontent_hash = \"h\"\n".to_vec(),
    ];
    let tokens: &[&[u8]] = &[
        b"[[tag]]\n",
        b"[[note]]\n",
        b"[[correction]]\n",
        b"<<<<<<< ours\n",
        b"=======\n",
        b">>>>>>> theirs\n",
        b"\"",
        b"\"\"\"",
        b"start = 18446744073709551615\n",
        b"end = -1\n",
        b"version = 2\n",
        b"\\u0000",
        b"\n",
    ];
    fuzz(&seeds, tokens, 3000, checks::annotations);
}
