//! Property test: stats, CSV, JSON, Markdown and the reader's theme index
//! give the same numbers — tags per theme and per speaker and theme — on
//! generated documents with interjections inside turns, gaps between turns,
//! and tags that cross a turn boundary or start before the first turn.

use std::collections::BTreeMap;
use std::sync::Arc;

use floor::annotate::{self, Annotations, Codebook, Location};
use floor::export::report::{self, Annotated};
use floor::ingest::UNKNOWN_SPEAKER;
use floor::model::{AgendaItem, AgendaSource, Attribution, Document, Role, Turn};
use floor::tui::corpus_views::ViewKind;
use floor::tui::keymap::KeyMap;
use floor::tui::{App, Options};
use proptest::prelude::*;

const THEMES: [(&str, &str); 3] = [
    ("alpha", "Alpha theme"),
    ("beta", "Beta theme"),
    ("gamma", "Gamma theme"),
];
const SPEAKERS: [&str; 4] = ["Egypt", "France", "Chair", "Peru"];

fn codebook() -> Codebook {
    let mut src = String::new();
    for (id, label) in THEMES {
        src.push_str(&format!(
            "[[theme]]\nid = \"{id}\"\nlabel = \"{label}\"\ncolour = \"#336699\"\n"
        ));
    }
    Codebook::parse(&src).unwrap()
}

/// A turn as generated: a gap before it, its length, its speaker, an
/// optional interjection (offset and length inside it) and whether an
/// agenda item starts with it.
type TurnSpec = (usize, usize, usize, Option<(usize, usize, usize)>, bool);
/// A tag: where it starts (per mille of the text), its length and themes.
type TagSpec = (usize, usize, Vec<usize>);

fn turn(speaker: &str, range: std::ops::Range<usize>, interjection: bool) -> Turn {
    let mut turn = Turn::new(
        speaker,
        Role::Delegation,
        Attribution::Label,
        range.clone(),
        1,
    );
    turn.confidence = 1.0;
    turn.interjection = interjection;
    turn.paragraphs.push(range);
    turn
}

fn document(n: usize, turns: &[TurnSpec]) -> Document {
    let mut items: Vec<AgendaItem> = Vec::new();
    let mut at = 0;
    for (k, &(gap, len, speaker, inner, new_item)) in turns.iter().enumerate() {
        let start = at + gap;
        let end = start + len;
        if items.is_empty() || new_item {
            items.push(AgendaItem {
                title: Some(format!("Item {k}")),
                number: None,
                source: AgendaSource::Heading,
                start_line: 1,
                turns: Vec::new(),
            });
        }
        let item = items.last_mut().unwrap();
        item.turns.push(turn(SPEAKERS[speaker], start..end, false));
        // The parser puts an interjection after the turn around it.
        if let Some((off, ilen, who)) = inner {
            let s = start + off % len;
            let e = (s + ilen).min(end);
            if e > s {
                item.turns.push(turn(SPEAKERS[who], s..e, true));
            }
        }
        at = end;
    }
    let len = at + 20;
    let text: String = (0..len)
        .map(|i| {
            if i % 7 == 6 {
                ' '
            } else {
                (b'a' + (i % 26) as u8) as char
            }
        })
        .collect();
    Document {
        id: format!("doc-{n}"),
        path: format!("/nonexistent-floor-test/doc-{n}.txt").into(),
        title: format!("Document {n}"),
        text,
        agenda_items: items,
        ..Default::default()
    }
}

fn annotated(doc: Document, tags: &[TagSpec]) -> Annotated {
    let mut ann = Annotations::new(&doc);
    let len = doc.text.len();
    for (k, (at, tlen, themes)) in tags.iter().enumerate() {
        let start = at * len / 1000;
        let end = (start + tlen).min(len);
        if end <= start {
            continue;
        }
        let mut themes: Vec<String> = themes.iter().map(|&t| THEMES[t].0.to_string()).collect();
        themes.dedup();
        let mut tag = annotate::new_tag(&doc, start..end, themes, "tester");
        tag.id = format!("tag-{k}");
        ann.insert_tag(Arc::new(tag));
    }
    Annotated { doc, ann }
}

/// Theme id → count, and speaker → theme id → count.
#[derive(Debug, Default, PartialEq, Eq)]
struct Numbers {
    themes: BTreeMap<String, usize>,
    speakers: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Numbers {
    fn add(&mut self, speaker: &str, theme: &str) {
        *self.themes.entry(theme.into()).or_default() += 1;
        *self
            .speakers
            .entry(speaker.into())
            .or_default()
            .entry(theme.into())
            .or_default() += 1;
    }
}

fn from_stats(docs: &[Annotated]) -> Numbers {
    let mut stats = floor::export::stats::Stats::default();
    for a in docs {
        floor::export::stats::add_document(&mut stats, &a.doc, &a.ann);
    }
    Numbers {
        themes: stats.themes,
        speakers: stats.speaker_themes,
    }
}

fn from_csv(docs: &[Annotated]) -> Numbers {
    let mut out = Numbers::default();
    // Quotes and notes hold no comma, quote or newline here.
    for line in report::csv(docs).split("\r\n").skip(1) {
        if line.is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split(',').collect();
        out.add(f[2], f[4]);
    }
    out
}

fn from_json(docs: &[Annotated]) -> Numbers {
    let mut out = Numbers::default();
    for a in docs {
        let json =
            serde_json::to_value(floor::export::json::document_annotated(&a.doc, &a.ann)).unwrap();
        let mut count = |speaker: &str, tags: &serde_json::Value| {
            for tag in tags.as_array().into_iter().flatten() {
                for theme in tag["themes"].as_array().unwrap() {
                    out.add(speaker, theme.as_str().unwrap());
                }
            }
        };
        count(UNKNOWN_SPEAKER, &json["tags"]);
        for item in json["agenda_items"].as_array().unwrap() {
            for turn in item["turns"].as_array().unwrap() {
                count(turn["speaker"].as_str().unwrap(), &turn["tags"]);
            }
        }
    }
    out
}

fn from_markdown(docs: &[Annotated], book: &Codebook) -> Numbers {
    let mut out = Numbers::default();
    let md = report::markdown(docs, book);
    let (mut theme, mut speaker) = (None, None);
    for line in md.lines() {
        if let Some(head) = line.strip_prefix("## ") {
            let label = head.rsplit_once(" (").unwrap().0;
            theme = book
                .themes
                .iter()
                .find(|t| t.label == label)
                .map(|t| t.id.clone());
        } else if let Some(name) = line.strip_prefix("### ") {
            speaker = Some(name.to_string());
        } else if line.starts_with("> ") {
            out.add(speaker.as_deref().unwrap(), theme.as_deref().unwrap());
        }
    }
    out
}

/// The theme index (counts beside each theme) and the speaker × theme
/// table of the reader.
fn from_reader(docs: &[Annotated], book: &Codebook) -> Numbers {
    let mut app = App::new(KeyMap::default(), Options::default());
    app.session.set_codebook(book.clone(), "tester".into());
    for a in docs {
        let location = Location::of(&a.doc);
        app.add_annotated(a.doc.clone(), Some((a.ann.clone(), location)));
    }
    let mut out = Numbers::default();
    app.open_corpus_view(ViewKind::Themes);
    for (id, _, n) in &app.views.index.choices {
        if *n > 0 {
            out.themes.insert(id.clone(), *n);
        }
    }
    app.open_corpus_view(ViewKind::Table);
    for (speaker, cells) in &app.views.table.rows {
        for ((id, _), &n) in app.views.table.themes.iter().zip(cells) {
            if n > 0 {
                out.speakers
                    .entry(speaker.clone())
                    .or_default()
                    .insert(id.clone(), n as usize);
            }
        }
    }
    out
}

fn turn_spec() -> impl Strategy<Value = TurnSpec> {
    (
        0usize..30,
        1usize..120,
        0..SPEAKERS.len(),
        prop::option::of((0usize..200, 1usize..30, 0..SPEAKERS.len())),
        prop::bool::weighted(0.2),
    )
}

fn tag_spec() -> impl Strategy<Value = TagSpec> {
    (
        0usize..1000,
        1usize..60,
        prop::collection::vec(0..THEMES.len(), 1..3),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn stats_exports_and_theme_index_agree(
        docs in prop::collection::vec(
            (prop::collection::vec(turn_spec(), 0..8), prop::collection::vec(tag_spec(), 0..12)),
            1..4,
        )
    ) {
        let book = codebook();
        let docs: Vec<Annotated> = docs
            .iter()
            .enumerate()
            .map(|(n, (turns, tags))| annotated(document(n, turns), tags))
            .collect();
        let stats = from_stats(&docs);
        prop_assert_eq!(&from_csv(&docs), &stats);
        prop_assert_eq!(&from_json(&docs), &stats);
        prop_assert_eq!(&from_markdown(&docs, &book), &stats);
        prop_assert_eq!(&from_reader(&docs, &book), &stats);
    }
}

/// A tag before the first turn belongs to nobody, in every output alike.
#[test]
fn a_tag_before_the_first_turn_counts_for_the_unknown_speaker() {
    let book = codebook();
    let doc = document(0, &[(30, 50, 0, None, false)]);
    let docs = vec![annotated(doc, &[(0, 10, vec![1])])];
    let stats = from_stats(&docs);
    assert_eq!(stats.speakers[UNKNOWN_SPEAKER]["beta"], 1);
    assert_eq!(from_json(&docs), stats);
    assert_eq!(from_reader(&docs, &book), stats);
}
