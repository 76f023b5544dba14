//! PDF records (verbatim and summary records, Hansard, statements): text in
//! reading order from the positioned text spans `pdf_oxide` reads.
//!
//! Per page: spans grouped into lines by baseline; lines sorted into columns
//! when the page is set in two (a line that crosses the gutter is full
//! width); lines in the top or bottom margin that repeat on other pages, page
//! numbers ("3", "Page 3 of 12", "- 3 -"), document symbols (`A/76/PV.3`,
//! `S/PV.9999`), job numbers (`21-26042 (E)`, `*2126042*`) and "Please
//! recycle" dropped as page furniture; text set smaller than the body is a
//! box (page 1's corrections notice) or, at the foot of a page, a footnote,
//! kept apart at the end of the document. Across all pages, lines are joined
//! into paragraphs (a new one at a first-line indent or a wider gap), words
//! hyphenated at a line end are rejoined (a real hyphen, "Timor-Leste",
//! "long-term", is kept, a soft one dropped), so a sentence that crosses a
//! page or a column reads straight through.
//!
//! One file, above the usual length, because it is one pass over one page
//! model: the line grouping, the zones and the paragraph joins share the
//! body size, the leading and the running lines they are judged against.

use std::collections::{HashMap, HashSet};

use pdf_oxide::PdfDocument;
use rayon::prelude::*;

use super::Extracted;

/// One line of text on a page, top-down coordinates.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
    size: f32,
    bold: bool,
    /// A row of a list set with leader dots (`Belgium . . . Mr. Name`): a
    /// paragraph of its own.
    row: bool,
}

/// What a line of the page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    Body,
    Footnote,
    Furniture,
}

/// Extracts the text of a PDF.
pub fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    let doc = PdfDocument::from_bytes(bytes.to_vec()).map_err(|e| describe(&e))?;
    let pages = doc.page_count().map_err(|e| describe(&e))?;
    let mut all: Vec<Vec<Line>> = Vec::with_capacity(pages);
    let mut heights = Vec::with_capacity(pages);
    let mut warnings = Vec::new();
    // Pages are read on the pool's threads (a 30-page record in about half
    // the time on two cores); a panic on one comes back here, to the
    // caller's catch.
    let read = |page: usize| {
        super::while_extracting(|| {
            let height = doc
                .get_page_media_box(page)
                .map_or(842.0, |(_, y0, _, y1)| (y1 - y0).abs().max(1.0));
            let spans = doc.extract_spans_with_reading_order(
                page,
                pdf_oxide::document::ReadingOrder::TopToBottom,
            );
            (height, spans.map(|spans| lines(spans, height)))
        })
    };
    let read: Vec<_> = if pages >= 4 {
        (0..pages).into_par_iter().map(read).collect()
    } else {
        (0..pages).map(read).collect()
    };
    for (page, (height, lines)) in read.into_iter().enumerate() {
        match lines {
            Ok(lines) => all.push(lines),
            Err(e) => {
                if doc.is_encrypted() {
                    return Err("encrypted PDF; floor cannot read it without the password".into());
                }
                warnings.push((
                    1,
                    format!("page {}: cannot read its text ({e}); skipped", page + 1),
                ));
                all.push(Vec::new());
            }
        }
        heights.push(height);
    }
    if all
        .iter()
        .all(|p| p.iter().all(|l| l.text.trim().is_empty()))
    {
        if doc.is_encrypted() {
            return Err("encrypted PDF; floor cannot read it without the password".into());
        }
        return Err("no text layer: run OCR first".into());
    }
    // pdf_oxide reads what it can of a truncated file; say that some is missing.
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        warnings.push((
            1,
            "the PDF seems truncated (no %%EOF at its end); its text may be incomplete".into(),
        ));
    }
    let mut out = Layout::new(&all);
    for (page, lines) in all.iter().enumerate() {
        out.page(page, lines, heights[page]);
    }
    Ok(Extracted {
        text: out.finish(),
        warnings,
        ..Extracted::default()
    })
}

fn describe(e: &pdf_oxide::error::Error) -> String {
    match e {
        pdf_oxide::error::Error::EncryptedPdf => {
            "encrypted PDF; floor cannot read it without the password".into()
        }
        e => format!("cannot read this PDF (corrupt or truncated?): {e}"),
    }
}

/// Groups a page's spans into lines, top to bottom, left to right.
fn lines(mut spans: Vec<pdf_oxide::layout::TextSpan>, height: f32) -> Vec<Line> {
    for s in &mut spans {
        // Tabs and backspaces right-align a page number or a date in UN
        // records (`"\u{8}3/12"`): they are space, never text.
        if s.text.contains(|c: char| c.is_control()) {
            s.text = s
                .text
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
        }
    }
    spans.retain(|s| {
        !s.text.trim().is_empty()
            && s.bbox.height.is_finite()
            && s.bbox.x.is_finite()
            && s.bbox.width.is_finite()
            && !is_margin_reference(s.text.trim())
    });
    let extents: Vec<(f32, f32)> = spans
        .iter()
        .map(|s| (s.bbox.x, s.bbox.x + s.bbox.width))
        .collect();
    let gutter = gutter(&extents);
    // pdf_oxide's boxes are in PDF space (y up): turn them top-down.
    let mut boxes: Vec<(f32, f32, &pdf_oxide::layout::TextSpan)> = spans
        .iter()
        .map(|s| {
            let bottom = height - s.bbox.y;
            let top = bottom - s.bbox.height.abs();
            (top, bottom, s)
        })
        .collect();
    boxes.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.2.bbox.x.total_cmp(&b.2.bbox.x)));
    let mut out: Vec<Line> = Vec::new();
    let mut current: Vec<(f32, f32, &pdf_oxide::layout::TextSpan)> = Vec::new();
    for b in boxes {
        let same = current.last().is_some_and(|c| {
            let tolerance = c.2.font_size.max(b.2.font_size).max(1.0) * 0.4;
            (c.1 - b.1).abs() <= tolerance
        });
        if !same && !current.is_empty() {
            out.extend(split_line(std::mem::take(&mut current), gutter));
        }
        current.push(b);
    }
    if !current.is_empty() {
        out.extend(split_line(current, gutter));
    }
    out
}

/// Where a page set in two columns has its gutter: an x near the middle
/// that (almost) no span crosses while many stand wholly on each side of
/// it. A line of the left column and one of the right that happen to sit
/// on one baseline are two lines, however narrow the gutter.
fn gutter(spans: &[(f32, f32)]) -> Option<f32> {
    let left = spans.iter().map(|s| s.0).fold(f32::INFINITY, f32::min);
    let right = spans.iter().map(|s| s.1).fold(f32::NEG_INFINITY, f32::max);
    let width = right - left;
    if width.is_nan() || width <= 0.0 || spans.len() < 10 {
        return None;
    }
    // The widest run of x with the fewest crossing spans, and its middle.
    let steps = 60;
    let mut best: Option<(usize, usize, usize)> = None; // (crossing, first, last)
    let mut run: Option<(usize, usize, usize)> = None;
    for i in 0..=steps {
        let x = left + width * (0.35 + 0.3 * i as f32 / steps as f32);
        let crossing = spans
            .iter()
            .filter(|(l, r)| *l < x - 1.0 && *r > x + 1.0)
            .count();
        run = match run {
            Some((c, first, _)) if c == crossing => Some((c, first, i)),
            _ => Some((crossing, i, i)),
        };
        let better = best.is_none_or(|(c, first, last)| {
            let r = run.unwrap_or((usize::MAX, 0, 0));
            r.0 < c || (r.0 == c && r.2 - r.1 > last - first)
        });
        if better {
            best = run;
        }
    }
    let (crossing, first, last) = best?;
    let x = left + width * (0.35 + 0.3 * (first + last) as f32 / 2.0 / steps as f32);
    let lefts = spans.iter().filter(|(_, r)| *r <= x).count();
    let rights = spans.iter().filter(|(l, _)| *l >= x).count();
    (lefts >= 5 && rights >= 5 && crossing * 10 <= spans.len()).then_some(x)
}

/// Makes lines of spans on one baseline, split where a gap wider than a few
/// characters separates them, or where they stand on either side of the
/// page's gutter.
fn split_line(
    mut spans: Vec<(f32, f32, &pdf_oxide::layout::TextSpan)>,
    gutter: Option<f32>,
) -> Vec<Line> {
    spans.sort_by(|a, b| a.2.bbox.x.total_cmp(&b.2.bbox.x));
    let mut out: Vec<Line> = Vec::new();
    for (top, bottom, s) in spans {
        let left = s.bbox.x;
        let right = s.bbox.x + s.bbox.width;
        let bold = s.font_weight.is_bold() || s.font_name.to_ascii_lowercase().contains("bold");
        let across_gutter =
            |line: &Line| gutter.is_some_and(|g| line.right <= g + 1.0 && left >= g - 1.0);
        match out.last_mut() {
            // Leader dots lead to the rest of their row however far it is.
            Some(line)
                if (left - line.right < s.font_size.max(1.0) * 2.5
                    || ends_with_leaders(&line.text))
                    && !across_gutter(line) =>
            {
                let glue = left - line.right > s.font_size * 0.15
                    && !line.text.ends_with(' ')
                    && !s.text.starts_with(' ');
                if glue {
                    line.text.push(' ');
                }
                line.text.push_str(&s.text);
                line.right = line.right.max(right);
                line.top = line.top.min(top);
                line.bottom = line.bottom.max(bottom);
                line.size = line.size.max(s.font_size);
                // A bold label opening a line of speech does not make the
                // line a heading: bold is the whole line's.
                line.bold &= bold;
            }
            _ => out.push(Line {
                text: s.text.clone(),
                left,
                right,
                top,
                bottom,
                size: s.font_size,
                bold,
                row: false,
            }),
        }
    }
    for line in &mut out {
        // U+FFFD stands for a glyph the font maps to no character: dropped,
        // and a run of them (a contents page's leader dots) is a space.
        let mut cleaned = String::with_capacity(line.text.len());
        let mut run = 0;
        for c in line.text.chars() {
            if c == '\u{fffd}' {
                run += 1;
                continue;
            }
            if run > 1 {
                cleaned.push(' ');
                line.row = true;
            }
            run = 0;
            cleaned.push(c);
        }
        // Leader dots set as ". . . ." (a list of members, a contents
        // page) join the two sides of a row: the row is a paragraph.
        let mut words: Vec<&str> = Vec::new();
        let mut leaders: Vec<&str> = Vec::new();
        let leader_len = |l: &[&str]| l.iter().map(|w| w.chars().count()).sum::<usize>();
        for w in cleaned.split_whitespace().chain([""]) {
            if !w.is_empty() && w.chars().all(|c| c == '.' || c == '…') {
                leaders.push(w);
                continue;
            }
            if leader_len(&leaders) >= 3 {
                line.row = true;
            } else {
                words.append(&mut leaders);
            }
            leaders.clear();
            if !w.is_empty() {
                words.push(w);
            }
        }
        line.text = words.join(" ");
    }
    out
}

/// The document being assembled.
struct Layout {
    /// The size of body text (the most common size, by characters).
    body_size: f32,
    /// Lines of the top and bottom margins seen on more than one page, with
    /// digits folded, so a running header is known wherever it recurs.
    running: HashSet<String>,
    /// Where the running lines stand (baseline and size): a page's own
    /// head in the same place is one too, though its words are on no other
    /// page (the left page's "Seanad Éireann" against the right's date).
    slots: Vec<(f32, f32)>,
    text: String,
    footnotes: String,
    /// The last body line written: where it ended and how it was set.
    last: Option<Line>,
    /// The vertical distance between body lines, as most often seen.
    leading: f32,
    /// Words in the text, for deciding line-end hyphens.
    words: HashSet<String>,
    /// Line-end hyphens the words showed to be soft, so far.
    soft_hyphens: usize,
    /// Where line-end hyphens the words could not decide stand in `text`.
    undecided: Vec<usize>,
    /// Where the current paragraph's first line starts, and how.
    first_left: f32,
    first_text: String,
    /// The right edge of the widest line of the column being read (at the
    /// top of a column, of the column before): a line ending a sentence well
    /// short of it ends its paragraph.
    widest: f32,
}

impl Layout {
    fn new(pages: &[Vec<Line>]) -> Self {
        let mut sizes: HashMap<i32, usize> = HashMap::new();
        let mut margins: HashMap<String, usize> = HashMap::new();
        let mut gaps: HashMap<i32, usize> = HashMap::new();
        let mut words = HashSet::new();
        for page in pages {
            let mut seen = HashSet::new();
            let top = page.iter().map(|l| l.top).fold(f32::INFINITY, f32::min);
            let bottom = page.iter().map(|l| l.bottom).fold(0.0, f32::max);
            for (i, l) in page.iter().enumerate() {
                *sizes.entry((l.size * 2.0).round() as i32).or_default() += l.text.len();
                if l.top - top < 60.0 || bottom - l.bottom < 60.0 {
                    let key = fold_digits(&l.text);
                    if seen.insert(key.clone()) {
                        *margins.entry(key).or_default() += 1;
                    }
                }
                if let Some(next) = page.get(i + 1)
                    && (next.left - l.left).abs() < 40.0
                {
                    let gap = ((next.bottom - l.bottom) * 2.0).round() as i32;
                    if gap > 0 {
                        *gaps.entry(gap).or_default() += 1;
                    }
                }
                for w in l.text.split_whitespace() {
                    words.insert(word_key(w));
                }
            }
        }
        let body_size = sizes
            .into_iter()
            .max_by_key(|&(size, n)| (n, size))
            .map_or(10.0, |(s, _)| s as f32 / 2.0);
        let leading = gaps
            .into_iter()
            .max_by_key(|&(gap, n)| (n, -gap))
            .map_or(body_size * 1.2, |(g, _)| g as f32 / 2.0);
        // A running line stands in the margin of at least a third of the
        // pages (a head set on alternate pages, on half). Twice was enough
        // before, and in a 35-page Security Council record "The President: I
        // now give the floor to the", at the top of two columns, became a
        // running line: every short first and last line of a column was
        // then dropped as furniture (S/PV.8699, resumption 1).
        let running = if pages.len() > 1 {
            margins
                .into_iter()
                .filter(|(_, n)| *n > 1 && *n * 3 >= pages.len())
                .map(|(k, _)| k)
                .collect()
        } else {
            HashSet::new()
        };
        let mut slots: Vec<(f32, f32)> = Vec::new();
        for page in pages {
            let top = page.iter().map(|l| l.top).fold(f32::INFINITY, f32::min);
            let bottom = page.iter().map(|l| l.bottom).fold(0.0, f32::max);
            for l in page {
                let margin = l.top - top < 60.0 || bottom - l.bottom < 60.0;
                if margin
                    && !is_furniture(&l.text)
                    && running.contains(&fold_digits(&l.text))
                    && !slots
                        .iter()
                        .any(|(b, s)| (b - l.bottom).abs() < 0.5 && (s - l.size).abs() < 0.1)
                {
                    slots.push((l.bottom, l.size));
                }
            }
        }
        Self {
            body_size,
            running,
            slots,
            text: String::new(),
            footnotes: String::new(),
            last: None,
            leading,
            words,
            soft_hyphens: 0,
            undecided: Vec::new(),
            first_left: 0.0,
            first_text: String::new(),
            widest: 0.0,
        }
    }

    fn page(&mut self, page: usize, lines: &[Line], height: f32) {
        let top = lines.iter().map(|l| l.top).fold(f32::INFINITY, f32::min);
        let bottom = lines.iter().map(|l| l.bottom).fold(0.0, f32::max);
        let zones: Vec<Zone> = lines
            .iter()
            .map(|l| {
                self.zone(
                    l,
                    page,
                    l.top - top < 60.0,
                    bottom - l.bottom < 60.0,
                    height,
                )
            })
            .collect();
        // The words of a running head between the symbol and the date
        // (`S/PV.8700   The situation in the Middle East   10/01/2020`) are
        // page furniture as well: they share the furniture's baseline.
        let furniture_baselines: Vec<f32> = lines
            .iter()
            .zip(&zones)
            .filter(|(l, z)| {
                **z == Zone::Furniture && (l.top - top < 60.0 || bottom - l.bottom < 60.0)
            })
            .map(|(l, _)| l.bottom)
            .collect();
        let zones: Vec<Zone> = lines
            .iter()
            .zip(zones)
            .map(|(l, z)| {
                let in_margin = l.top - top < 60.0 || bottom - l.bottom < 60.0;
                if z == Zone::Body
                    && in_margin
                    && l.text.split_whitespace().count() <= 12
                    && furniture_baselines
                        .iter()
                        .any(|b| (b - l.bottom).abs() <= 1.5)
                {
                    Zone::Furniture
                } else {
                    z
                }
            })
            .collect();
        let order = reading_order(lines, &zones);
        // Each column's left edge, to tell an indented first line at its top.
        let mut column_left = [f32::INFINITY; 3];
        for &(i, column) in &order {
            if zones[i] == Zone::Body {
                let edge = &mut column_left[usize::from(column)];
                *edge = edge.min(lines[i].left);
            }
        }
        // A page break is a column break: the first line of a page continues
        // the paragraph unless it starts one.
        let mut column_start = true;
        let mut previous_column = None;
        for (i, column) in order {
            let line = &lines[i];
            match zones[i] {
                Zone::Furniture => continue,
                Zone::Footnote => {
                    // A footnote runs on until a line opens the next one.
                    if self.footnotes.is_empty() {
                    } else if starts_with_note_mark(&line.text) {
                        self.footnotes.push_str("\n\n");
                    } else {
                        self.footnotes.push(' ');
                    }
                    self.footnotes.push_str(&line.text);
                    continue;
                }
                Zone::Body => {}
            }
            if previous_column != Some(column) {
                column_start = true;
                previous_column = Some(column);
            }
            let indented = line.left - column_left[usize::from(column)] > self.body_size * 0.8;
            self.body_line(line, column_start, indented);
            column_start = false;
        }
    }

    fn zone(&self, l: &Line, page: usize, in_top: bool, in_bottom: bool, height: f32) -> Zone {
        let text = l.text.trim();
        if is_furniture(text)
            || ((in_top || in_bottom) && self.running.contains(&fold_digits(text)))
        {
            return Zone::Furniture;
        }
        // `[Deputy Micheál Martin.]`: Hansard repeats, at the top of a page
        // or column, who is still speaking.
        if in_top && is_continuation_mark(text) {
            return Zone::Furniture;
        }
        if (in_top || in_bottom) && self.in_running_slot(l) {
            return Zone::Furniture;
        }
        // UN records set their page-1 notice at 8.5 points against a body
        // of 10: "smaller" allows for that rounding.
        let small = l.size < self.body_size * 0.88;
        if small && l.bottom > height * 0.75 && starts_with_note_mark(text) {
            return Zone::Footnote;
        }
        if small && page == 0 {
            // Page 1's boxes: the corrections notice, the masthead's small print.
            return Zone::Furniture;
        }
        if small && l.bottom > height * 0.8 {
            return Zone::Footnote;
        }
        Zone::Body
    }

    /// A short line where the running lines stand, in their size.
    fn in_running_slot(&self, l: &Line) -> bool {
        l.text.split_whitespace().count() <= 8
            && self
                .slots
                .iter()
                .any(|(b, s)| (b - l.bottom).abs() <= 1.5 && (s - l.size).abs() <= 0.3)
    }

    /// Appends one body line: a new paragraph, or the rest of the current one.
    /// `from_edge`: the line is indented from its column's left edge.
    fn body_line(&mut self, line: &Line, column_start: bool, from_edge: bool) {
        let indent_at_top = column_start && from_edge;
        let text = line.text.as_str();
        let new_paragraph = match &self.last {
            None => true,
            Some(last) => {
                let gap = line.bottom - last.bottom;
                // A first-line indent opens a paragraph; the indent of a
                // numbered item's second line (a hanging indent) does not.
                let hanging = self.first_left + self.body_size * 0.8 > last.left
                    && starts_with_list_mark(&self.first_text);
                let indented =
                    line.left - last.left > self.body_size * 0.8 && !column_start && !hanging;
                let outdented_heading = line.bold && !last.bold;
                let after_heading = last.bold && !line.bold && is_heading_like(&last.text);
                let size_change = (line.size - last.size).abs() > self.body_size * 0.15;
                let wide_gap = !column_start && gap > self.leading * 1.45;
                // At the top of a column, an indent against the column's left
                // edge is still a new paragraph (unless it continues a
                // numbered item's hanging indent).
                let column_indent = indent_at_top && !starts_with_list_mark(&self.first_text);
                // A turn opens at a first-line indent even under a list set
                // at that indent (a recorded vote, then `The President:`).
                let turn_at_indent =
                    from_edge && starts_turn(text) && ends_sentence_or_list(&last.text);
                if is_list_heading(&last.text) {
                    // The list under `In favour:` runs on from it.
                    return self.body_line_break(
                        line,
                        column_start,
                        is_list_heading(text) || wide_gap,
                    );
                }
                indented
                    || turn_at_indent
                    || is_list_heading(text)
                    || line.row
                    || last.row
                    || wide_gap
                    || size_change
                    || outdented_heading
                    || after_heading
                    || column_indent
                    || (column_start
                        && ends_sentence(&last.text)
                        && (starts_turn(text) || starts_with_list_mark(text)))
                    || (ends_sentence(&last.text)
                        && last.right < self.widest - self.body_size * 4.0)
            }
        };
        self.body_line_break(line, column_start, new_paragraph);
    }

    /// Writes a body line: a new paragraph, or joined to the current one.
    fn body_line_break(&mut self, line: &Line, column_start: bool, new_paragraph: bool) {
        let text = line.text.as_str();
        if new_paragraph {
            if !self.text.is_empty() {
                self.text.push_str("\n\n");
            }
            self.text.push_str(text);
            self.first_left = line.left;
            self.first_text = text.chars().take(12).collect();
        } else {
            self.join(text);
        }
        self.widest = if column_start {
            line.right
        } else {
            self.widest.max(line.right)
        };
        self.last = Some(line.clone());
    }

    /// Joins a wrapped line to the paragraph, rejoining a hyphenated word.
    fn join(&mut self, next: &str) {
        let prev_word = self.text.rsplit(' ').next().unwrap_or("");
        let hyphenated = prev_word.len() > 2
            && prev_word.ends_with('-')
            && prev_word[..prev_word.len() - 1].ends_with(char::is_alphabetic);
        if !hyphenated {
            self.text.push(' ');
            self.text.push_str(next);
            return;
        }
        let head = prev_word[..prev_word.len() - 1].to_string();
        let tail = next.split(' ').next().unwrap_or("");
        match self.line_end_hyphen(&head, tail) {
            Some(true) => {}
            Some(false) => {
                self.text.pop();
                self.soft_hyphens += 1;
            }
            // Decided at the end, by what the rest of the document does.
            None => self.undecided.push(self.text.len() - 1),
        }
        self.text.push_str(next);
    }

    /// Whether `head-` + `tail` at a line break is a real hyphen (`Some(true)`),
    /// a soft one (`Some(false)`), or the words cannot tell (`None`).
    fn line_end_hyphen(&self, head: &str, tail: &str) -> Option<bool> {
        let tail_word = tail.trim_end_matches(|c: char| !c.is_alphanumeric());
        if tail_word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
            return Some(true);
        }
        let head_part = head.rsplit('-').next().unwrap_or(head);
        let joined = word_key(&format!("{head_part}{tail_word}"));
        let hyphened = word_key(&format!("{head_part}-{tail_word}"));
        if self.words.contains(&hyphened) {
            return Some(true);
        }
        if self.words.contains(&joined) {
            return Some(false);
        }
        // The head already has a hyphen ("follow-up-"), or is a prefix that
        // keeps one in UN and parliamentary style.
        (head.contains('-') || HYPHEN_PREFIXES.contains(&head_part.to_lowercase().as_str()))
            .then_some(true)
    }

    fn finish(mut self) -> String {
        // A document that breaks words with a soft hyphen anywhere does so
        // wherever its words cannot tell; one that never does (UN records
        // break lines only at a real hyphen, "truth-telling") keeps them.
        if self.soft_hyphens > 0 {
            for at in self.undecided.iter().rev() {
                self.text.remove(*at);
            }
        }
        if !self.footnotes.is_empty() {
            self.text.push_str("\n\n# Footnotes\n\n");
            let notes = std::mem::take(&mut self.footnotes);
            self.text.push_str(&notes);
        }
        self.text.push('\n');
        self.text
    }
}

/// Words before a line-end hyphen that keep it when rejoined.
const HYPHEN_PREFIXES: &[&str] = &[
    "self",
    "non",
    "long",
    "short",
    "well",
    "high",
    "low",
    "so",
    "ex",
    "anti",
    "cross",
    "half",
    "full",
    "all",
    "vice",
    "mid",
    "first",
    "second",
    "third",
    "two",
    "three",
    "decision",
    "follow",
    "inter-state",
    "state",
    "small",
    "large",
    "middle",
    "co-",
];

/// Lines in their columns' reading order: lines that cross the page's middle
/// (or every line, on a one-column page) in order of height, and between two
/// full-width lines, the left column before the right one. Returns the line
/// index and its column (0 full width, 1 left, 2 right).
fn reading_order(lines: &[Line], zones: &[Zone]) -> Vec<(usize, u8)> {
    let body: Vec<usize> = (0..lines.len())
        .filter(|&i| zones[i] == Zone::Body)
        .collect();
    let left = body
        .iter()
        .map(|&i| lines[i].left)
        .fold(f32::INFINITY, f32::min);
    let right = body.iter().map(|&i| lines[i].right).fold(0.0, f32::max);
    // The gutter where the page has one; else its middle.
    let extents: Vec<(f32, f32)> = body
        .iter()
        .map(|&i| (lines[i].left, lines[i].right))
        .collect();
    let (middle, slack) = gutter(&extents).map_or(((left + right) / 2.0, 2.0), |g| (g, 1.0));
    // A line that crosses the gutter by a few points belongs to the column
    // it stands in: a justified line whose spaces widen pushes its box past
    // the gutter (S/PV.8698 page 2, a left-column line ending at 314 against
    // a gutter near 310), and taken for a full-width line it cut the page
    // in two bands, the right column's top read between two parts of the
    // left one. A heading across the page stands on both sides.
    let overhang = 0.1;
    let column_of = |l: &Line| -> u8 {
        let (before, after) = (middle - l.left, l.right - middle);
        if l.right <= middle + slack || after < before * overhang {
            1
        } else if l.left >= middle - slack || before < after * overhang {
            2
        } else {
            0
        }
    };
    let in_right = body.iter().filter(|&&i| column_of(&lines[i]) == 2).count();
    let in_left = body.iter().filter(|&&i| column_of(&lines[i]) == 1).count();
    let two_columns = in_right >= 5 && in_left >= 5;
    let mut out: Vec<(usize, u8)> = Vec::with_capacity(lines.len());
    let mut band: Vec<(usize, u8)> = Vec::new();
    let flush = |band: &mut Vec<(usize, u8)>, out: &mut Vec<(usize, u8)>| {
        band.sort_by_key(|&(_, c)| c);
        out.append(band);
    };
    for (i, l) in lines.iter().enumerate() {
        let column = if two_columns { column_of(l) } else { 0 };
        if column == 0 && zones[i] == Zone::Body {
            flush(&mut band, &mut out);
            out.push((i, 0));
        } else {
            band.push((i, column));
        }
    }
    flush(&mut band, &mut out);
    out
}

/// Page numbers, document symbols, job numbers and the like, on any page.
fn is_furniture(text: &str) -> bool {
    let t = text.trim();
    let lower = t.to_lowercase();
    if t.chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || "-–—/.".contains(c))
    {
        return true;
    }
    if lower.starts_with("page ")
        && lower
            .split_whitespace()
            .nth(1)
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
    {
        return true;
    }
    if lower == "please recycle" || lower.contains("please recycle") && t.len() < 40 {
        return true;
    }
    // `*2126042*` (the barcode's text) and `21-26042 (E)` (the job number).
    if t.len() >= 6
        && t.starts_with('*')
        && t.ends_with('*')
        && t[1..t.len() - 1].chars().all(|c| c.is_ascii_digit())
    {
        return true;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() <= 3
        && words.first().is_some_and(|w| is_job_number(w))
        && words[1..]
            .iter()
            .all(|w| w.starts_with('(') && w.ends_with(')') && w.len() <= 4 || is_job_number(w))
    {
        return true;
    }
    // A line made only of document symbols and dates: `A/76/PV.3 21/09/2021`,
    // also as set with stray spaces inside the symbol (`S/ PV.8701`,
    // `S / PV.8701`, `S/PV. 8700`).
    let compact = t.replace(" /", "/").replace("/ ", "/").replace(". ", ".");
    let words: Vec<&str> = compact.split_whitespace().collect();
    !words.is_empty()
        && words.iter().all(|w| is_symbol(w) || is_date(w))
        && words.iter().any(|w| is_symbol(w))
}

/// The paragraph references the Oireachtas prints in the margin beside
/// each contribution, `17/07/2020D00200`, `06/10/2021BBB00100`: the date,
/// one to four capitals, five digits.
fn is_margin_reference(text: &str) -> bool {
    let b = text.as_bytes();
    let letters = b.len().saturating_sub(15);
    (1..=4).contains(&letters)
        && b.iter().enumerate().all(|(i, c)| match i {
            2 | 5 => *c == b'/',
            10.. if i < 10 + letters => c.is_ascii_uppercase(),
            _ => c.is_ascii_digit(),
        })
}

fn is_job_number(w: &str) -> bool {
    let (a, b) = w.split_once('-').unwrap_or(("", ""));
    a.len() == 2 && b.len() >= 4 && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit())
}

/// `A/76/PV.3`, `S/PV.9999`, `A/C.1/79/PV.5`, `E/2021/SR.12`.
fn is_symbol(w: &str) -> bool {
    let parts: Vec<&str> = w.split('/').collect();
    parts.len() >= 2
        && parts[0].len() <= 6
        && parts[0].chars().all(|c| c.is_ascii_uppercase())
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        })
        && parts[1..]
            .iter()
            .any(|p| p.chars().any(|c| c.is_ascii_digit()))
}

fn is_date(w: &str) -> bool {
    w.split(['/', '.']).count() == 3
        && w.chars()
            .all(|c| c.is_ascii_digit() || c == '/' || c == '.')
}

/// `(1)`, `(a)`, `144.`, `2.`, `•`, `-`: the start of a numbered or bulleted item.
fn starts_with_list_mark(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    let inner = first
        .strip_prefix('(')
        .and_then(|f| f.strip_suffix(')'))
        .or_else(|| first.strip_suffix('.'))
        .or_else(|| first.strip_suffix(')'));
    matches!(first, "•" | "-" | "–" | "—" | "*")
        || inner.is_some_and(|i| {
            !i.is_empty()
                && i.len() <= 5
                && (i.chars().all(|c| c.is_ascii_digit())
                    || i.chars().all(|c| c.is_ascii_lowercase()))
        })
}

fn starts_with_note_mark(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit() || "*†‡§¶".contains(c))
}

/// `[Deputy Micheál Martin.]`, `[The Taoiseach.]`: a name in brackets.
fn is_continuation_mark(text: &str) -> bool {
    text.len() < 80
        && text.starts_with('[')
        && text.ends_with(".]")
        && text[1..].starts_with(|c: char| c.is_uppercase())
        && !text[1..text.len() - 1].contains(['[', ']'])
}

/// A short bold line without sentence punctuation ("Agenda item 8").
fn is_heading_like(text: &str) -> bool {
    text.len() < 120 && !text.ends_with(['.', ',', ';'])
}

/// A line ending in leader dots (`Indonesia. . . . .`, `Indonesia.....`).
fn ends_with_leaders(text: &str) -> bool {
    text.trim_end()
        .chars()
        .rev()
        .take_while(|c| matches!(c, '.' | '…' | ' '))
        .filter(|c| *c != ' ')
        .count()
        >= 3
}

/// `In favour:`, `Against:`, `Abstaining:`: a short line that opens a
/// paragraph, the list set under it.
fn is_list_heading(text: &str) -> bool {
    text.starts_with(char::is_uppercase)
        && text.strip_suffix(':').is_some_and(|head| {
            let words = head.split_whitespace().count();
            (1..=3).contains(&words) && head.chars().all(|c| c.is_alphabetic() || c == ' ')
        })
}

/// The end of a sentence or of a list's last name (no comma, no hyphen).
fn ends_sentence_or_list(text: &str) -> bool {
    !text.trim_end().ends_with([',', '-', ';'])
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '?', '!', ':', '"', '”', ')'])
}

/// A line that opens a verbatim record's turn: `The President:`, `Mr. Roe (France):`.
fn starts_turn(text: &str) -> bool {
    let head: String = text.chars().take(80).collect();
    head.contains("):")
        || head.starts_with("The President")
        || head.starts_with("The Chair")
        || head.starts_with("Mr. ")
        || head.starts_with("Mrs. ")
        || head.starts_with("Ms. ")
}

/// Numbers standing alone folded to `#`, so "Page 3" and "Page 4" are one
/// running line, while "152. Mr Worth" and "285. Mr Worth" (the numbers of
/// two questions that each open a page) stay apart.
fn fold_digits(text: &str) -> String {
    text.split_whitespace()
        .map(|w| {
            if w.chars().all(|c| c.is_ascii_digit()) {
                "#"
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A word as compared for hyphenation: lower case, without punctuation around it.
fn word_key(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines() {
        for t in [
            "12",
            "A/76/PV.3",
            "21/09/2021 A/76/PV.3",
            "S/PV.9999",
            "21-26042 (E)",
            "*2126042*",
            "Page 3 of 12",
            "- 3 -",
            "Please recycle",
        ] {
            assert!(is_furniture(t), "{t}");
        }
        assert!(is_margin_reference("17/07/2020D00200"));
        assert!(is_margin_reference("06/10/2021BBBB00100"));
        assert!(!is_margin_reference("17/07/2020 D00200"));
        assert!(!is_margin_reference("17/07/2020"));
        for t in [
            "The President: I give the floor.",
            "A/76/L.2 was adopted.",
            "In 2021 we met.",
        ] {
            assert!(!is_furniture(t), "{t}");
        }
    }

    fn line(text: &str, left: f32, right: f32, bottom: f32) -> Line {
        Line {
            text: text.into(),
            left,
            right,
            top: bottom - 10.0,
            bottom,
            size: 10.0,
            bold: false,
            row: false,
        }
    }

    fn layout(words: &[&str]) -> Layout {
        let mut layout = Layout::new(&[]);
        layout.words = words.iter().map(|w| word_key(w)).collect();
        layout.leading = 12.0;
        layout
    }

    #[test]
    fn hyphens_at_line_ends_are_kept_when_real() {
        let mut l = layout(&["Timor-Leste", "development"]);
        let lines = [
            ("The delegation of Timor-", "Leste supports a long-"),
            ("term plan for the develop-", "ment of the region."),
        ];
        let mut y = 100.0;
        for (a, b) in lines {
            for t in [a, b] {
                l.body_line(&line(t, 50.0, 300.0, y), false, false);
                y += 12.0;
            }
        }
        assert_eq!(
            l.text,
            "The delegation of Timor-Leste supports a long-term plan for the development of the region."
        );
    }

    #[test]
    fn two_columns_read_left_then_right() {
        let mut lines = Vec::new();
        for i in 0..6 {
            let y = 100.0 + 12.0 * i as f32;
            lines.push(line(&format!("left {i}"), 50.0, 280.0, y));
            lines.push(line(&format!("right {i}"), 310.0, 540.0, y));
        }
        let zones = vec![Zone::Body; lines.len()];
        let order: Vec<&str> = reading_order(&lines, &zones)
            .into_iter()
            .map(|(i, _)| lines[i].text.as_str())
            .collect();
        assert_eq!(
            order[..6],
            ["left 0", "left 1", "left 2", "left 3", "left 4", "left 5"]
        );
        assert_eq!(order[6], "right 0");
    }

    /// S/PV.8698 page 2: a justified left-column line whose box reaches a
    /// few points past the gutter is still the left column's, while a
    /// heading across the page cuts it in bands.
    #[test]
    fn a_line_just_past_the_gutter_stays_in_its_column() {
        let mut lines = Vec::new();
        for i in 0..6 {
            let y = 100.0 + 12.0 * i as f32;
            let right = if i == 3 { 314.0 } else { 300.0 };
            lines.push(line(&format!("left {i}"), 60.0, right, y));
            lines.push(line(&format!("right {i}"), 312.0, 552.0, y + 2.0));
        }
        lines.push(line("Heading across the page", 120.0, 500.0, 190.0));
        lines.push(line("left 6", 60.0, 300.0, 202.0));
        let zones = vec![Zone::Body; lines.len()];
        let order: Vec<&str> = reading_order(&lines, &zones)
            .into_iter()
            .map(|(i, _)| lines[i].text.as_str())
            .collect();
        assert_eq!(
            order,
            [
                "left 0",
                "left 1",
                "left 2",
                "left 3",
                "left 4",
                "left 5",
                "right 0",
                "right 1",
                "right 2",
                "right 3",
                "right 4",
                "right 5",
                "Heading across the page",
                "left 6",
            ]
        );
    }

    /// A head on every page is a running line; a line of speech that
    /// happens to open a column on two pages of twelve is not (S/PV.8699,
    /// resumption 1, lost the first and last lines of its columns so).
    #[test]
    fn running_lines_stand_on_a_third_of_the_pages() {
        let cue = "The President: I now give the floor to the";
        // Lines of speech differ in their words, not only their digits.
        let words = |p: usize, i: usize| -> String {
            let letter = |n: usize| char::from(b'a' + (n % 26) as u8);
            format!(
                "speech {}{}{} goes on",
                letter(p),
                letter(i),
                letter(i / 26)
            )
        };
        let pages: Vec<Vec<Line>> = (0..12)
            .map(|p| {
                let mut page = vec![line(
                    "Maintenance of peace and security",
                    200.0,
                    400.0,
                    64.0,
                )];
                let first = if p < 2 { cue.to_string() } else { words(p, 99) };
                page.push(line(&first, 60.0, 300.0, 94.0));
                for i in 0..40 {
                    page.push(line(&words(p, i), 60.0, 300.0, 106.0 + 12.0 * i as f32));
                }
                page
            })
            .collect();
        let layout = Layout::new(&pages);
        assert!(
            layout
                .running
                .contains(&fold_digits("Maintenance of peace and security"))
        );
        assert!(!layout.running.contains(&fold_digits(cue)));
        assert!(!layout.in_running_slot(&line("The Movement reaffirms its", 330.0, 552.0, 94.0)));
    }

    #[test]
    fn running_lines_fold_page_numbers_only() {
        assert_eq!(
            fold_digits("Friday, 13 December 2013] 273"),
            fold_digits("Friday, 13 December 2013] 274")
        );
        assert_ne!(
            fold_digits("152. Mr D A Worth"),
            fold_digits("285. Mr D A Worth")
        );
        assert!(starts_with_list_mark("(1) (a) When was"));
        assert!(starts_with_list_mark("144. Mr D B Feldman"));
        assert!(!starts_with_list_mark("The President: I"));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(extract(b"%PDF-1.7\n1 0 obj garbage").is_err());
        assert!(extract(b"").is_err());
    }
}
