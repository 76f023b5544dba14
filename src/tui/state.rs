//! The reader's state: what is about the screen — the tree, which pane has
//! the focus, the mode (normal, search, speaker picker, help), the scroll
//! position, the search hits and the caches of display text. The documents,
//! their annotations and the selection (open document, current turn) are
//! in the [`Session`](crate::session::Session) it holds. No I/O and no
//! drawing here.

use ratatui::layout::Rect;
use tui_tree_widget::{TreeItem, TreeState};

use super::document_view::{DocText, Layout};
use super::keymap::KeyMap;
use crate::model::{Document, PathWarning};

/// Choices made when the reader starts, not read from the environment by views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Draw with the 16-colour palette (false when `NO_COLOR` is set).
    pub color: bool,
    /// Draw with ASCII characters only.
    pub ascii: bool,
    /// Capture the mouse (clicks and the wheel go to the reader). Off by
    /// default, so that the terminal's own selection copies text, also
    /// over SSH; the `mouse` key turns it on and off.
    pub mouse: bool,
    /// Columns of the tree (0: three tenths of the width, 22 to 40).
    pub tree_width: u16,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            color: true,
            ascii: false,
            mouse: false,
            tree_width: 0,
        }
    }
}

/// A stable id of a tree node; documents are numbered in arrival order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeId {
    /// A folder, by its path (`oewg-2021-25/session-2`).
    Folder(String),
    Doc(usize),
    /// Document and agenda item index.
    Item(usize, usize),
    /// Document and turn index in reading order.
    Turn(usize, usize),
    /// The orphaned tags of a document.
    Orphans(usize),
    /// An orphaned tag: document and tag id.
    Orphan(usize, String),
}

/// Which pane keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Tree,
    Text,
}

/// What the reader is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// Typing a search on the bottom line.
    Search,
    /// Choosing a speaker.
    SpeakerPicker,
    /// The help overlay.
    Help,
    /// Choosing a theme for a tag.
    ThemePicker,
    /// Editing a note.
    Note,
    /// Typing a line (an agenda item title).
    Prompt,
    /// A corpus-wide view: search, speaker or theme index, table, export.
    Corpus,
    /// Asking before a quit would lose changes.
    Quit,
    /// Two coders compared: the turns where they disagree.
    Agreement,
    /// Choosing a document to open.
    Documents,
    /// The paths that did not load, and why.
    Warnings,
}

/// The speaker picker.
pub type Picker = super::pickers::SpeakerPicker;

/// Where the panes are for a terminal size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Geometry {
    pub tree: Option<Rect>,
    pub separator: Option<Rect>,
    /// The open document's header (title, date, symbol, source), one row
    /// above its text.
    pub header: Option<Rect>,
    pub text: Option<Rect>,
    pub status: Rect,
    pub too_small: bool,
}

/// Smallest size the reader draws in; below it, a note.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 4;
/// From this width, the tree and the text side by side.
pub const TWO_PANE_WIDTH: u16 = 70;
/// Columns left of the text: the current-turn mark and a space.
pub const GUTTER: u16 = 2;

/// The narrowest and widest tree the keys make (`<`, `>`).
pub const TREE_MIN: u16 = 12;
pub const TREE_MAX: u16 = 80;

impl Geometry {
    /// The panes for `area`: side by side from [`TWO_PANE_WIDTH`], the
    /// tree `tree_width` columns wide (0: three tenths of the width, 22 to
    /// 40 columns), always leaving the text at least half the width.
    pub fn new(area: Rect, focus: Focus, tree_width: u16) -> Geometry {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return Geometry {
                status: area,
                too_small: true,
                ..Geometry::default()
            };
        }
        let body = Rect {
            height: area.height - 1,
            ..area
        };
        let status = Rect {
            y: area.y + area.height - 1,
            height: 1,
            ..area
        };
        if area.width >= TWO_PANE_WIDTH {
            let tree_w = if tree_width == 0 {
                (area.width * 3 / 10).clamp(22, 40)
            } else {
                tree_width.clamp(TREE_MIN, area.width / 2)
            };
            let tree = Rect {
                width: tree_w,
                ..body
            };
            let separator = Rect {
                x: body.x + tree_w,
                width: 1,
                ..body
            };
            let text = Rect {
                x: body.x + tree_w + 1,
                width: body.width - tree_w - 1,
                ..body
            };
            let (header, text) = with_header(text);
            Geometry {
                tree: Some(tree),
                separator: Some(separator),
                header,
                text: Some(text),
                status,
                too_small: false,
            }
        } else {
            let (tree, header, text) = match focus {
                Focus::Tree => (Some(body), None, None),
                Focus::Text => {
                    let (header, text) = with_header(body);
                    (None, header, Some(text))
                }
            };
            Geometry {
                tree,
                separator: None,
                header,
                text,
                status,
                too_small: false,
            }
        }
    }
}

/// How many documents' display texts [`App::doc_text`] keeps.
pub const KEPT_TEXTS: usize = 8;

/// The text pane's first row for the document's header, from
/// [`HEADER_HEIGHT`] rows up (below that every row is for the text).
fn with_header(pane: Rect) -> (Option<Rect>, Rect) {
    if pane.height < HEADER_HEIGHT {
        return (None, pane);
    }
    let header = Rect { height: 1, ..pane };
    let text = Rect {
        y: pane.y + 1,
        height: pane.height - 1,
        ..pane
    };
    (Some(header), text)
}

/// The text pane's height from which it shows the document's header.
pub const HEADER_HEIGHT: u16 = 8;

/// The whole state of the reader.
pub struct App {
    /// The documents (in arrival order; their index is their id in the
    /// tree), their annotations, undo and saving.
    pub session: crate::session::Session,
    /// Warnings about paths that did not load.
    pub warnings: Vec<PathWarning>,
    /// Display texts of the documents opened lately, built on first use;
    /// at most [`KEPT_TEXTS`] at a time ([`App::doc_text`]).
    pub(crate) texts: Vec<Option<Box<DocText>>>,
    /// The documents whose display texts are built, oldest first.
    pub(crate) texts_built: std::collections::VecDeque<usize>,
    /// The wrapped current document: (document, layout).
    pub(crate) layout: Option<(usize, Layout)>,
    pub keymap: KeyMap,
    pub options: Options,
    pub(crate) tree_items: Vec<TreeItem<'static, NodeId>>,
    /// What the tree items were built from: documents, open nodes, the
    /// annotation version and the tree's width.
    pub(crate) tree_built: Option<(usize, usize, u64, u16)>,
    /// Turns (document, turn) whose labels changed since the tree items
    /// were built: the tree patches them rather than rebuild.
    pub(crate) tree_stale: Vec<(usize, usize)>,
    pub tree_state: TreeState<NodeId>,
    /// Columns of the tree beside the text (0: from the terminal's width).
    pub tree_width: u16,
    pub focus: Focus,
    pub mode: Mode,
    /// First visible row of the text pane.
    pub scroll: usize,
    /// The search in the open document.
    pub search: super::doc_search::DocSearch,
    pub picker: Picker,
    pub help: super::help::Help,
    pub doc_picker: super::doc_picker::DocPicker,
    pub warnings_view: super::warnings::WarningsView,
    /// Documents loaded and expected, while loading.
    pub loading: Option<(usize, usize)>,
    /// The terminal area of the last frame (or of the last resize).
    pub size: Rect,
    /// A message for the status line (a problem, a hint).
    pub message: Option<String>,
    pub quit: bool,
    /// Whether the user pressed a key or clicked yet.
    pub touched: bool,
    /// Set when the user asked to suspend; the event loop does it.
    pub suspend: bool,
    /// Tags, notes, corrections, the cursor and selection, and saving.
    pub notes: super::annotate::Annotating,
    /// The corpus-wide views (search, indexes, table, export).
    pub views: super::corpus_views::CorpusViews,
    /// The question asked before a quit would lose changes.
    pub quit_guard: Option<super::quit_guard::QuitGuard>,
    /// How the quit went: the user abandoned unsaved changes.
    pub abandoned: bool,
    /// Side files the unsaved changes were written to at the quit.
    pub rescued: Vec<std::path::PathBuf>,
    /// The agreement view (kept while jumping to a turn, for going back).
    pub agreement: Option<super::agreement::AgreementView>,
    /// Whose tags are shown.
    pub coder_filter: crate::annotate::agree::CoderFilter,
    /// Loading ended with no document: the reader ends and says why.
    pub nothing_loaded: bool,
    /// Why the last edit was refused (a read-only document), shown once
    /// the key is handled, over any message the key's action set.
    pub refused: Option<String>,
}

impl App {
    /// An empty reader; documents arrive with [`App::add_document`].
    pub fn new(keymap: KeyMap, options: Options) -> App {
        let mut app = App::without_suggester(keymap, options);
        app.session.codebook = crate::annotate::Codebook::default();
        app.session.suggester = Some(crate::annotate::suggest::Suggester::new(
            &app.session.codebook,
        ));
        app
    }

    /// An empty reader with no codebook and no keyword matcher for
    /// suggestions yet: the terminal reader draws its first frame with this
    /// and receives the codebook and its matcher from the loading thread.
    pub fn without_suggester(keymap: KeyMap, options: Options) -> App {
        let notes = super::annotate::Annotating::default();
        App {
            session: crate::session::Session::without_codebook(),
            warnings: Vec::new(),
            texts: Vec::new(),
            texts_built: std::collections::VecDeque::new(),
            layout: None,
            keymap,
            options,
            tree_items: Vec::new(),
            tree_built: None,
            tree_stale: Vec::new(),
            tree_state: TreeState::default(),
            tree_width: options.tree_width,
            focus: Focus::Tree,
            mode: Mode::Normal,
            scroll: 0,
            search: super::doc_search::DocSearch::default(),
            picker: Picker::default(),
            help: super::help::Help::default(),
            doc_picker: super::doc_picker::DocPicker::default(),
            warnings_view: super::warnings::WarningsView::default(),
            loading: None,
            size: Rect::new(0, 0, 80, 24),
            message: None,
            quit: false,
            touched: false,
            suspend: false,
            notes,
            views: super::corpus_views::CorpusViews::default(),
            quit_guard: None,
            abandoned: false,
            rescued: Vec::new(),
            refused: None,
            nothing_loaded: false,
            coder_filter: crate::annotate::agree::CoderFilter::All,
            agreement: None,
        }
    }

    /// A reader over documents already loaded.
    pub fn with_documents(docs: Vec<Document>, keymap: KeyMap, options: Options) -> App {
        let mut app = App::new(keymap, options);
        for doc in docs {
            app.add_document(doc);
        }
        app
    }

    /// Adds a document that finished loading; the tree fills in.
    pub fn add_document(&mut self, doc: Document) {
        self.add_annotated(doc, None);
    }

    /// Adds a document with its stored annotations (and where to save
    /// them); its corrections are applied here.
    pub fn add_annotated(
        &mut self,
        doc: Document,
        stored: Option<(crate::annotate::Annotations, crate::annotate::Location)>,
    ) {
        self.session.add(doc, stored);
        self.texts.push(None);
        if let Some((done, _)) = &mut self.loading {
            *done += 1;
        }
        self.tree_built = None;
        // Until the user moves, the selection stays on the first node.
        if !self.touched
            && let Some(first) = self.session.first_doc()
        {
            let path = self.doc_path(first);
            self.tree_state.select(path[..1].to_vec());
        }
    }

    /// The tree's items as the last frame made them (a closed document's
    /// turns are not made).
    pub fn tree_items(&self) -> &[TreeItem<'static, NodeId>] {
        &self.tree_items
    }

    /// Every document has arrived. A corpus of one document opens it, with
    /// the text in front: there is nothing to choose. An empty corpus
    /// ends the reader ([`App::nothing_loaded`]).
    pub fn finished_loading(&mut self) {
        self.loading = None;
        if self.session.docs.is_empty() {
            self.nothing_loaded = true;
            self.quit = true;
            return;
        }
        if self.session.docs.len() == 1 && self.session.selection.doc.is_none() && !self.touched {
            if self.session.docs[0].turn_count() > 0 {
                self.show_turn(0, 0);
            } else {
                self.open_doc(0);
            }
            self.focus = Focus::Text;
        }
    }

    /// The tree path of a document: its folders, then itself.
    pub fn doc_path(&self, doc: usize) -> Vec<NodeId> {
        let id = &self.session.docs[doc].id;
        let mut path = Vec::new();
        let mut end = 0;
        for part in id.split('/') {
            end += part.len();
            if end < id.len() {
                path.push(NodeId::Folder(id[..end].to_string()));
                end += 1;
            }
        }
        path.push(NodeId::Doc(doc));
        path
    }

    /// The tree path of a turn.
    pub fn turn_path(&self, doc: usize, turn: usize) -> Vec<NodeId> {
        let mut path = self.doc_path(doc);
        if let Some((item, _)) = self.session.docs[doc].turn_location(turn)
            && self.session.docs[doc].agenda_items[item].title.is_some()
        {
            path.push(NodeId::Item(doc, item));
        }
        path.push(NodeId::Turn(doc, turn));
        path
    }

    /// The pane geometry for the current size and focus.
    pub fn geometry(&self) -> Geometry {
        Geometry::new(self.size, self.focus, self.tree_width)
    }

    /// Makes the tree `delta` columns wider (narrower when negative), from
    /// the width it has now, within [`TREE_MIN`] and [`TREE_MAX`].
    pub fn resize_tree(&mut self, delta: i16) {
        let now = Geometry::new(self.size, Focus::Tree, self.tree_width)
            .tree
            .filter(|_| self.size.width >= TWO_PANE_WIDTH)
            .map_or(self.tree_width, |r| r.width);
        let now = if now == 0 { 24 } else { now };
        self.tree_width = now.saturating_add_signed(delta).clamp(TREE_MIN, TREE_MAX);
        self.tree_built = None;
        self.ensure_layout();
    }

    /// Rows of the text pane.
    pub fn text_height(&self) -> usize {
        let g = Geometry::new(self.size, Focus::Text, self.tree_width);
        g.text.map_or(1, |r| usize::from(r.height.max(1)))
    }

    /// The wrap width of the text pane.
    pub fn text_width(&self) -> u16 {
        let g = Geometry::new(self.size, Focus::Text, self.tree_width);
        g.text
            .map_or(1, |r| r.width.saturating_sub(GUTTER + 1).max(1))
    }

    /// The display text of a document, built on first use. A display
    /// text holds the document's text twice more (as shown, and folded
    /// for search), so only the last [`KEPT_TEXTS`] built are kept, and
    /// always the open document's: reading through a large corpus does
    /// not keep a copy of every document read.
    pub fn doc_text(&mut self, doc: usize) -> &DocText {
        if self.texts[doc].is_none() {
            self.texts_built.retain(|&d| d != doc);
            let open = self.session.selection.doc;
            while self.texts_built.len() >= KEPT_TEXTS {
                let Some(at) = self.texts_built.iter().position(|&d| Some(d) != open) else {
                    break;
                };
                if let Some(old) = self.texts_built.remove(at) {
                    self.texts[old] = None;
                }
            }
            self.texts[doc] = Some(Box::new(DocText::new(&self.session.docs[doc])));
            self.texts_built.push_back(doc);
        }
        self.texts[doc].as_deref().expect("just built")
    }

    /// Makes sure the layout of the current document is for the current width.
    pub fn ensure_layout(&mut self) {
        let Some(doc) = self.session.selection.doc else {
            self.layout = None;
            return;
        };
        let width = self.text_width();
        if matches!(&self.layout, Some((d, l)) if *d == doc && l.width == width) {
            return;
        }
        // Keep the current turn (or the top row's text) in view across widths.
        let anchor = self.layout.as_ref().and_then(|(d, l)| {
            (*d == doc)
                .then(|| l.rows.get(self.scroll).map(|r| r.range.start))
                .flatten()
        });
        let layout = self.doc_text(doc).layout(width);
        if let Some(offset) = anchor {
            self.scroll = layout.row_of_offset(offset);
        }
        self.layout = Some((doc, layout));
        self.clamp_scroll();
    }

    /// The layout of the current document, if one is open.
    pub fn current_layout(&mut self) -> Option<&Layout> {
        self.ensure_layout();
        self.layout.as_ref().map(|(_, l)| l)
    }

    /// The largest scroll position: the last row at the bottom of the pane.
    pub fn max_scroll(&mut self) -> usize {
        let height = self.text_height();
        self.current_layout()
            .map_or(0, |l| l.rows.len().saturating_sub(height))
    }

    pub fn clamp_scroll(&mut self) {
        let height = self.text_height();
        let rows = self.layout.as_ref().map_or(0, |(_, l)| l.rows.len());
        self.scroll = self.scroll.min(rows.saturating_sub(height));
    }

    /// How far through the document the view is, in percent.
    pub fn percent(&mut self) -> usize {
        let height = self.text_height();
        let Some(layout) = self.current_layout() else {
            return 0;
        };
        let rows = layout.rows.len();
        if rows <= height {
            return 100;
        }
        let scroll = self.scroll.min(rows - height);
        (scroll * 100) / (rows - height)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::ingest::{Ingest, sample};

    #[test]
    fn display_texts_are_kept_for_the_last_documents_and_the_open_one() {
        let ingest = Ingest::new(&Config::default());
        let one = ingest.load_source(&sample::sources()[0]).unwrap();
        let docs: Vec<Document> = (0..KEPT_TEXTS + 4)
            .map(|i| Document {
                id: format!("d{i:02}"),
                ..one.clone()
            })
            .collect();
        let mut app = App::with_documents(docs, KeyMap::default(), Options::default());
        app.session.selection.doc = Some(0);
        let first = app.doc_text(0).text.clone();
        for d in 1..app.session.docs.len() {
            app.doc_text(d);
            let built: Vec<usize> = (0..app.texts.len())
                .filter(|&x| app.texts[x].is_some())
                .collect();
            assert!(built.len() <= KEPT_TEXTS, "{built:?}");
            assert!(built.contains(&0) && built.contains(&d), "{built:?}");
            assert_eq!(built.len(), app.texts_built.len());
        }
        // A dropped text is built again, the same.
        app.session.selection.doc = Some(3);
        assert!(app.texts[1].is_none());
        assert_eq!(app.doc_text(1).text, first);
    }
}
