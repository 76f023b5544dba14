//! The sample corpus compiled into the binary: the five documents the
//! project started from, so `floor` shows something from any directory.

use std::path::PathBuf;

use super::Source;

/// Id and bytes of each sample document.
pub const SAMPLE: &[(&str, &[u8])] = &[
    (
        "articles/2019-09-joint-statement-27-countries-responsible-state-behaviour",
        include_bytes!(
            "../../assets/sample/articles/2019-09-joint-statement-27-countries-responsible-state-behaviour.txt"
        ),
    ),
    (
        "oewg-2021-25/session-2/meeting-9",
        include_bytes!("../../assets/sample/oewg-2021-25/session-2/meeting-9.txt"),
    ),
    (
        "statements/2020-05-22-france-arria-formula-security-council",
        include_bytes!(
            "../../assets/sample/statements/2020-05-22-france-arria-formula-security-council.txt"
        ),
    ),
    (
        "statements/2022-09-25-france-germany-shaping-global-cybersecurity",
        include_bytes!(
            "../../assets/sample/statements/2022-09-25-france-germany-shaping-global-cybersecurity.txt"
        ),
    ),
    (
        "submissions/2020-02-12-france-egypt-programme-of-action",
        include_bytes!(
            "../../assets/sample/submissions/2020-02-12-france-egypt-programme-of-action.txt"
        ),
    ),
];

/// The sample as sources; paths read `sample:ID.txt`.
pub fn sources() -> Vec<Source> {
    SAMPLE
        .iter()
        .map(|(id, bytes)| Source {
            id: id.to_string(),
            path: PathBuf::from(format!("sample:{id}.txt")),
            embedded: Some(bytes),
        })
        .collect()
}
