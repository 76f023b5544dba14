//! WebVTT and SRT captions: cues merged into turns.
//!
//! A turn starts where the captions name a new speaker: a `<v Name>` voice
//! span or a `>> NAME:` prefix (also stored as `&gt;&gt;`), and comes out as
//! a `Name: text` paragraph with the start time of its first cue. Cue
//! numbers, timing lines and `NOTE`/`STYLE`/`REGION` blocks never reach the
//! text. Live roll-up captions, where each cue repeats the words of the one
//! before, give each word once. Sound tags (`[APPLAUSE]`, `(laughter)`, `♪`)
//! are paragraphs of their own.

use std::ops::Range;

use crate::ingest::decode::{self, Decoded};
use crate::ingest::registry::Registry;
use crate::ingest::speakers;
use crate::model::{Attribution, Document, Evidence, Role, Timecode, Turn};

use super::{Extracted, SpeakerMark, TextBuilder};

/// How many words of the text already written a roll-up cue may repeat.
const ROLL_UP_WINDOW: usize = 64;

/// Extracts the turns of a WebVTT or SRT file.
pub fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    let text = match decode::decode(bytes) {
        Decoded::Text { text, .. } => text,
        Decoded::Binary { warning } => return Err(warning.message),
    };
    let mut out = Captions::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    let mut cues = 0;
    while i < lines.len() {
        // One block: lines up to the next blank line. A line of spaces
        // inside a cue (YouTube's captions hold one above and below the
        // words) is not the end of the cue unless a new block follows it.
        let start = i;
        while i < lines.len() && !ends_block(&lines, i) {
            i += 1;
        }
        let block = &lines[start..i];
        while i < lines.len() && lines[i].trim().is_empty() {
            i += 1;
        }
        let Some(first) = block.first() else { continue };
        let first = first.trim_start_matches('\u{feff}').trim();
        if first.starts_with("WEBVTT")
            || ["NOTE", "STYLE", "REGION"]
                .iter()
                .any(|k| first == *k || first.starts_with(&format!("{k} ")))
        {
            continue;
        }
        let Some(timing) = block.iter().position(|l| l.contains("-->")) else {
            // A lone number (an SRT cue number on its own) carries no text.
            if block
                .iter()
                .all(|l| l.trim().chars().all(|c| c.is_ascii_digit()))
            {
                continue;
            }
            out.warnings.push((
                start + 1,
                "caption block without a timing line; its text is kept without a time".into(),
            ));
            out.cue(None, block);
            continue;
        };
        // A timing line inside the text (a blank line lost between two
        // cues) opens the next cue: no timing line is ever text.
        let mut at = timing;
        while at < block.len() {
            let next = block[at + 1..]
                .iter()
                .position(|l| l.contains("-->"))
                .map_or(block.len(), |n| at + 1 + n);
            let millis = parse_timing(block[at]);
            if millis.is_none() {
                out.warnings.push((
                    start + at + 1,
                    format!(
                        "broken cue timing {:?}; its text is kept without a time",
                        block[at].trim()
                    ),
                ));
            }
            cues += 1;
            out.cue(millis, &block[at + 1..next]);
            at = next;
        }
    }
    if cues == 0 && !out.builder.is_open() && out.builder.text.is_empty() {
        return Err("no caption cues found".into());
    }
    let warnings = out
        .warnings
        .into_iter()
        .map(|(line, message)| (1, format!("caption line {line}: {message}")))
        .collect();
    let text = out.builder.finish();
    // A time marked where no words followed (a last `>>` alone) points past
    // the text's end.
    let mut timecodes = out.timecodes;
    timecodes.retain(|t| t.offset < text.len());
    Ok(Extracted {
        text,
        timecodes,
        warnings,
        speakers: out.speakers,
    })
}

/// Whether line `i` is a blank line that ends a block: an empty one, or
/// one of spaces followed (after any other blank lines) by the end, a
/// timing line, a cue number or identifier before one, or a `NOTE`.
fn ends_block(lines: &[&str], i: usize) -> bool {
    let line = lines[i];
    if !line.trim().is_empty() {
        return false;
    }
    if line.is_empty() {
        return true;
    }
    let Some(next) = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty()) else {
        return true;
    };
    let next_line = lines[next].trim();
    next_line.contains("-->")
        || next_line.starts_with("NOTE")
        || lines
            .get(next + 1)
            .is_some_and(|after| after.contains("-->"))
}

/// The start of a timing line `00:01:02.500 --> 00:01:04.000` (WebVTT) or
/// `00:01:02,500 --> ...` (SRT), in milliseconds.
fn parse_timing(line: &str) -> Option<u64> {
    let (start, end) = line.split_once("-->")?;
    let start = parse_time(start.trim())?;
    let end = parse_time(end.split_whitespace().next()?)?;
    (end >= start).then_some(start)
}

/// `hh:mm:ss.ttt`, `mm:ss.ttt` or with a comma before the milliseconds.
fn parse_time(s: &str) -> Option<u64> {
    let (clock, frac) = s.split_once(['.', ',']).unwrap_or((s, "0"));
    let mut parts = clock.split(':').rev();
    let secs: u64 = parts.next()?.parse().ok()?;
    let mins: u64 = parts.next()?.parse().ok()?;
    let hours: u64 = match parts.next() {
        Some(h) => h.parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() || secs > 59 || mins > 59 || frac.len() > 3 {
        return None;
    }
    let millis: u64 = format!("{frac:0<3}").parse().ok()?;
    Some(((hours * 60 + mins) * 60 + secs) * 1000 + millis)
}

/// The turns being assembled.
#[derive(Debug, Default)]
struct Captions {
    builder: TextBuilder,
    timecodes: Vec<Timecode>,
    warnings: Vec<(usize, String)>,
    /// The last words written, for the roll-up overlap.
    recent: Vec<String>,
    /// The time of the latest cue, for a cue without one.
    last_time: Option<u64>,
    speakers: Vec<SpeakerMark>,
}

impl Captions {
    /// Adds the payload lines of one cue starting at `millis`.
    fn cue(&mut self, millis: Option<u64>, payload: &[&str]) {
        let millis = millis.or(self.last_time);
        self.last_time = millis;
        // The words of all the cue's lines as one run: a roll-up cue
        // repeats the lines before its last, which only the whole cue matches.
        let mut all: Vec<Piece> = Vec::new();
        for line in payload {
            for piece in pieces(line) {
                match (all.last_mut(), piece) {
                    (Some(Piece::Words(run)), Piece::Words(more)) => {
                        run.push(' ');
                        run.push_str(&more);
                    }
                    (_, piece) => all.push(piece),
                }
            }
        }
        for piece in all {
            match piece {
                Piece::Speaker(name) => {
                    self.builder.end_paragraph();
                    self.recent.clear();
                    self.mark(millis);
                    // The name as the file writes it, one space between
                    // words: exactly what the text holds before the colon.
                    let name = name
                        .split(|c: char| c.is_whitespace() || c.is_control())
                        .filter(|w| !w.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ");
                    let name: String = name.chars().filter(|c| !super::is_unsafe(*c)).collect();
                    if !name.is_empty() {
                        self.speakers.push(SpeakerMark {
                            offset: self.builder.offset(),
                            name: name.clone(),
                        });
                        self.builder.push_words(&format!("{name}:"));
                    }
                }
                Piece::Sound(tag) => {
                    self.builder.end_paragraph();
                    self.mark(millis);
                    self.builder.push_words(&tag);
                    self.builder.end_paragraph();
                    self.recent.clear();
                }
                Piece::Words(text) => self.words(millis, &text),
            }
        }
    }

    /// Records the time of a paragraph about to start.
    fn mark(&mut self, millis: Option<u64>) {
        if let Some(millis) = millis {
            let offset = self.builder.offset();
            match self.timecodes.last_mut() {
                Some(last) if last.offset == offset => last.millis = millis,
                _ => self.timecodes.push(Timecode { offset, millis }),
            }
        }
    }

    /// Appends spoken words, dropping those that repeat the end of what is
    /// already written (roll-up captions).
    fn words(&mut self, millis: Option<u64>, text: &str) {
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.is_empty() {
            return;
        }
        let overlap = (1..=words.len().min(self.recent.len()))
            .rev()
            .find(|&n| {
                let tail = &self.recent[self.recent.len() - n..];
                tail.iter().zip(&words[..n]).all(|(a, b)| same_word(a, b))
            })
            .unwrap_or(0);
        // A single repeated short word ("the the") may be speech; a roll-up
        // repeats whole lines.
        let overlap = if overlap == 1 && words.len() > 1 && self.recent.len() > 1 {
            0
        } else {
            overlap
        };
        let new = &words[overlap..];
        if new.is_empty() {
            return;
        }
        if !self.builder.is_open() {
            self.mark(millis);
        }
        for w in new {
            self.builder.push_words(w);
            self.recent.push((*w).to_string());
        }
        if self.recent.len() > ROLL_UP_WINDOW {
            self.recent.drain(..self.recent.len() - ROLL_UP_WINDOW);
        }
    }
}

fn same_word(a: &str, b: &str) -> bool {
    let trim = |s: &str| {
        s.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    trim(a) == trim(b)
}

/// A part of a cue line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// A new speaker: a voice span's name or a `>>` prefix (empty when the
    /// captions mark the change without a name).
    Speaker(String),
    /// `[APPLAUSE]`, `(laughter)`, `♪ ... ♪`.
    Sound(String),
    Words(String),
}

/// Splits a payload line into speakers, sound tags and words, with markup
/// removed and entities decoded.
fn pieces(line: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = line;
    // Voice spans and other tags.
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else {
            text.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &after[..close];
        if let Some(voice) = tag.strip_prefix('v').filter(|t| t.starts_with([' ', '.'])) {
            // `<v Name>` or `<v.loud Name>`: the name follows the first space;
            // files that give only a class (`<v.gatekeeper>`) name the voice by it.
            let name = match voice.split_once(' ') {
                Some((_, name)) => name.trim(),
                None => voice
                    .trim_start_matches('.')
                    .split('.')
                    .next()
                    .unwrap_or(""),
            };
            flush_words(&mut text, &mut out);
            out.push(Piece::Speaker(decode_entities(name)));
        }
        rest = &after[close + 1..];
    }
    text.push_str(rest);
    let text = decode_entities(&text);
    // `>>` speaker changes, each with an optional `NAME:`.
    let mut segments = text.split(">>");
    if let Some(first) = segments.next() {
        sounds(first, &mut out);
    }
    for segment in segments {
        let segment = segment.trim_start();
        let (name, body) = match segment.split_once(':') {
            Some((name, body)) if looks_like_name(name) => (name.trim().to_string(), body),
            _ => (String::new(), segment),
        };
        out.push(Piece::Speaker(name));
        sounds(body, &mut out);
    }
    out
}

fn flush_words(text: &mut String, out: &mut Vec<Piece>) {
    let decoded = decode_entities(text);
    sounds(&decoded, out);
    text.clear();
}

/// Splits bracketed sound tags from the words around them.
fn sounds(text: &str, out: &mut Vec<Piece>) {
    let mut rest = text;
    loop {
        let open = rest.find(['[', '(', '♪']);
        let Some(open) = open else { break };
        let closer = match rest[open..].chars().next() {
            Some('[') => ']',
            Some('(') => ')',
            _ => '♪',
        };
        let inner_start = open + rest[open..].chars().next().map_or(1, char::len_utf8);
        let Some(len) = rest[inner_start..].find(closer) else {
            break;
        };
        let end = inner_start + len + closer.len_utf8();
        let tag = &rest[open..end];
        let inner = &rest[inner_start..inner_start + len];
        // `(spoke in French)` or `(inaudible)` are sound tags; "(Country)"
        // after a name is not, and is kept: only lower-case or all-capital tags.
        let is_tag =
            closer != ')' || inner.chars().all(|c| !c.is_uppercase()) || is_all_caps(inner);
        if !is_tag {
            push_words(&rest[..end], out);
            rest = &rest[end..];
            continue;
        }
        push_words(&rest[..open], out);
        out.push(Piece::Sound(tag.to_string()));
        rest = &rest[end..];
    }
    push_words(rest, out);
}

fn push_words(text: &str, out: &mut Vec<Piece>) {
    if text.trim().is_empty() {
        return;
    }
    match out.last_mut() {
        Some(Piece::Words(w)) => {
            w.push(' ');
            w.push_str(text);
        }
        _ => out.push(Piece::Words(text.to_string())),
    }
}

fn is_all_caps(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

/// A `>> NAME:` prefix names at most a few words, with no sentence in it.
fn looks_like_name(name: &str) -> bool {
    let words = name.split_whitespace().count();
    (1..=6).contains(&words) && !name.contains(['?', '!', ',', ';'])
}

/// Decodes the character references captions use: `&amp;`, `&lt;`, `&gt;`,
/// `&nbsp;`, `&lrm;`, `&rlm;`, `&quot;`, `&apos;` and numeric ones.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                "lrm" | "rlm" => return Some((None, e)),
                _ => {
                    let code =
                        if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                            u32::from_str_radix(hex, 16).ok()?
                        } else {
                            name.strip_prefix('#')?.parse().ok()?
                        };
                    char::from_u32(code)?
                }
            };
            Some((Some(c), e))
        });
        match decoded {
            Some((c, e)) => {
                out.extend(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Gives the turns of a caption document the speakers its captions name:
/// a turn starts at each [`SpeakerMark`] (the parser's turn is split there
/// if it ran on), with the name as written, the role the speaker labels give
/// (a delegation or group the registry knows, under its canonical name; a
/// chair's title) and otherwise an unknown role: a caption's name says who
/// speaks, not what they are.
pub fn attribute(doc: &mut Document, marks: &[SpeakerMark], registry: &Registry) {
    let marks: Vec<&SpeakerMark> = marks
        .iter()
        .filter(|m| {
            doc.text
                .get(m.offset..)
                .and_then(|t| t.strip_prefix(m.name.as_str()))
                .is_some_and(|t| t.starts_with(':'))
        })
        .collect();
    if marks.is_empty() {
        return;
    }
    for i in 0..doc.agenda_items.len() {
        let turns = std::mem::take(&mut doc.agenda_items[i].turns);
        let mut out = Vec::with_capacity(turns.len());
        for turn in turns {
            let inside: Vec<&SpeakerMark> = marks
                .iter()
                .copied()
                .filter(|m| turn.range.start <= m.offset && m.offset < turn.range.end)
                .collect();
            let Some(first) = inside.first() else {
                out.push(turn);
                continue;
            };
            // What precedes the first name keeps the parser's attribution.
            let before: Vec<Range<usize>> = turn
                .paragraphs
                .iter()
                .filter(|p| p.end <= first.offset)
                .collect();
            if let Some(last) = before.last() {
                let mut kept = turn.clone();
                kept.range.end = last.end;
                kept.paragraphs = before.into();
                out.push(kept);
            }
            for (k, mark) in inside.iter().enumerate() {
                let end = inside.get(k + 1).map_or(turn.range.end, |n| n.offset);
                let label_end = mark.offset + mark.name.len() + 1;
                let body = label_end
                    + doc.text[label_end..]
                        .find(|c: char| !c.is_whitespace())
                        .unwrap_or(0);
                let paragraphs: Vec<Range<usize>> = turn
                    .paragraphs
                    .iter()
                    .filter(|p| p.end > mark.offset && p.start < end)
                    .map(|p| p.start.max(body)..p.end.min(end))
                    .filter(|p| p.start < p.end)
                    .collect();
                if let Some(turn) = named_turn(doc, mark, label_end, paragraphs, registry) {
                    out.push(turn);
                }
            }
        }
        doc.agenda_items[i].turns = out;
    }
}

/// The turn a caption's name opens; `None` when no words follow the name.
fn named_turn(
    doc: &Document,
    mark: &SpeakerMark,
    label_end: usize,
    paragraphs: Vec<Range<usize>>,
    registry: &Registry,
) -> Option<Turn> {
    let end = paragraphs.last()?.end;
    let named = speakers::label(&mark.name, registry);
    let (speaker, role, person) = match named {
        Some(n) if n.entry.is_some() => (n.speaker, n.role, None),
        Some(n) => (mark.name.clone(), n.role, n.person),
        None => (mark.name.clone(), Role::Unknown, None),
    };
    let line = doc.line_at(mark.offset);
    let mut turn = Turn::new(speaker, role, Attribution::Prefix, mark.offset..end, line);
    turn.set_person(person);
    turn.confidence = 0.95;
    turn.evidence = Some(Evidence::new(line, mark.offset..label_end, false));
    turn.paragraphs = paragraphs.into();
    Some(turn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(src: &str) -> Extracted {
        extract(src.as_bytes()).unwrap()
    }

    #[test]
    fn voices_and_gt_prefixes_become_name_prefixes() {
        let vtt = "WEBVTT\n\nNOTE a comment\nthat spans lines\n\n1\n00:00:01.000 --> 00:00:03.000\n<v Jane Doe>Good morning.</v>\n\n2\n00:00:04.000 --> 00:00:06.000\n&gt;&gt; JOHN SMITH: Thank you &amp; welcome.\n";
        let got = text(vtt);
        // Names as written: a voice span's mixed case, a live caption's capitals.
        assert_eq!(
            got.text,
            "Jane Doe: Good morning.\n\nJOHN SMITH: Thank you & welcome.\n"
        );
        assert_eq!(got.timecodes[1].millis, 4000);
        assert_eq!(&got.text[got.timecodes[1].offset..][..4], "JOHN");
        let marks: Vec<(usize, &str)> = got
            .speakers
            .iter()
            .map(|m| (m.offset, m.name.as_str()))
            .collect();
        assert_eq!(marks, [(0, "Jane Doe"), (25, "JOHN SMITH")]);
    }

    #[test]
    fn roll_up_cues_give_each_word_once() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\n>> CHAIR: We now turn\n\n2\n00:00:02,000 --> 00:00:03,000\nWe now turn\nto agenda item five.\n\n3\n00:00:03,000 --> 00:00:04,000\nto agenda item five.\n[APPLAUSE]\n";
        let got = text(srt);
        assert_eq!(
            got.text,
            "CHAIR: We now turn to agenda item five.\n\n[APPLAUSE]\n"
        );
    }

    #[test]
    fn broken_timings_warn_and_keep_the_text() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\nHello there.\n\n2\n00:00:99,000 --> garbage\nStill here.\n";
        let got = text(srt);
        assert!(got.text.contains("Still here."));
        assert!(
            got.warnings[0].1.contains("broken cue timing"),
            "{:?}",
            got.warnings
        );
    }

    #[test]
    fn a_timing_line_inside_a_cue_opens_the_next_one() {
        let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOne.\n00:00:03.000 --> 00:00:04.000\nTwo.\n\n00:00:05.000 --> 00:00:06.000\nThree. >>\n";
        let got = text(vtt);
        assert_eq!(got.text, "One. Two. Three.\n");
        assert!(got.warnings.is_empty(), "{:?}", got.warnings);
        assert!(got.timecodes.iter().all(|t| t.offset < got.text.len()));
    }

    #[test]
    fn times_parse_in_both_notations() {
        assert_eq!(parse_time("01:02:03.004"), Some(3_723_004));
        assert_eq!(parse_time("02:03,5"), Some(123_500));
        assert_eq!(parse_time("1:99:00.000"), None);
    }
}
