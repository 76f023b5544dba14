//! Every command of the reader, as one enum.
//!
//! The names (kebab-case) are what the configuration's `[keys]` table binds;
//! the descriptions (the doc comment of each variant) are what the help
//! overlay and the README's key table show.

use serde::{Deserialize, Serialize};

macro_rules! actions {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $name:literal, )*) => {
        /// A command of the reader: what a key does.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Action {
            $( $(#[doc = $doc])+ #[serde(rename = $name)] $variant, )*
        }

        impl Action {
            /// Every action, in the order the help shows them.
            pub const ALL: &[Action] = &[$(Action::$variant),*];

            /// The name used in the configuration (`next-turn`).
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),* }
            }

            /// One line saying what the action does.
            pub fn description(self) -> &'static str {
                match self { $(Action::$variant => concat!($($doc),+).trim()),* }
            }
        }
    };
}

actions! {
    /// Move up one line (tree: previous node)
    Up = "up",
    /// Move down one line (tree: next node)
    Down = "down",
    /// Scroll up one page
    PageUp = "page-up",
    /// Scroll down one page
    PageDown = "page-down",
    /// Scroll up half a page
    HalfPageUp = "half-page-up",
    /// Scroll down half a page
    HalfPageDown = "half-page-down",
    /// Go to the top
    Top = "top",
    /// Go to the end
    Bottom = "bottom",
    /// Collapse the tree node (text pane: back to the tree)
    Collapse = "collapse",
    /// Expand the tree node
    Expand = "expand",
    /// Open the selected node in the text pane
    Open = "open",
    /// Switch between the tree and the text
    SwitchPane = "switch-pane",
    /// Lists and pickers: up one entry
    ListUp = "list-up",
    /// Lists and pickers: down one entry
    ListDown = "list-down",
    /// Lists and pickers: up one page
    ListPageUp = "list-page-up",
    /// Lists and pickers: down one page
    ListPageDown = "list-page-down",
    /// Lists and pickers: choose the entry
    ListChoose = "list-choose",
    /// Lists, pickers and views: close
    ListClose = "list-close",
    /// Note editor: save the note
    SaveNote = "save-note",
    /// Next turn
    NextTurn = "next-turn",
    /// Previous turn
    PrevTurn = "prev-turn",
    /// Next agenda item
    NextItem = "next-item",
    /// Previous agenda item
    PrevItem = "prev-item",
    /// Pick a speaker and jump through their turns
    Speakers = "speakers",
    /// Search in the document
    Search = "search",
    /// Next search hit
    NextHit = "next-hit",
    /// Previous search hit
    PrevHit = "prev-hit",
    /// Text: cursor to the next word
    WordNext = "word-next",
    /// Text: cursor to the previous word
    WordPrev = "word-prev",
    /// Text: cursor to the end of the word
    WordEnd = "word-end",
    /// Text: cursor to the next sentence
    SentenceNext = "sentence-next",
    /// Text: cursor to the previous sentence
    SentencePrev = "sentence-prev",
    /// Start or end a selection at the cursor (j/k then extend by line)
    Select = "select",
    /// Select the paragraph at the cursor
    SelectParagraph = "select-paragraph",
    /// Tag the selection (or the current turn) with a theme
    Tag = "tag",
    /// Remove the tag under the cursor (tree: delete an orphaned tag)
    Untag = "untag",
    /// Undo the last tagging action
    Undo = "undo",
    /// Redo what was undone
    Redo = "redo",
    /// Write a note on the tag under the cursor, or on the current turn
    Note = "note",
    /// Show or hide theme suggestions from the codebook's keywords
    Suggestions = "suggestions",
    /// Accept the suggestion at the cursor (or the next one in the turn)
    AcceptSuggestion = "accept-suggestion",
    /// Accept every suggestion in the current turn
    AcceptTurnSuggestions = "accept-turn-suggestions",
    /// Dismiss the suggestion at the cursor (or the next one in the turn)
    DismissSuggestion = "dismiss-suggestion",
    /// Correct who speaks in the current turn (speaker picker)
    Reattribute = "reattribute",
    /// Split the current turn at the cursor
    SplitTurn = "split-turn",
    /// Merge the current turn into the previous one
    MergeTurn = "merge-turn",
    /// Start an agenda item at the current turn (asks for the title)
    StartItem = "start-item",
    /// Details of the tag under the cursor (author, merge)
    TagDetails = "tag-details",
    /// Show all coders' tags, only mine, or one coder's (cycles)
    CoderFilter = "coder-filter",
    /// Go to the next tag version a merge kept (a conflict)
    NextConflict = "next-conflict",
    /// Compare two coders; accept A's tag, B's, both or neither
    Agreement = "agreement",
    /// Search the whole corpus (results by document and turn)
    CorpusSearch = "corpus-search",
    /// Speaker index: every turn of a speaker across the corpus
    SpeakerIndex = "speaker-index",
    /// Theme index: every segment tagged with a theme
    ThemeIndex = "theme-index",
    /// Speaker × theme table with a bar chart of one theme
    ThemeTable = "theme-table",
    /// Export the corpus with its tags (md, csv, json, qdpx, qdc)
    Export = "export",
    /// Pick a document by title, date or path and open it
    Documents = "documents",
    /// Make the tree wider
    TreeWider = "tree-wider",
    /// Make the tree narrower
    TreeNarrower = "tree-narrower",
    /// The paths that did not load, and why
    Warnings = "warnings",
    /// Capture the mouse, or give it back to the terminal (to select and copy)
    Mouse = "mouse",
    /// Show or hide this help
    Help = "help",
    /// Suspend to the shell (resume with fg)
    Suspend = "suspend",
    /// Quit
    Quit = "quit",
}

/// The tasks the help groups the actions by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Task {
    Reading,
    Tagging,
    Search,
    Corrections,
    Export,
    /// Lists and pickers.
    Lists,
}

impl Task {
    /// Every task, in the order the help shows them.
    pub const ALL: [Task; 6] = [
        Task::Reading,
        Task::Tagging,
        Task::Search,
        Task::Corrections,
        Task::Export,
        Task::Lists,
    ];

    /// The heading of the task in the help.
    pub fn title(self) -> &'static str {
        match self {
            Task::Reading => "Reading",
            Task::Tagging => "Tagging and notes",
            Task::Search => "Search and indexes",
            Task::Corrections => "Corrections",
            Task::Export => "Export",
            Task::Lists => "Lists and pickers",
        }
    }
}

impl Action {
    /// The task the action serves, for the help's groups.
    pub fn task(self) -> Task {
        use Action::*;
        match self {
            ListUp | ListDown | ListPageUp | ListPageDown | ListChoose | ListClose => Task::Lists,
            WordNext
            | WordPrev
            | WordEnd
            | SentenceNext
            | SentencePrev
            | Select
            | SelectParagraph
            | Tag
            | Untag
            | Undo
            | Redo
            | Note
            | SaveNote
            | Suggestions
            | AcceptSuggestion
            | AcceptTurnSuggestions
            | DismissSuggestion
            | TagDetails
            | CoderFilter
            | NextConflict
            | Agreement => Task::Tagging,
            Search | NextHit | PrevHit | CorpusSearch | SpeakerIndex | ThemeIndex | ThemeTable => {
                Task::Search
            }
            Reattribute | SplitTurn | MergeTurn | StartItem => Task::Corrections,
            Export => Task::Export,
            Up | Down | PageUp | PageDown | HalfPageUp | HalfPageDown | Top | Bottom | Collapse
            | Expand | Open | SwitchPane | NextTurn | PrevTurn | NextItem | PrevItem | Speakers
            | Documents | TreeWider | TreeNarrower | Warnings | Mouse | Help | Suspend | Quit => {
                Task::Reading
            }
        }
    }

    /// Whether the action is for lists and pickers, where letters type a
    /// filter: its keys are looked up apart from the others, so `up` can
    /// move in a list and in the text alike.
    pub fn in_lists(self) -> bool {
        self.name().starts_with("list-")
    }

    /// The action of a configuration name.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde() {
        for &action in Action::ALL {
            let json = serde_json::to_string(&action).unwrap();
            assert_eq!(json, format!("\"{}\"", action.name()));
            assert_eq!(Action::from_name(action.name()), Some(action));
            assert!(!action.description().is_empty());
        }
    }
}
