//! Word documents (`.docx`): the paragraphs of `word/document.xml`.
//!
//! A paragraph styled as a title or heading becomes a Markdown `#` heading
//! (an agenda item or the title to the parser); a bold run ending in a colon
//! at the start of a paragraph is a speaker label, written `Name: text`, and
//! a paragraph that is nothing but such a label is joined to the next one.
//! The zip is read with a limit on what it may decompress to, so a zip bomb
//! costs a warning, not the machine's memory.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{Extracted, TextBuilder};

/// The most `word/document.xml` may decompress to (a long verbatim record
/// is a few megabytes).
pub const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// Extracts the paragraphs of a DOCX file.
pub fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable DOCX (zip) file: {e}"))?;
    let mut entry = archive
        .by_name("word/document.xml")
        .map_err(|_| "not a Word document: no word/document.xml inside".to_string())?;
    if entry.encrypted() {
        return Err("encrypted DOCX; save it without a password first".into());
    }
    if entry.size() > MAX_XML_BYTES {
        return Err(too_big());
    }
    let mut xml = Vec::new();
    (&mut entry)
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| format!("corrupt DOCX: {e}"))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(too_big());
    }
    paragraphs(&xml)
}

fn too_big() -> String {
    format!(
        "DOCX decompresses past {} MB (a zip bomb?); skipped",
        MAX_XML_BYTES / (1024 * 1024)
    )
}

/// One paragraph of the document as read.
#[derive(Debug, Default)]
struct Para {
    heading: Option<usize>,
    /// The text of the leading bold runs.
    bold_lead: String,
    /// Whether every run so far was bold.
    all_bold: bool,
    text: String,
}

/// Reads the paragraphs (`w:p`) of `word/document.xml`.
fn paragraphs(xml: &[u8]) -> Result<Extracted, String> {
    let mut reader = Reader::from_reader(xml);
    let mut out = TextBuilder::default();
    let mut buf = Vec::new();
    let mut para: Option<Para> = None;
    let mut bold = false;
    let mut in_text = false;
    let mut in_run_props = false;
    // A label paragraph waiting for the paragraph it introduces.
    let mut pending_label: Option<String> = None;
    let mut warnings = Vec::new();
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => {
                warnings.push((
                    1,
                    format!(
                        "DOCX XML broken at byte {}: {e}; the rest is missing",
                        reader.buffer_position()
                    ),
                ));
                break;
            }
        };
        match event {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    "p" if !empty => {
                        para = Some(Para {
                            all_bold: true,
                            ..Para::default()
                        });
                    }
                    "pStyle" => {
                        if let (Some(p), Some(val)) = (para.as_mut(), attr(e, "val")) {
                            p.heading = heading_level(&val);
                        }
                    }
                    "r" if !empty => bold = false,
                    "rPr" if !empty => in_run_props = true,
                    "b" if in_run_props => {
                        bold = !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"));
                    }
                    "t" if !empty => in_text = true,
                    "tab" if !in_run_props => push_run(para.as_mut(), "\t", bold),
                    "br" | "cr" => push_run(para.as_mut(), " ", bold),
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                push_run(para.as_mut(), &t.xml10_content(), bold);
            }
            Event::GeneralRef(r) if in_text => {
                let decoded = super::captions::decode_entities(&format!("&{};", &*r));
                push_run(para.as_mut(), &decoded, bold);
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "rPr" => in_run_props = false,
                "p" => {
                    if let Some(p) = para.take() {
                        write_paragraph(p, &mut out, &mut pending_label);
                    }
                }
                _ => {}
            },
            _ => {}
        }
        buf.clear();
    }
    if let Some(label) = pending_label {
        out.push_words(&label);
    }
    Ok(Extracted {
        text: out.finish(),
        warnings,
        ..Extracted::default()
    })
}

fn push_run(para: Option<&mut Para>, text: &str, bold: bool) {
    let Some(p) = para else { return };
    if bold && p.all_bold {
        p.bold_lead.push_str(text);
    } else if !text.trim().is_empty() {
        p.all_bold = false;
    }
    p.text.push_str(text);
}

fn write_paragraph(p: Para, out: &mut TextBuilder, pending_label: &mut Option<String>) {
    let text = p.text.trim();
    if text.is_empty() {
        return;
    }
    if let Some(level) = p.heading {
        if let Some(label) = pending_label.take() {
            out.push_words(&label);
            out.end_paragraph();
        }
        out.push_words(&"#".repeat(level));
        out.push_words(text);
        out.end_paragraph();
        return;
    }
    let lead = p.bold_lead.trim();
    // A label alone in its paragraph introduces the next one.
    if p.all_bold && lead.ends_with(':') && lead.len() <= 120 {
        if let Some(label) = pending_label.replace(lead.to_string()) {
            out.push_words(&label);
            out.end_paragraph();
        }
        return;
    }
    if let Some(label) = pending_label.take() {
        out.push_words(&label);
    }
    out.push_words(text);
    out.end_paragraph();
}

/// `Heading1`, `heading 2`, `Title`, `Titre1` (localised Word) as a level.
fn heading_level(style: &str) -> Option<usize> {
    let s = style.to_ascii_lowercase();
    if s == "title" || s == "titre" {
        return Some(1);
    }
    let digits = s
        .strip_prefix("heading")
        .or_else(|| s.strip_prefix("titre"))
        .or_else(|| s.strip_prefix("berschrift"))?;
    let level: usize = digits.trim().parse().ok()?;
    (1..=6).contains(&level).then_some(level)
}

fn attr(e: &quick_xml::events::BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (a.key.local_name().as_ref() == local).then(|| a.value.into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn headings_bold_labels_and_entities() {
        let xml = format!(
            r#"<w:document {W}><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Agenda item 5</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>The Chair:</w:t></w:r><w:r><w:t xml:space="preserve"> I give the floor to Egypt &amp; Chile.</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Mr. Roe (France):</w:t></w:r></w:p>
<w:p><w:r><w:t>We agree.</w:t></w:r></w:p>
</w:body></w:document>"#
        );
        let got = paragraphs(xml.as_bytes()).unwrap();
        assert_eq!(
            got.text,
            "# Agenda item 5\n\nThe Chair: I give the floor to Egypt & Chile.\n\nMr. Roe (France): We agree.\n"
        );
    }

    #[test]
    fn not_a_zip_is_an_error() {
        assert!(extract(b"PK\x03\x04garbage").unwrap_err().contains("DOCX"));
    }
}
