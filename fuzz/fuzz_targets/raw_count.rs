//! Fuzzes the count from raw bytes: when it answers, it must be the count in
//! the canonical text ingest makes of the same bytes.
#![no_main]

use std::sync::LazyLock;

use floor::ingest::{decode, markup};
use floor::search::matcher::{TermFinder, count_lines};
use floor::text::fold;
use libfuzzer_sys::fuzz_target;

const NEEDLES: [&str; 4] = ["capacity building", "y b", "building", "e"];

static FINDERS: LazyLock<Vec<TermFinder>> =
    LazyLock::new(|| NEEDLES.iter().map(|n| TermFinder::new(n)).collect());

fuzz_target!(|data: &[u8]| {
    let decode::Decoded::Text { text, .. } = decode::decode_owned(data.to_vec()) else {
        return;
    };
    let canonical = markup::strip_inline_markup(text);
    let folded = fold::fold(&canonical);
    for (needle, finder) in NEEDLES.iter().zip(FINDERS.iter()) {
        if let Some(n) = finder.count_raw(data) {
            let expected = count_lines(&canonical, &fold::find_all(&folded, needle));
            assert_eq!(n, expected, "{needle:?}");
        }
    }
});
