//! Scores attribution on the development set in `tests/attribution/`: real
//! excerpts of transcripts, each with a truth file of its turns (speaker,
//! first words, agenda item). Prints boundary, speaker and agenda accuracy
//! per document and over each folder, and fails when boundary or speaker
//! accuracy over all documents falls below 0.95. `holdout/` is scored the
//! same way but was kept out of the tuning (see its README).

use std::path::{Path, PathBuf};

use floor::config::Config;
use floor::ingest::Ingest;
use floor::model::Document;
use floor::text::fold::fold_str;

/// One turn of a truth file.
#[derive(Debug)]
struct Truth {
    speaker: String,
    first_words: String,
    agenda: String,
}

fn read_truth(path: &Path) -> Vec<Truth> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut cells = l.split('|').map(str::trim);
            let mut cell = || cells.next().unwrap_or("").to_string();
            Truth {
                speaker: cell(),
                first_words: cell(),
                agenda: cell(),
            }
        })
        .collect()
}

/// Case, diacritics, hyphen shapes, runs of blanks and a paragraph number
/// ("3. ") do not count.
fn norm(s: &str) -> String {
    let s = s
        .replace(['\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}'], "-")
        .replace(['\u{2019}', '\u{2018}'], "'");
    let folded = fold_str(&s);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let mut out = words.join(" ");
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(". ") {
        out = out[digits + 2..].to_string();
    }
    out
}

fn norm_speaker(s: &str) -> String {
    let n = norm(s);
    n.strip_prefix("the ").map(str::to_string).unwrap_or(n)
}

#[derive(Default, Debug, Clone, Copy)]
struct Score {
    truth: usize,
    parsed: usize,
    matched: usize,
    speaker: usize,
    agenda: usize,
    /// Truth turns whose turn is doubtful / sure, and how many of each
    /// were wrong (boundary missed or speaker wrong).
    doubtful: usize,
    doubtful_wrong: usize,
    sure: usize,
    sure_wrong: usize,
}

impl Score {
    fn add(&mut self, o: Score) {
        self.truth += o.truth;
        self.parsed += o.parsed;
        self.matched += o.matched;
        self.speaker += o.speaker;
        self.agenda += o.agenda;
        self.doubtful += o.doubtful;
        self.doubtful_wrong += o.doubtful_wrong;
        self.sure += o.sure;
        self.sure_wrong += o.sure_wrong;
    }
    fn calibration(&self) -> String {
        let share = |w: usize, n: usize| w as f64 / n.max(1) as f64;
        format!(
            "errors among doubtful turns {}/{} ({:.2}), among sure turns {}/{} ({:.2})",
            self.doubtful_wrong,
            self.doubtful,
            share(self.doubtful_wrong, self.doubtful),
            self.sure_wrong,
            self.sure,
            share(self.sure_wrong, self.sure)
        )
    }
    /// Turn starts found, as an F1 of precision and recall: a turn split in
    /// two costs as much as two turns run together.
    fn boundary(&self) -> f64 {
        if self.truth + self.parsed == 0 {
            return 1.0;
        }
        2.0 * self.matched as f64 / (self.truth + self.parsed) as f64
    }
    fn speaker(&self) -> f64 {
        self.speaker as f64 / self.truth.max(1) as f64
    }
    fn agenda(&self) -> f64 {
        self.agenda as f64 / self.truth.max(1) as f64
    }
}

fn score(doc: &Document, truth: &[Truth], report: &mut String) -> Score {
    use std::fmt::Write as _;
    let parsed: Vec<(String, String, String, bool)> = doc
        .agenda_items
        .iter()
        .flat_map(|item| {
            let agenda = item.title.clone().unwrap_or_default();
            item.turns
                .iter()
                .map(move |t| (t.speaker.to_string(), agenda.clone(), t.clone()))
        })
        .map(|(speaker, agenda, turn)| {
            let text = norm(&doc.turn_text(&turn));
            (speaker, agenda, text, turn.is_doubtful())
        })
        .collect();
    let mut s = Score {
        truth: truth.len(),
        parsed: parsed.len(),
        ..Score::default()
    };
    let mut from = 0;
    for t in truth {
        let words = norm(&t.first_words);
        let found = (from..parsed.len()).find(|&i| parsed[i].2.starts_with(&words));
        // The turn a user would look at for these words: the one found, or
        // the one holding them.
        let holder = found.or_else(|| parsed.iter().position(|p| p.2.contains(&words)));
        let doubtful = holder.is_some_and(|i| parsed[i].3);
        let right = found.is_some_and(|i| norm_speaker(&parsed[i].0) == norm_speaker(&t.speaker));
        if doubtful {
            s.doubtful += 1;
            s.doubtful_wrong += usize::from(!right);
        } else {
            s.sure += 1;
            s.sure_wrong += usize::from(!right);
        }
        match found {
            Some(i) => {
                from = i + 1;
                s.matched += 1;
                let (speaker, agenda, _, _) = &parsed[i];
                let speaker_ok = norm_speaker(speaker) == norm_speaker(&t.speaker);
                let agenda_ok = norm(agenda) == norm(&t.agenda);
                s.speaker += usize::from(speaker_ok);
                s.agenda += usize::from(agenda_ok);
                if !speaker_ok {
                    let _ = writeln!(
                        report,
                        "    speaker: {:?} got {speaker:?}",
                        t.first_words, /* want */
                    );
                    let _ = writeln!(report, "      want {:?}", t.speaker);
                }
            }
            None => {
                let _ = writeln!(report, "    no turn starts {:?}", t.first_words);
            }
        }
    }
    if s.parsed != s.matched {
        let _ = writeln!(report, "    parsed turns:");
        for (speaker, _, text, _) in &parsed {
            let head: String = text.chars().take(40).collect();
            let _ = writeln!(report, "      {speaker}: {head}");
        }
    }
    s
}

fn score_folder(ingest: &Ingest, dir: &Path) -> Score {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no excerpts in {}", dir.display());
    let mut total = Score::default();
    for file in files {
        let truth = read_truth(&file.with_extension("truth"));
        let bytes = std::fs::read(&file).unwrap();
        assert!(bytes.len() <= 3 * 1024, "{} is over 3 KB", file.display());
        let id = file.file_stem().unwrap().to_string_lossy().into_owned();
        let doc = ingest.parse_bytes(id.clone(), file.clone(), bytes).unwrap();
        let mut report = String::new();
        let s = score(&doc, &truth, &mut report);
        eprintln!(
            "  {id:32} boundary {:.2} speaker {:.2} agenda {:.2} ({} turns, {} parsed)",
            s.boundary(),
            s.speaker(),
            s.agenda(),
            s.truth,
            s.parsed
        );
        eprint!("{report}");
        total.add(s);
    }
    eprintln!(
        "{}: boundary {:.3} speaker {:.3} agenda {:.3} over {} turns",
        dir.display(),
        total.boundary(),
        total.speaker(),
        total.agenda(),
        total.truth
    );
    eprintln!("{}: {}", dir.display(), total.calibration());
    total
}

#[test]
fn development_set_is_attributed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/attribution");
    let ingest = Ingest::new(&Config::default());
    let mut all = score_folder(&ingest, &root.join("dev"));
    let holdout = score_folder(&ingest, &root.join("holdout"));
    all.add(holdout);
    eprintln!(
        "all: boundary {:.3} speaker {:.3} agenda {:.3} over {} turns",
        all.boundary(),
        all.speaker(),
        all.agenda(),
        all.truth
    );
    eprintln!("all: {}", all.calibration());
    assert!(all.boundary() >= 0.95, "boundary {:.3}", all.boundary());
    assert!(all.speaker() >= 0.95, "speaker {:.3}", all.speaker());
}
