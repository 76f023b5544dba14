//! The agreement view as a component: choose coders A and B, then the
//! turns where they disagree (one applied a theme, the other did not,
//! [`agree::disagreements`]), each with both coders' tags side by side.
//! It owns its state, reads its keys (list moves from the key map; `a`,
//! `b`, `2`, `0` to accept A's tag, B's, both or neither) and hands back
//! an [`AgreeKey`]; the reader jumps or records the resolution as a normal
//! edit ([`agree::resolution`]). Its drawing is in `views::overlays`.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Clear;

use super::action::Action;
use super::keymap::KeyMap;
use super::list;
use super::theme::{Theme, centred, popup};
use crate::annotate::agree::{self, Disagreement};
use crate::text::wrap::truncate_to_width;

/// Where the view is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stage {
    /// Choosing coder A.
    #[default]
    CoderA,
    /// Choosing coder B.
    CoderB,
    /// The disagreements of A and B.
    List,
}

/// What a key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgreeKey {
    /// Still open (a move, a coder chosen, nothing).
    Open,
    Closed,
    /// Both coders chosen: the reader lists their disagreements.
    Compare,
    /// Go to the turn of the selected disagreement.
    Jump(usize),
    /// Resolve the selected disagreement, keeping A's tags, B's, both or
    /// neither.
    Resolve {
        row: usize,
        keep_a: bool,
        keep_b: bool,
    },
}

/// One disagreement, with the document (index) and speaker it is in.
#[derive(Debug, Clone)]
pub struct Row {
    pub doc: usize,
    pub speaker: String,
    pub disagreement: Disagreement,
}

/// The agreement view's state.
#[derive(Debug, Clone, Default)]
pub struct AgreementView {
    pub stage: Stage,
    /// Every coder of the corpus.
    pub coders: Vec<String>,
    pub a: Option<String>,
    pub b: Option<String>,
    pub rows: Vec<Row>,
    pub selected: usize,
}

impl AgreementView {
    /// Opens on the corpus's coders, A first.
    pub fn open(coders: Vec<String>) -> AgreementView {
        AgreementView {
            coders,
            ..AgreementView::default()
        }
    }

    /// How many entries the current stage lists.
    pub fn len(&self) -> usize {
        match self.stage {
            Stage::CoderA | Stage::CoderB => self.coders.len(),
            Stage::List => self.rows.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A key; `page` is the number of entries a page moves.
    pub fn key(&mut self, key: KeyEvent, keymap: &KeyMap, page: usize) -> AgreeKey {
        if let Some(action) = keymap.list_action(&key).or_else(|| keymap.action(&key)) {
            if action == Action::ListClose {
                return AgreeKey::Closed;
            }
            if let Some(delta) = list::step(action, page) {
                self.selected = list::moved(self.selected, self.len(), delta);
                return AgreeKey::Open;
            }
            if action == Action::ListChoose || action == Action::Open {
                return self.choose();
            }
        }
        if self.stage != Stage::List || self.rows.is_empty() {
            return AgreeKey::Open;
        }
        let row = self.selected;
        let (keep_a, keep_b) = match key.code {
            KeyCode::Char('a') => (true, false),
            KeyCode::Char('b') => (false, true),
            KeyCode::Char('2') => (true, true),
            KeyCode::Char('0') => (false, false),
            _ => return AgreeKey::Open,
        };
        AgreeKey::Resolve {
            row,
            keep_a,
            keep_b,
        }
    }

    fn choose(&mut self) -> AgreeKey {
        match self.stage {
            Stage::CoderA => {
                let Some(c) = self.coders.get(self.selected) else {
                    return AgreeKey::Open;
                };
                self.a = Some(c.clone());
                self.stage = Stage::CoderB;
                self.selected = usize::from(self.selected == 0 && self.coders.len() > 1);
                AgreeKey::Open
            }
            Stage::CoderB => {
                let Some(c) = self.coders.get(self.selected) else {
                    return AgreeKey::Open;
                };
                if self.a.as_ref() == Some(c) {
                    return AgreeKey::Open;
                }
                self.b = Some(c.clone());
                self.stage = Stage::List;
                self.selected = 0;
                AgreeKey::Compare
            }
            Stage::List if self.rows.is_empty() => AgreeKey::Open,
            Stage::List => AgreeKey::Jump(self.selected),
        }
    }

    /// The disagreement at `row` was resolved: it leaves the list.
    pub fn resolved(&mut self, row: usize) {
        if row < self.rows.len() {
            self.rows.remove(row);
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    /// The title of the popup for the current stage.
    pub fn title(&self) -> String {
        match self.stage {
            Stage::CoderA => "agreement: coder A (enter chooses)".into(),
            Stage::CoderB => format!(
                "agreement: {} and coder B (enter chooses)",
                self.a.as_deref().unwrap_or("")
            ),
            Stage::List => format!(
                "{} · enter goes · a A's · b B's · 2 both · 0 neither",
                crate::text::counted(self.rows.len(), "disagreement", "disagreements")
            ),
        }
    }

    /// The lines of entry `i`: a coder; or a disagreement's place, then
    /// A's tags and B's side by side in two columns of `width`.
    pub fn entry(&self, i: usize, width: usize) -> Vec<String> {
        match self.stage {
            Stage::CoderA | Stage::CoderB => {
                vec![crate::export::report::one_line(&self.coders[i])]
            }
            Stage::List => {
                let r = &self.rows[i];
                let d = &r.disagreement;
                let col = width.saturating_sub(3) / 2;
                let side =
                    |coder: &Option<String>, tags: &[std::sync::Arc<crate::annotate::Tag>]| {
                        let who = coder.as_deref().unwrap_or("");
                        let what = if tags.is_empty() {
                            "—".to_string()
                        } else {
                            tags.iter()
                                .map(|t| format!("“{}”", t.target.quote))
                                .collect::<Vec<_>>()
                                .join(" ")
                        };
                        let text = crate::export::report::one_line(&format!("{who}: {what}"));
                        let cut = crate::text::wrap::truncate_to_width(&text, col).to_string();
                        let pad = col.saturating_sub(crate::text::wrap::display_width(&cut));
                        format!("{cut}{}", " ".repeat(pad))
                    };
                vec![
                    crate::export::report::one_line(&format!(
                        "{} · turn {} · {} · {}",
                        d.document,
                        d.turn + 1,
                        r.speaker,
                        d.theme
                    )),
                    format!(
                        "{} │ {}",
                        side(&self.a, &d.tags_a),
                        side(&self.b, &d.tags_b)
                    ),
                ]
            }
        }
    }
}

/// The disagreements of coders `a` and `b` over documents in tree order.
pub fn rows<'a>(
    docs: impl IntoIterator<
        Item = (
            usize,
            &'a crate::model::Document,
            &'a crate::annotate::Annotations,
        ),
    >,
    a: &str,
    b: &str,
) -> Vec<Row> {
    let mut out = Vec::new();
    for (i, doc, ann) in docs {
        let speakers: Vec<&str> = doc.turns().map(|t| &*t.speaker).collect();
        for d in agree::disagreements(doc, ann, a, b, None) {
            out.push(Row {
                doc: i,
                speaker: speakers.get(d.turn).copied().unwrap_or("").to_string(),
                disagreement: d,
            });
        }
    }
    out
}

impl AgreementView {
    /// Draws the view as a popup over `area`: coders to choose, then the
    /// disagreements, each a place and both coders' tags side by side.
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = area.width.saturating_sub(4).clamp(20, 110);
        let height = area.height.saturating_sub(2).max(3);
        let rect = centred(area, width, height);
        frame.render_widget(Clear, rect);
        let title = self.title();
        let block = popup(&title, theme);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let per = if self.stage == Stage::List { 2 } else { 1 };
        let buf = frame.buffer_mut();
        if self.is_empty() {
            buf.set_string(inner.x, inner.y, " none", theme.dim);
            return;
        }
        let shown = list::visible(self.len(), self.selected, usize::from(inner.height) / per);
        let mut y = inner.y;
        for i in shown {
            let style = if i == self.selected {
                theme.tree_focused
            } else {
                Style::new()
            };
            for line in self.entry(i, usize::from(inner.width).saturating_sub(2)) {
                if y >= inner.bottom() {
                    return;
                }
                let text = truncate_to_width(&line, usize::from(inner.width).saturating_sub(1));
                buf.set_line(
                    inner.x,
                    y,
                    &Line::from(format!(" {text}")).style(style),
                    inner.width,
                );
                y += 1;
            }
        }
    }
}
