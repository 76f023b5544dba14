//! Exports of tagged segments: Markdown report, CSV, REFI-QDA (`.qdpx`
//! project and `.qdc` codebook). Pure functions from documents with their
//! annotations to bytes.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::annotate::{Annotations, Codebook, Tag};
use crate::geometry::TurnIndex;
use crate::model::Document;

/// A document with its annotations (corrections applied).
pub struct Annotated {
    pub doc: Document,
    pub ann: Annotations,
}

/// One tagged segment with what a report cites.
pub struct Segment<'a> {
    pub doc: &'a Document,
    pub tag: &'a Tag,
    pub agenda_item: Option<&'a str>,
    pub speaker: &'a str,
    pub role: &'static str,
    /// 0 for an orphaned tag: its text is gone, it has no place.
    pub line: u32,
    /// The tag's text is no longer in the transcript.
    pub orphaned: bool,
    /// When the turn holding the tag began (documents from captions).
    pub start_time: Option<crate::model::Timecode>,
}

/// Removes what a terminal would act on (control characters but newline
/// and tab, bidi controls) from text that did not come through ingest
/// (notes, authors).
pub fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            let control = c.is_control() && c != '\n' && c != '\t';
            let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            !control && !bidi
        })
        .collect()
}

/// Text for one line of output (a file name, an id, an author, a message
/// about them): cleaned as [`clean`], line breaks and tabs shown as `\n`
/// and `\t`.
pub fn one_line(s: &str) -> String {
    clean(s).replace('\n', "\\n").replace('\t', "\\t")
}

/// Every tag of every document, in document and text order; orphaned tags
/// are included (flagged, without speaker or line), never dropped.
pub fn segments(docs: &[Annotated]) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    for a in docs {
        let index = TurnIndex::new(&a.doc);
        let mut line_of = crate::model::LineCounter::new(&a.doc.text);
        for tag in &a.ann.tags {
            if tag.orphaned {
                out.push(Segment {
                    doc: &a.doc,
                    tag,
                    agenda_item: None,
                    speaker: "",
                    role: "",
                    line: 0,
                    orphaned: true,
                    start_time: None,
                });
                continue;
            }
            let at = tag.target.start;
            let place = index.locate(at);
            let found =
                place
                    .as_ref()
                    .map_or((None, crate::ingest::UNKNOWN_SPEAKER, "unknown"), |p| {
                        let turn = p.turn_of(&a.doc);
                        (
                            p.agenda_item(&a.doc).title.as_deref(),
                            &turn.speaker,
                            turn.role.as_str(),
                        )
                    });
            let start_time = place.and_then(|p| a.doc.start_time(p.turn_of(&a.doc)));
            out.push(Segment {
                doc: &a.doc,
                tag,
                agenda_item: found.0,
                speaker: found.1,
                role: found.2,
                line: line_of.line_at(at),
                orphaned: false,
                start_time,
            });
        }
    }
    out
}

/// The Markdown report: by theme (codebook order), then speaker, each
/// quote with its note and reference.
pub fn markdown(docs: &[Annotated], book: &Codebook) -> String {
    let segs = segments(docs);
    // The first line tells floor's loader this is its own export.
    let mut out = format!("{}\n# Tagged segments\n", crate::ingest::EXPORT_MARK);
    for theme in &book.themes {
        let mine: Vec<&Segment> = segs
            .iter()
            .filter(|s| !s.orphaned && s.tag.themes.contains(&theme.id))
            .collect();
        if mine.is_empty() {
            continue;
        }
        let _ = write!(out, "\n## {} ({})\n", theme.label, mine.len());
        let mut speakers: Vec<&str> = mine.iter().map(|s| s.speaker).collect();
        speakers.sort_unstable();
        speakers.dedup();
        for speaker in speakers {
            let _ = write!(out, "\n### {}\n\n", clean(speaker));
            for s in mine.iter().filter(|s| s.speaker == speaker) {
                let quote = clean(&s.tag.target.quote)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let _ = writeln!(out, "> {quote}\n");
                let _ = write!(out, "— {}", s.doc.id);
                if let Some(item) = s.agenda_item {
                    let _ = write!(out, ", {}", clean(item));
                }
                let _ = writeln!(out, ", line {}\n", s.line);
                if !s.tag.note.is_empty() {
                    let note = clean(&s.tag.note).replace('\n', "\n  ");
                    let _ = writeln!(out, "Note: {note}\n");
                }
            }
        }
    }
    let orphans: Vec<&Segment> = segs.iter().filter(|s| s.orphaned).collect();
    if !orphans.is_empty() {
        let _ = write!(
            out,
            "\n## Orphaned tags ({})\n\nTheir text is no longer in the transcript; they are kept in the annotation files.\n\n",
            orphans.len()
        );
        for s in orphans {
            let quote = clean(&s.tag.target.quote)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let _ = writeln!(out, "> {quote}\n");
            let _ = writeln!(
                out,
                "— {}, themes: {}\n",
                clean(&s.doc.id),
                s.tag.themes.join(", ")
            );
            if !s.tag.note.is_empty() {
                let note = clean(&s.tag.note).replace('\n', "\n  ");
                let _ = writeln!(out, "Note: {note}\n");
            }
        }
    }
    out
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 13] = [
    "document",
    "agenda_item",
    "speaker",
    "role",
    "theme",
    "quote",
    "note",
    "author",
    "start_line",
    "byte_start",
    "byte_end",
    "orphaned",
    "start_time",
];

fn csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// CSV (RFC 4180, CRLF row ends): one row per tagged segment and theme.
pub fn csv(docs: &[Annotated]) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for s in segments(docs) {
        for theme in &s.tag.themes {
            let fields = [
                s.doc.id.clone(),
                s.agenda_item.unwrap_or("").to_owned(),
                s.speaker.to_owned(),
                s.role.to_owned(),
                theme.clone(),
                s.tag.target.quote.clone(),
                s.tag.note.clone(),
                s.tag.author.clone(),
                s.line.to_string(),
                s.tag.target.start.to_string(),
                s.tag.target.end.to_string(),
                s.orphaned.to_string(),
                s.start_time.map(|t| t.clock()).unwrap_or_default(),
            ];
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                csv_field(&mut out, &clean(f));
            }
            out.push_str("\r\n");
        }
    }
    out
}

/// A GUID derived from a name (FNV-1a 128 of it), so exports are
/// reproducible.
pub fn guid(name: &str) -> String {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for b in name.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013B);
    }
    let x = format!("{h:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &x[..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..]
    )
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

fn codes_xml(out: &mut String, book: &Codebook) {
    out.push_str("<Codes>");
    for theme in book.themes.iter().filter(|t| t.parent.is_none()) {
        code_xml(out, book, theme);
    }
    out.push_str("</Codes>");
}

fn code_xml(out: &mut String, book: &Codebook, theme: &crate::annotate::Theme) {
    let c = theme.colour;
    let _ = write!(
        out,
        "<Code guid=\"{}\" name=\"{}\" isCodable=\"true\" color=\"#{:02X}{:02X}{:02X}\">",
        guid(&format!("theme:{}", theme.id)),
        esc(&theme.label),
        c.0,
        c.1,
        c.2
    );
    if !theme.description.is_empty() {
        let _ = write!(
            out,
            "<Description>{}</Description>",
            esc(&theme.description)
        );
    }
    for child in book
        .themes
        .iter()
        .filter(|t| t.parent.as_deref() == Some(theme.id.as_str()))
    {
        code_xml(out, book, child);
    }
    out.push_str("</Code>");
}

/// The stand-alone codebook (`.qdc`), valid against `Codebook.xsd`.
pub fn qdc(book: &Codebook) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"floor\">",
    );
    codes_xml(&mut out, book);
    out.push_str("</CodeBook>\n");
    out
}

/// Byte offset → code point offset in `text`.
pub fn code_points(text: &str, byte: usize) -> usize {
    text.get(..byte)
        .map_or_else(|| text.chars().count(), |s| s.chars().count())
}

/// The `project.qde` of a `.qdpx`: codebook, one case per delegation,
/// each document a text source (`sources/<GUID>.txt`) with its tags as
/// selections and codings, notes as notes. Returns the XML and the sources
/// to embed (file name, text).
pub fn qde(docs: &[Annotated], book: &Codebook) -> (String, Vec<(String, String)>) {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"floor export\" origin=\"floor\">",
    );
    // Users.
    let mut authors: Vec<&str> = docs
        .iter()
        .flat_map(|a| a.ann.tags.iter().map(|t| t.author.as_str()))
        .collect();
    authors.sort_unstable();
    authors.dedup();
    if !authors.is_empty() {
        out.push_str("<Users>");
        for a in &authors {
            let _ = write!(
                out,
                "<User guid=\"{}\" name=\"{}\"/>",
                guid(&format!("user:{a}")),
                esc(a)
            );
        }
        out.push_str("</Users>");
    }
    out.push_str("<CodeBook>");
    codes_xml(&mut out, book);
    out.push_str("</CodeBook>");
    // Cases: delegations and their selections.
    let segs = segments(docs);
    let mut cases: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for s in &segs {
        if s.role == "delegation" || s.role == "group" || s.role == "observer" {
            cases
                .entry(s.speaker)
                .or_default()
                .push(guid(&format!("tag:{}:{}", s.doc.id, s.tag.id)));
        }
    }
    if !cases.is_empty() {
        out.push_str("<Cases>");
        for (name, refs) in &cases {
            let _ = write!(
                out,
                "<Case guid=\"{}\" name=\"{}\">",
                guid(&format!("case:{name}")),
                esc(name)
            );
            for r in refs {
                let _ = write!(out, "<SelectionRef targetGUID=\"{r}\"/>");
            }
            out.push_str("</Case>");
        }
        out.push_str("</Cases>");
    }
    let mut files = Vec::new();
    let mut notes = Vec::new();
    if !docs.is_empty() {
        out.push_str("<Sources>");
    }
    for a in docs {
        let doc = &a.doc;
        let source = guid(&format!("doc:{}", doc.id));
        let _ = write!(
            out,
            "<TextSource guid=\"{source}\" name=\"{}\" plainTextPath=\"internal://{source}.txt\">",
            esc(&doc.id)
        );
        for tag in a.ann.tags.iter().filter(|t| !t.orphaned) {
            let id = guid(&format!("tag:{}:{}", doc.id, tag.id));
            let user = guid(&format!("user:{}", tag.author));
            let _ = write!(
                out,
                "<PlainTextSelection guid=\"{id}\" name=\"{}\" startPosition=\"{}\" endPosition=\"{}\" creatingUser=\"{user}\">",
                esc(&tag.target.quote.chars().take(60).collect::<String>()),
                code_points(&doc.text, tag.target.start),
                code_points(&doc.text, tag.target.end),
            );
            for theme in &tag.themes {
                let _ = write!(
                    out,
                    "<Coding guid=\"{}\" creatingUser=\"{user}\"><CodeRef targetGUID=\"{}\"/></Coding>",
                    guid(&format!("coding:{}:{}:{theme}", doc.id, tag.id)),
                    guid(&format!("theme:{theme}"))
                );
            }
            if !tag.note.is_empty() {
                let note = guid(&format!("note:{}:{}", doc.id, tag.id));
                let _ = write!(out, "<NoteRef targetGUID=\"{note}\"/>");
                notes.push((note, tag.note.clone()));
            }
            out.push_str("</PlainTextSelection>");
        }
        out.push_str("</TextSource>");
        files.push((format!("{source}.txt"), clean(&doc.text)));
    }
    if !docs.is_empty() {
        out.push_str("</Sources>");
    }
    if !notes.is_empty() {
        out.push_str("<Notes>");
        for (id, text) in notes {
            let _ = write!(
                out,
                "<Note guid=\"{id}\"><PlainTextContent>{}</PlainTextContent></Note>",
                esc(&text)
            );
        }
        out.push_str("</Notes>");
    }
    out.push_str("</Project>\n");
    (out, files)
}

/// The `.qdpx` archive: `project.qde` and `sources/<GUID>.txt`.
pub fn qdpx(docs: &[Annotated], book: &Codebook, out: impl Write + io::Seek) -> io::Result<()> {
    use zip::write::SimpleFileOptions;
    let (project, files) = qde(docs, book);
    let mut zip = zip::ZipWriter::new(out);
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    zip.start_file("project.qde", options)
        .map_err(io::Error::other)?;
    zip.write_all(project.as_bytes())?;
    for (name, text) in files {
        zip.start_file(format!("sources/{name}"), options)
            .map_err(io::Error::other)?;
        zip.write_all(text.as_bytes())?;
    }
    zip.finish().map_err(io::Error::other)?;
    Ok(())
}
