//! A corpus generator: transcripts shaped like the OEWG sample (seed 004) with
//! varied speakers, agenda items and lengths, for benchmarks and load tests.
//! Deterministic for a given seed.

// Shared by the example and the benchmarks, which each use a part of it.
#![allow(dead_code)]

use std::path::Path;

/// A small deterministic random number generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const DELEGATIONS: &[&str] = &[
    "Germany",
    "Malaysia",
    "Brazil",
    "Fiji",
    "Malawi",
    "Islamic Republic of Iran",
    "Chile",
    "Egypt",
    "Thailand",
    "Austria",
    "Pakistan",
    "France",
    "Cuba",
    "Canada",
    "Australia",
    "Switzerland",
    "Japan",
    "Singapore",
    "India",
    "Mexico",
    "Kenya",
    "Nigeria",
    "Indonesia",
    "Estonia",
    "Colombia",
    "Ghana",
    "Viet Nam",
    "Norway",
    "Argentina",
    "Morocco",
    "Türkiye",
    "Philippines",
    "Senegal",
    "Jordan",
];
const LABELLED: &[&str] = &[
    "European Union",
    "Netherlands",
    "South Africa",
    "Russian Federation",
    "El Salvador",
];
const TOPICS: &[&str] = &[
    "capacity building",
    "regular institutional dialogue",
    "international law",
    "confidence-building measures",
    "existing and potential threats",
    "rules, norms and principles",
];
const WORDS: &[&str] = &[
    "the",
    "framework",
    "of",
    "responsible",
    "State",
    "behaviour",
    "in",
    "cyberspace",
    "we",
    "support",
    "a",
    "Programme",
    "of",
    "Action",
    "capacity",
    "building",
    "and",
    "stakeholders",
    "must",
    "be",
    "inclusive",
    "international",
    "law",
    "applies",
    "to",
    "the",
    "use",
    "of",
    "ICTs",
    "by",
    "States",
    "confidence-building",
    "measures",
    "critical",
    "infrastructure",
    "human",
    "rights",
    "gender",
    "digital",
    "divide",
    "working",
    "group",
    "consensus",
    "report",
    "implementation",
    "norms",
    "threats",
];

fn sentence(rng: &mut Rng, out: &mut String) {
    let n = 8 + rng.below(22);
    for i in 0..n {
        let w = rng.pick(WORDS);
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                out.extend(f.to_uppercase());
                out.push_str(c.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(w);
        }
    }
    out.push_str(". ");
}

fn paragraph(rng: &mut Rng, sentences: usize, out: &mut String) {
    for _ in 0..sentences {
        sentence(rng, out);
    }
    out.pop();
}

/// One transcript of about `target` bytes.
pub fn transcript(rng: &mut Rng, index: usize, target: usize) -> String {
    let mut out = format!(
        "Session {}-{} Transcript\n(OEWG 2021-25)\n\nThis is an unofficial transcript\n\n",
        1 + index / 10,
        1 + index % 10
    );
    let chair = "Ambassador Gafoor";
    let mut topic = rng.pick(TOPICS);
    out.push_str(&format!(
        "{chair}\u{a0}\u{a0}\n\n\nDistinguished delegates, good morning. We continue under the sub-item on {topic}. "
    ));
    let mut next = rng.pick(DELEGATIONS);
    out.push_str(&format!(
        "I give the floor now to {next}. {next}, please.\n"
    ));
    while out.len() < target {
        // The delegation's turn: labelled for a few, unlabelled for most.
        let labelled = LABELLED.contains(&next);
        if labelled {
            out.push_str(&format!("\n{next}\u{a0}\u{a0}\n\n"));
        } else {
            out.push_str("\n\n");
        }
        out.push_str(&format!(
            "Thank you, Chair. {next} is fully aligned with the statement. "
        ));
        let sentences = 5 + rng.below(30);
        paragraph(rng, sentences, &mut out);
        out.push('\n');
        // The chair thanks and gives the floor to the next speaker.
        let after = if rng.below(6) == 0 {
            rng.pick(LABELLED)
        } else {
            rng.pick(DELEGATIONS)
        };
        let then = rng.pick(DELEGATIONS);
        out.push_str(&format!(
            "\n{chair}\u{a0}\u{a0}\n\nThank you for the statement. "
        ));
        if rng.below(12) == 0 {
            let new_topic = rng.pick(TOPICS);
            if new_topic != topic {
                topic = new_topic;
                out.push_str(&format!("So the floor is now open on {topic}. "));
            }
        }
        match rng.below(3) {
            0 => out.push_str(&format!(
                "I give the floor to {after}, to be followed by {then}. {after}, please.\n"
            )),
            1 => out.push_str(&format!("{after}, please, to be followed by {then}.\n")),
            _ => out.push_str(&format!("{after}, you have the floor.\n")),
        }
        next = after;
    }
    out.push_str("\nLeave a Reply\n\nYour email address will not be published. Required fields are marked *\n");
    out
}

/// Writes `count` transcripts of about `size` bytes under `dir`, ten to a
/// session folder; returns the total bytes written.
pub fn write_corpus(dir: &Path, count: usize, size: usize, seed: u64) -> std::io::Result<u64> {
    let mut rng = Rng::new(seed);
    let mut total = 0;
    for i in 0..count {
        let folder = dir.join(format!("session-{:03}", i / 10));
        std::fs::create_dir_all(&folder)?;
        let target = size / 2 + rng.below(size);
        let text = transcript(&mut rng, i, target);
        total += text.len() as u64;
        std::fs::write(folder.join(format!("meeting-{}.txt", i % 10 + 1)), text)?;
    }
    Ok(total)
}
