//! The formats delegations keep (PDF, DOCX, HTML, WebVTT/SRT), from the real
//! public files in `tests/fixtures/formats/` (sources in its README): turns,
//! speakers, start times, page furniture never inside a turn, bad input as a
//! warning naming the file, and the extraction cache.

use std::io::Write;
use std::path::Path;

use floor::config::Config;
use floor::ingest::Ingest;
use floor::model::Corpus;

mod format_fixtures;
use format_fixtures::{bare_numbers, fixture_path, ingest, load, speakers, turn_texts};

#[test]
fn webvtt_voices_are_turns_with_start_times() {
    let doc = load("sintel-en-speaker.vtt");
    assert!(!doc.text.contains("-->"), "timing lines in the text");
    assert!(!doc.text.contains("A:middle"));
    assert!(!doc.text.contains("Sage\n"), "cue identifiers in the text");
    let turns: Vec<_> = doc.turns().collect();
    assert_eq!(turns.len(), 4, "{:?}", doc.text);
    assert_eq!(turns[0].speaker.to_lowercase(), "gatekeeper");
    assert_eq!(turns[1].speaker.to_lowercase(), "sintel");
    assert_eq!(
        doc.turn_text(turns[0]),
        "What brings you to the land of the gatekeepers?"
    );
    let starts: Vec<String> = turns
        .iter()
        .map(|t| doc.start_time(t).expect("a start time").clock())
        .collect();
    assert_eq!(starts, ["0:00:12", "0:00:18", "0:00:36", "0:00:41"]);
}

#[test]
fn docx_bold_and_colon_labels_are_speakers() {
    let doc = load("oral-history-short.docx");
    let speakers = speakers(&doc);
    assert!(
        speakers.iter().any(|s| s.eq_ignore_ascii_case("solomon")),
        "{speakers:?}"
    );
    assert!(
        speakers.iter().any(|s| s.eq_ignore_ascii_case("tavela")),
        "{speakers:?}"
    );
    let first = doc
        .turns()
        .find(|t| t.speaker.eq_ignore_ascii_case("solomon"))
        .unwrap();
    assert!(
        doc.turn_text(first)
            .starts_with("Hello. This is Hanna Solomon.")
    );
}

#[test]
fn html_main_content_without_page_furniture() {
    let doc = load("za-na-debate-2013-05-22.html");
    for furniture in ["Printer-friendly version", "<p", "&nbsp;", "&quot;"] {
        assert!(!doc.text.contains(furniture), "{furniture:?} in the text");
    }
    assert!(doc.text.contains("The House met at 14:04."));
    assert!(doc.turns().count() > 5, "{:?}", speakers(&doc));
    // The Word original's running head, repeated at each "take", stands only
    // at the top of the page, never inside a speech.
    for text in turn_texts(&doc).iter().skip(1) {
        assert!(!text.contains("UNREVISED HANSARD"), "{text:?}");
        assert!(!text.contains("Take:"), "{text:?}");
    }
    let lekota = doc.turns().find(|t| t.speaker.contains("LEKOTA")).unwrap();
    assert!(
        doc.turn_text(lekota)
            .starts_with("Hon Speaker, Deputy President")
    );
    // Westminster labels: the chair by title, office holders in capitals.
    let speaker = doc.turns().find(|t| &*t.speaker == "The Speaker").unwrap();
    assert_eq!(speaker.role, floor::model::Role::Chair);
    assert!(doc.turn_text(speaker).starts_with("Order, hon members!"));
    let whip = doc
        .turns()
        .find(|t| &*t.speaker == "The Chief Whip of the Opposition")
        .unwrap();
    assert!(
        doc.turn_text(whip)
            .starts_with("Hon Speaker, at the outset")
    );
}

#[test]
fn pdf_running_headers_and_page_numbers_are_in_no_turn() {
    let doc = load("za-ncop-question-paper.pdf");
    let texts = turn_texts(&doc);
    assert!(!texts.is_empty());
    for text in &texts {
        assert!(
            !text.contains("December 2013]"),
            "running header in {text:?}"
        );
        assert!(!text.contains("[No 37—2013]"), "running header in {text:?}");
    }
    // Page numbers of the paper (272 to 275) never stand alone in the text.
    for n in 272..=275 {
        assert!(
            !doc.text.lines().any(|l| l.trim() == n.to_string()),
            "page number {n} left in the text"
        );
    }
}

#[test]
fn pdf_without_a_text_layer_asks_for_ocr() {
    let path = fixture_path("scanned-note-verbale.pdf");
    let bytes = std::fs::read(&path).unwrap();
    let warning = ingest()
        .parse_bytes("scan".into(), path.clone(), bytes)
        .unwrap_err();
    assert_eq!(warning.path, path);
    assert_eq!(warning.message, "no text layer: run OCR first");
}

/// A zip whose `word/document.xml` inflates to more than the limit.
fn zip_bomb() -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("word/document.xml", options).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..(floor::ingest::formats::docx::MAX_XML_BYTES >> 20) + 2 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

/// A folder with one good file of each format and one bad file of each.
fn folder_with_bad_input() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let put = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    for name in [
        "sintel-en-speaker.vtt",
        "oral-history-short.docx",
        "za-ncop-question-paper.pdf",
    ] {
        put(name, &std::fs::read(fixture_path(name)).unwrap());
    }
    put("good.txt", b"The Chair: Good morning.\n");
    let pdf = std::fs::read(fixture_path("za-ncop-question-paper.pdf")).unwrap();
    put("truncated.pdf", &pdf[..pdf.len() / 3]);
    put(
        "corrupt.pdf",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >>\ngarbage",
    );
    put(
        "scan.pdf",
        &std::fs::read(fixture_path("scanned-note-verbale.pdf")).unwrap(),
    );
    put("bomb.docx", &zip_bomb());
    put("not-a-zip.docx", b"this is not a zip file at all");
    let docx = std::fs::read(fixture_path("oral-history-short.docx")).unwrap();
    put("truncated.docx", &docx[..docx.len() / 2]);
    let html = std::fs::read(fixture_path("za-na-debate-2013-05-22.html")).unwrap();
    put("truncated.html", &html[..html.len() / 2]);
    put(
        "scripts.html",
        b"<html><body><script>alert('x')</script><main><p><strong>Ms. Doe:</strong> Hello &amp; welcome.</p></main></body></html>",
    );
    put(
        "broken.srt",
        b"1\n00:00:01,000 --> 00:00:02,000\nFirst line.\n\n2\n00:00:xx,000 --> nonsense\nSecond line.\n",
    );
    dir
}

fn load_folder(dir: &Path) -> Corpus {
    ingest().load_paths(&[dir.to_path_buf()]).unwrap()
}

#[test]
fn bad_files_are_warnings_naming_them_and_the_rest_loads() {
    let dir = folder_with_bad_input();
    let corpus = load_folder(dir.path());
    let loaded: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
    for good in [
        "sintel-en-speaker",
        "oral-history-short",
        "za-ncop-question-paper",
        "good",
        "scripts",
        "broken",
    ] {
        assert!(loaded.contains(&good), "{good} not loaded: {loaded:?}");
    }
    let warning = |file: &str| {
        corpus
            .warnings
            .iter()
            .find(|w| w.path.file_name().is_some_and(|n| n == file))
            .map(|w| w.message.clone())
            .unwrap_or_else(|| panic!("no warning for {file}: {:?}", corpus.warnings))
    };
    // A truncated PDF is read as far as it goes, with a warning saying so
    // (or, when nothing of it can be read, skipped with one).
    match corpus.documents.iter().find(|d| d.id == "truncated") {
        Some(doc) => assert!(
            doc.warnings.iter().any(|w| w.message.contains("truncated")),
            "{:?}",
            doc.warnings
        ),
        None => assert!(warning("truncated.pdf").contains("PDF")),
    }
    assert!(warning("corrupt.pdf").contains("PDF"));
    assert_eq!(warning("scan.pdf"), "no text layer: run OCR first");
    assert!(warning("bomb.docx").contains("zip bomb"));
    assert!(warning("not-a-zip.docx").contains("DOCX"));
    assert!(warning("truncated.docx").contains("DOCX"));
    // A page cut short is read as far as it goes.
    let html = corpus
        .documents
        .iter()
        .find(|d| d.path.ends_with("truncated.html"))
        .unwrap_or_else(|| panic!("{loaded:?}"));
    assert!(html.text.contains("The House met at 14:04."));
    // Scripts never reach the text; broken timings warn and keep the text.
    let scripts = corpus.documents.iter().find(|d| d.id == "scripts").unwrap();
    assert!(!scripts.text.contains("alert"));
    assert_eq!(scripts.turns().next().unwrap().speaker.as_ref(), "Ms. Doe");
    let broken = corpus.documents.iter().find(|d| d.id == "broken").unwrap();
    assert!(broken.text.contains("Second line."));
    assert!(
        broken
            .warnings
            .iter()
            .any(|w| w.message.contains("broken cue timing")),
        "{:?}",
        broken.warnings
    );
}

#[test]
fn a_folder_opens_from_the_cache_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "sintel-en-speaker.vtt",
        "oral-history-short.docx",
        "za-ncop-question-paper.pdf",
    ] {
        std::fs::copy(fixture_path(name), dir.path().join(name)).unwrap();
    }
    let ingest = Ingest::new(&Config::default());
    let first = ingest.load_paths(&[dir.path().to_path_buf()]).unwrap();
    let cache = dir.path().join(".floor/cache");
    let cached = std::fs::read_dir(&cache).unwrap().count();
    assert_eq!(cached, 3, "one cache file per extracted file");
    // The cache is what the second load reads: change a cached text and see it.
    for entry in std::fs::read_dir(&cache).unwrap() {
        let path = entry.unwrap().path();
        let json = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, json.replacen("gatekeepers", "GATEKEEPERS", 1)).unwrap();
    }
    let second = ingest.load_paths(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(first.documents.len(), second.documents.len());
    let vtt = |c: &Corpus| {
        c.documents
            .iter()
            .find(|d| d.id == "sintel-en-speaker")
            .unwrap()
            .text
            .clone()
    };
    assert!(vtt(&first).contains("gatekeepers?"));
    assert!(vtt(&second).contains("GATEKEEPERS?"));
    assert!(!second.documents.iter().any(|d| d.id.starts_with(".floor")));
}

#[test]
fn folders_pick_up_the_formats_by_default() {
    let config = Config::default();
    for ext in ["pdf", "docx", "html", "htm", "vtt", "srt", "txt", "md"] {
        assert!(config.ingest.extensions.iter().any(|e| e == ext), "{ext}");
    }
}

#[test]
fn caption_start_times_are_exported_in_json_and_csv() {
    let doc = load("sintel-en-speaker.vtt");
    let json = serde_json::to_value(floor::export::json::document(&doc)).unwrap();
    let first = &json["agenda_items"][0]["turns"][0];
    assert_eq!(first["start_time"], "0:00:12");
    assert!(floor::export::report::CSV_COLUMNS.contains(&"start_time"));
}

#[test]
fn search_reads_the_extracted_text_not_the_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["sintel-en-speaker.vtt", "za-ncop-question-paper.pdf"] {
        std::fs::copy(fixture_path(name), dir.path().join(name)).unwrap();
    }
    let count = |query: &str| {
        let out = assert_cmd::Command::cargo_bin("floor")
            .unwrap()
            .args(["search", "--count"])
            .arg(dir.path())
            .arg(query)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    // "gatekeepers" is in a cue; "Veterans" in the PDF's compressed text only.
    assert_eq!(count("gatekeepers"), "sintel-en-speaker: 1\n");
    assert!(count("Veterans").contains("za-ncop-question-paper: "));
    assert_eq!(count("00:00:12"), "", "timing lines are not text");
}

#[test]
fn hansard_pdf_turns_read_through_page_breaks_without_furniture() {
    let doc = load("dail-2012-06-06-p1-4.pdf");
    let speakers = speakers(&doc);
    // Leaders' Questions as the record gives them, in order.
    let first = speakers
        .iter()
        .position(|s| s == "Deputy Micheál Martin")
        .unwrap_or_else(|| panic!("{speakers:?}"));
    assert_eq!(
        speakers[first..first + 4],
        [
            "Deputy Micheál Martin",
            "An Leas-Cheann Comhairle",
            "Deputy Micheál Martin",
            "The Taoiseach"
        ],
        "{speakers:?}"
    );
    let texts = turn_texts(&doc);
    for text in &texts {
        // The running head ("Leaders’ 6 June 2012. Questions") and the
        // continuation line at a page's top stand in no turn.
        assert!(!text.contains("6 June 2012. Questions"), "{text:?}");
        assert!(!text.contains("[Deputy Micheál Martin.]"), "{text:?}");
    }
    assert_eq!(bare_numbers(&doc), Vec::<&str>::new());
    let martin = &texts[first];
    assert!(martin.starts_with("The people voted “Yes” in the referendum"));
    // The sentence that crosses from page 2 to page 3.
    assert!(
        martin.contains("It is also time for other eurozone countries, including Ireland,"),
        "{martin:?}"
    );
    let all = texts.join("\n");
    // Words hyphenated at a line's end rejoined; real hyphens kept.
    for words in [
        "in the referendum on the fiscal stability treaty",
        "the President of the European Parliament, Mr. Barroso",
        "Prime Minister Rajoy",
        "It is a question for politicians and political leaders to decide.",
        "its medium and longer-term proposals",
        "our bank-related debt",
        "no simple, quick-fix solutions",
    ] {
        assert!(all.contains(words), "{words:?} not in the turns");
    }
}

#[test]
fn hansard_pdf_margin_references_and_alternating_heads_are_furniture() {
    let doc = load("seanad-2020-07-17-p4-6.pdf");
    let speakers = speakers(&doc);
    for senator in [
        "Senator Rónán Mullen",
        "Senator Mark Wall",
        "Senator Niall Ó Donnghaile",
    ] {
        assert!(
            speakers.iter().any(|s| s == senator),
            "{senator}: {speakers:?}"
        );
    }
    let texts = turn_texts(&doc);
    for text in &texts {
        // `17/07/2020D00200` in the margin; the head of the left page,
        // "Seanad Éireann", and of the right, "17 July 2020".
        assert!(!text.contains("17/07/2020"), "{text:?}");
        assert!(!text.contains("Seanad Éireann"), "{text:?}");
        assert!(!text.contains("17 July 2020"), "{text:?}");
    }
    assert_eq!(bare_numbers(&doc), Vec::<&str>::new());
    let all = texts.join("\n");
    for words in [
        // Across the break from page 223 to 224, under a head seen once.
        "Uyghur people have been herded into what are effectively concentration camps",
        "some bus services were arranged through local representations",
        "the then Minister for Foreign Affairs, Gerry Collins, when asked",
        "Uyghur Muslim minority in north-west China",
    ] {
        assert!(all.contains(words), "{words:?} not in the turns");
    }
}

/// Live captions: names as the captioner wrote them, the role the speaker
/// registry or the label gives, else unknown; each turn's start time in the
/// reader's data, the JSON and the CSV.
#[test]
fn caption_speakers_keep_their_names_and_get_known_roles_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("briefing.srt");
    std::fs::write(
        &path,
        "1\n00:00:01,000 --> 00:00:03,000\n&gt;&gt; CHAIR: Good morning. I give the floor\n\n\
         2\n00:00:03,000 --> 00:00:05,000\nGood morning. I give the floor\nto the United States.\n\n\
         3\n00:00:06,500 --> 00:00:08,000\n>> UNITED STATES: Thank you, Chair.\n\n\
         4\n00:00:09,000 --> 00:00:11,000\n<v Amina Mohammed>We are ready [APPLAUSE]</v>\n\n\
         5\n00:01:02,000 --> 00:01:04,000\n>> Tedros Adhanom Ghebreyesus: Thank you all.\n",
    )
    .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let doc = ingest()
        .parse_bytes("briefing".into(), path, bytes)
        .unwrap();
    let turns: Vec<_> = doc.turns().collect();
    let got: Vec<(&str, &str, String)> = turns
        .iter()
        .map(|t| {
            (
                t.speaker.as_ref(),
                t.role.as_str(),
                doc.start_time(t).map(|s| s.clock()).unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("CHAIR", "chair", "0:00:01".to_string()),
            ("United States", "delegation", "0:00:06".to_string()),
            ("Amina Mohammed", "unknown", "0:00:09".to_string()),
            (
                "Tedros Adhanom Ghebreyesus",
                "unknown",
                "0:01:02".to_string()
            ),
        ],
        "{:?}",
        doc.text
    );
    assert_eq!(
        doc.turn_text(turns[0]),
        "Good morning. I give the floor to the United States."
    );
    assert_eq!(doc.turn_text(turns[2]), "We are ready");
    // The same times in the exports.
    let json = serde_json::to_value(floor::export::json::document(&doc)).unwrap();
    let json_turns = json["agenda_items"][0]["turns"].as_array().unwrap();
    let starts: Vec<&str> = json_turns
        .iter()
        .map(|t| t["start_time"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(starts, ["0:00:01", "0:00:06", "0:00:09", "0:01:02"]);
    // The reader shows the time before the speaker of the turn it opens.
    let mut app = floor::tui::App::with_documents(
        vec![doc.clone()],
        floor::tui::keymap::KeyMap::default(),
        floor::tui::Options::default(),
    );
    app.show_turn(0, 1);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 20)).unwrap();
    terminal.draw(|f| app.render(f)).unwrap();
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("0:00:06 · United States"), "{screen}");
    let start = turns[3].paragraphs.first().unwrap().start;
    let mut ann = floor::annotate::Annotations::default();
    ann.insert_tag(std::sync::Arc::new(floor::annotate::new_tag(
        &doc,
        start..start + 5,
        vec!["norms".into()],
        "t",
    )));
    let csv = floor::export::report::csv(&[floor::export::report::Annotated { doc, ann }]);
    assert!(csv.lines().next().unwrap().contains("start_time"), "{csv}");
    assert!(csv.lines().nth(1).unwrap().contains(",0:01:02"), "{csv}");
}

/// A record encrypted with a password floor does not have is a warning
/// naming it; one locked by an owner password only (an empty user password,
/// as many official documents are) opens as if it were not encrypted.
#[test]
fn encrypted_pdfs_warn_or_open_as_their_password_allows() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "dail-2012-06-06-p1-4.encrypted.pdf",
        "dail-2012-06-06-p1-4.owner-password.pdf",
    ] {
        std::fs::copy(fixture_path(name), dir.path().join(name)).unwrap();
    }
    std::fs::write(dir.path().join("good.txt"), "The Chair: Good morning.\n").unwrap();
    let corpus = load_folder(dir.path());
    let warning = corpus
        .warnings
        .iter()
        .find(|w| w.path.ends_with("dail-2012-06-06-p1-4.encrypted.pdf"))
        .unwrap_or_else(|| panic!("{:?}", corpus.warnings));
    assert_eq!(
        warning.message,
        "encrypted PDF; floor cannot read it without the password"
    );
    let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
    assert!(ids.contains(&"good"), "{ids:?}");
    let opened = corpus
        .documents
        .iter()
        .find(|d| d.id == "dail-2012-06-06-p1-4.owner-password")
        .unwrap_or_else(|| panic!("{ids:?}"));
    assert_eq!(opened.text, load("dail-2012-06-06-p1-4.pdf").text);
}
