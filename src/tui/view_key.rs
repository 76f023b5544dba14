//! What the corpus views' components share: whether keys go to an input
//! line or to a list ([`Stage`]), and what a key did ([`ViewKey`]), which
//! the reader acts on ([`super::corpus_keys`]).

use super::results::Entry;
use crate::export::Format;

/// Whether keys go to the input line (a query or a filter) or to the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stage {
    /// Typing: a query, or a filter over speakers or themes.
    #[default]
    Input,
    /// Moving through the results with `j`/`k`.
    List,
}

/// What a key did in a corpus view.
#[derive(Debug, Clone)]
pub enum ViewKey {
    /// The view stays open (a move, a letter, nothing).
    Open,
    /// Closed.
    Closed,
    /// Closed to show an entry: the entry, its place in the list and how
    /// many there are.
    Jump(Entry, usize, usize),
    /// Closed to write an export in a format.
    Export(Format),
    /// The view stays open with something to say (nothing found).
    Message(String),
}
