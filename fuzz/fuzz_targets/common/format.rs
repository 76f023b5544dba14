//! What every format's fuzz target checks: any bytes give text or an error
//! message, never a panic, and every timecode lies on a char boundary inside
//! the text.

use floor::ingest::formats::{Format, extract};

pub fn run(format: Format, data: &[u8]) {
    let Ok(extracted) = extract(format, data) else {
        return;
    };
    for t in &extracted.timecodes {
        assert!(t.offset <= extracted.text.len() && extracted.text.is_char_boundary(t.offset));
    }
}
