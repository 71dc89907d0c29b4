//! The claim board (`C`): every claim in the corpus as one table, sorted by any column and
//! narrowed with the claim query language, with the state of the review above it.
//!
//! Built from the sidecars read at start-up ([`super::app::Review`]), so opening it never reads
//! an article. State and the changes to it live here; `board_view` draws it.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::app::Review;
use crate::claims::query::{Query, Subject};
use crate::claims::scale::Scales;
use crate::claims::{Claim, Rating, ReviewStatus};
use crate::corpus::Corpus;

/// The board's columns, in the order they are drawn and numbered for sorting (`1`–`7`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The article's file.
    Article,
    /// The claim's text.
    Quote,
    /// Credibility, by place on its scale.
    Credibility,
    /// Reliability, by place on its scale.
    Reliability,
    /// The tags.
    Tags,
    /// Who changed it last.
    Author,
    /// When it was changed last.
    Updated,
}

impl Column {
    /// Every column, in order.
    pub const ALL: [Column; 7] = [
        Column::Article,
        Column::Quote,
        Column::Credibility,
        Column::Reliability,
        Column::Tags,
        Column::Author,
        Column::Updated,
    ];

    /// The header.
    pub fn title(self) -> &'static str {
        match self {
            Column::Article => "Article",
            Column::Quote => "Quote",
            Column::Credibility => "Cred",
            Column::Reliability => "Rel",
            Column::Tags => "Tags",
            Column::Author => "Author",
            Column::Updated => "Updated",
        }
    }
}

/// One claim on the board, with what the table and the query need of its article.
#[derive(Debug, Clone)]
pub struct BoardRow {
    /// The article's index in the corpus, to jump to it.
    pub article: usize,
    /// Its file, relative to the corpus.
    pub file: String,
    /// Its title.
    pub title: String,
    /// Its review status.
    pub status: ReviewStatus,
    /// The claim.
    pub claim: Claim,
    /// A merge or an import left another version of it: the reviewer must choose.
    pub conflict: bool,
}

/// What is kept of the board when it closes, so it opens again the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardView {
    /// The query in force.
    pub query: String,
    /// The column sorted on.
    pub sort: Column,
    /// The order.
    pub descending: bool,
    /// The claim that was selected, by id.
    pub selected: Option<String>,
}

/// The board's state while it is open.
#[derive(Debug, Clone)]
pub struct Board {
    /// Every claim in the corpus.
    pub rows: Vec<BoardRow>,
    /// The rows the query keeps, as indices into `rows`, in the sorted order.
    pub shown: Vec<usize>,
    /// The column sorted on.
    pub sort: Column,
    /// Sorted from the largest (or last) down.
    pub descending: bool,
    /// The query in force, as typed.
    pub query: String,
    /// Why the query being typed cannot be read; the last good one stays in force.
    pub error: Option<String>,
    /// The selected row, as a position in `shown`.
    pub selected: usize,
    /// The first row drawn, as a position in `shown`.
    pub top: usize,
    /// Articles per review status over the whole corpus: unreviewed, in progress, done.
    pub statuses: [usize; 3],
}

impl Board {
    /// The board over every claim the scan found.
    pub fn new(corpus: &Corpus, reviews: &HashMap<usize, Review>, scales: &Scales) -> Board {
        let mut indices: Vec<&usize> = reviews.keys().collect();
        indices.sort();
        let mut rows = Vec::new();
        for &i in indices {
            let (Some(meta), Some(review)) = (corpus.articles.get(i), reviews.get(&i)) else {
                continue;
            };
            rows.extend(review.claims.iter().map(|claim| BoardRow {
                article: i,
                file: meta.name.clone(),
                title: meta.title.clone(),
                status: review.status,
                claim: claim.clone(),
                conflict: review.conflicts.contains(&claim.id),
            }));
        }
        let mut statuses = [0; 3];
        for i in 0..corpus.articles.len() {
            let status = reviews
                .get(&i)
                .map_or(ReviewStatus::Unreviewed, |r| r.status);
            statuses[status_slot(status)] += 1;
        }
        let mut board = Board {
            shown: (0..rows.len()).collect(),
            rows,
            sort: Column::Article,
            descending: false,
            query: String::new(),
            error: None,
            selected: 0,
            top: 0,
            statuses,
        };
        board.sort_rows(scales);
        board
    }

    /// How the board was left (query, sort column, order), to open it that way again: a
    /// reviewer working down a `no-sources` list jumps to a claim and comes back to the list.
    pub fn view(&self) -> BoardView {
        BoardView {
            query: self.query.clone(),
            sort: self.sort,
            descending: self.descending,
            selected: self.selected_row().map(|r| r.claim.id.clone()),
        }
    }

    /// Opens the board as it was left (see [`Board::view`]).
    pub fn restore(&mut self, view: &BoardView, scales: &Scales) {
        self.sort = view.sort;
        self.descending = view.descending;
        self.set_query(&view.query, scales);
        if let Some(at) = view.selected.as_ref().and_then(|id| {
            self.shown
                .iter()
                .position(|&i| &self.rows[i].claim.id == id)
        }) {
            self.selected = at;
            self.top = at.saturating_sub(3);
        }
    }

    /// Puts `text` in force as the query if it reads; otherwise notes why and keeps the last
    /// good one, so a half-typed term never empties the table.
    pub fn set_query(&mut self, text: &str, scales: &Scales) {
        match Query::parse_for(text, scales) {
            Ok(query) => {
                self.error = None;
                self.query = text.to_string();
                let keep = |r: &BoardRow| {
                    let subject = Subject {
                        file: &r.file,
                        title: &r.title,
                        status: r.status,
                        claim: &r.claim,
                        conflict: r.conflict,
                    };
                    query.matches(&subject, scales)
                };
                let selected = self.selected_row().map(|r| r.claim.id.clone());
                self.shown = (0..self.rows.len())
                    .filter(|&i| keep(&self.rows[i]))
                    .collect();
                self.sort_rows(scales);
                self.selected = selected
                    .and_then(|id| self.shown.iter().position(|&i| self.rows[i].claim.id == id))
                    .unwrap_or(0);
                self.top = 0;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// The query as it is being typed: a last word that is only the start of a field
    /// (`cred`, `tag`, `no-s`) or a term that does not read yet is left out until it is
    /// finished, so the table does not empty at every keystroke; what is wrong is still said.
    pub fn set_query_typed(&mut self, text: &str, scales: &Scales) {
        let whole = Query::parse_for(text, scales);
        let last = text
            .split_whitespace()
            .last()
            .filter(|_| !text.ends_with(char::is_whitespace));
        let partial = last.is_some_and(|w| {
            let w = w.trim_start_matches('-').to_lowercase();
            FIELDS.iter().any(|f| f.starts_with(&w) && *f != w)
        });
        if whole.is_ok() && !partial {
            return self.set_query(text, scales);
        }
        let head = last.map_or(text, |w| &text[..text.len() - w.len()]);
        self.set_query(head, scales);
        self.error = whole.err().map(|e| e.to_string());
    }

    /// Sorts on `column`; sorting again on the same column turns the order round.
    pub fn sort_by(&mut self, column: Column, scales: &Scales) {
        if self.sort == column {
            self.descending = !self.descending;
        } else {
            self.sort = column;
            self.descending = false;
        }
        let selected = self.selected_row().map(|r| r.claim.id.clone());
        self.sort_rows(scales);
        if let Some(at) =
            selected.and_then(|id| self.shown.iter().position(|&i| self.rows[i].claim.id == id))
        {
            self.selected = at;
        }
    }

    /// Orders `shown` by the sort column, ties by article and place in it, so the order is
    /// the same every time.
    fn sort_rows(&mut self, scales: &Scales) {
        let rows = &self.rows;
        let column = self.sort;
        let descending = self.descending;
        self.shown.sort_by(|&a, &b| {
            let (a, b) = (&rows[a], &rows[b]);
            let by_column = compare(column, a, b, scales);
            let by_column = if descending {
                by_column.reverse()
            } else {
                by_column
            };
            by_column.then_with(|| {
                (&a.file, a.claim.anchor.start, &a.claim.id).cmp(&(
                    &b.file,
                    b.claim.anchor.start,
                    &b.claim.id,
                ))
            })
        });
    }

    /// The selected claim.
    pub fn selected_row(&self) -> Option<&BoardRow> {
        self.shown.get(self.selected).map(|&i| &self.rows[i])
    }

    /// Moves the selection by `delta` rows, keeping it in a window `height` rows tall.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        (self.selected, self.top) =
            super::layout::step_in_window(self.selected, self.top, delta, self.shown.len(), height);
    }

    /// Claims the query keeps per level of the session's credibility scale, then unrated or
    /// rated on another scale (`—`): the bars of the chart.
    pub fn credibility_counts(&self, scales: &Scales) -> Vec<(String, u64)> {
        let scale = &scales.credibility;
        let mut counts: Vec<(String, u64)> =
            scale.levels.iter().map(|l| (l.key.clone(), 0)).collect();
        let mut other = 0;
        for &i in &self.shown {
            let at = self.rows[i]
                .claim
                .credibility
                .as_ref()
                .filter(|r| r.scale == scale.name)
                .and_then(|r| scale.rank(&r.value));
            match at {
                Some(rank) => counts[rank - 1].1 += 1,
                None => other += 1,
            }
        }
        counts.push(("—".into(), other));
        counts
    }
}

/// Rows of the table on a screen whose status bar is at row `status_row`: the board takes
/// everything above it, less the chart, the table's border and its header. The one place
/// both paging and drawing take it from.
pub fn table_height(status_row: u16) -> usize {
    let (chart, _) = chart_height(status_row);
    usize::from(status_row.saturating_sub(chart + 3)).max(1)
}

/// How tall the chart above the table is, and whether there is one: on a short screen the
/// table matters more.
pub fn chart_height(status_row: u16) -> (u16, bool) {
    if status_row >= 16 {
        (7, true)
    } else {
        (0, false)
    }
}

/// The words that start a query term, for telling a field being typed from a word searched.
const FIELDS: &[&str] = &[
    "credibility",
    "cred",
    "reliability",
    "rel",
    "tag:",
    "author:",
    "by:",
    "article:",
    "file:",
    "title:",
    "source:",
    "status:",
    "no-sources",
    "no-tags",
    "no-note",
    "has-sources",
    "has-tags",
    "has-note",
    "unrated",
    "rated",
    "conflict",
    "no-conflict",
];

/// The slot of a status in [`Board::statuses`].
fn status_slot(status: ReviewStatus) -> usize {
    match status {
        ReviewStatus::Unreviewed => 0,
        ReviewStatus::InProgress => 1,
        ReviewStatus::Done => 2,
    }
}

/// How two rows compare on one column. Missing ratings sort after every level.
fn compare(column: Column, a: &BoardRow, b: &BoardRow, scales: &Scales) -> Ordering {
    let rank = |r: &Option<Rating>| {
        r.as_ref()
            .and_then(|r| scales.named(&r.scale).and_then(|s| s.rank(&r.value)))
            .unwrap_or(usize::MAX)
    };
    let (a, b) = (&a.claim, &b.claim);
    match column {
        Column::Article => Ordering::Equal,
        Column::Quote => a
            .quote_line()
            .to_lowercase()
            .cmp(&b.quote_line().to_lowercase()),
        Column::Credibility => rank(&a.credibility).cmp(&rank(&b.credibility)),
        Column::Reliability => rank(&a.reliability).cmp(&rank(&b.reliability)),
        Column::Tags => a.tags.join(", ").cmp(&b.tags.join(", ")),
        Column::Author => a.author.to_lowercase().cmp(&b.author.to_lowercase()),
        Column::Updated => a.updated.cmp(&b.updated),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::test_claim;

    fn board() -> Board {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for name in ["a.txt", "b.txt", "c.txt"] {
            std::fs::write(dir.path().join(name), "A title\n\nSome text.\n").expect("written");
        }
        let corpus = crate::corpus::open(dir.path()).expect("the corpus opens");
        let mut reviews = HashMap::new();
        let mut late = test_claim("3", Some("2"), Some("A"), &["arms", "russia"]);
        late.updated = "2026-11-22T10:00:00Z".into();
        late.author = "bo".into();
        reviews.insert(
            0,
            Review {
                status: ReviewStatus::InProgress,
                claims: vec![
                    test_claim("1", Some("4"), Some("C"), &["arms"]),
                    test_claim("2", None, None, &[]),
                ],
                conflicts: vec!["2".into()],
            },
        );
        reviews.insert(
            1,
            Review {
                status: ReviewStatus::Done,
                claims: vec![late],
                conflicts: Vec::new(),
            },
        );
        Board::new(&corpus, &reviews, &Scales::default())
    }

    fn ids(b: &Board) -> Vec<&str> {
        b.shown
            .iter()
            .map(|&i| b.rows[i].claim.id.as_str())
            .collect()
    }

    #[test]
    fn every_claim_sorted_by_any_column_either_way() {
        let scales = Scales::default();
        let mut b = board();
        assert_eq!(ids(&b), ["1", "2", "3"], "by article, then place");
        assert_eq!(b.statuses, [1, 1, 1], "c.txt has no sidecar: unreviewed");
        b.sort_by(Column::Credibility, &scales);
        assert_eq!(ids(&b), ["3", "1", "2"], "best first, unrated last");
        b.sort_by(Column::Credibility, &scales);
        assert_eq!(ids(&b), ["2", "1", "3"], "again: the other way round");
        b.sort_by(Column::Updated, &scales);
        assert_eq!(ids(&b)[2], "3");
        b.sort_by(Column::Author, &scales);
        assert_eq!(ids(&b), ["1", "2", "3"], "ana before bo");
    }

    #[test]
    fn the_query_narrows_and_a_broken_one_keeps_the_last_good() {
        let scales = Scales::default();
        let mut b = board();
        b.set_query("tag:arms", &scales);
        assert_eq!(ids(&b), ["1", "3"]);
        b.set_query("tag:arms credibility>=", &scales);
        assert!(b.error.is_some());
        assert_eq!(ids(&b), ["1", "3"], "still the last good query");
        b.set_query("credibility>=4 tag:arms author:ana no-sources", &scales);
        assert_eq!(ids(&b), ["1"]);
        assert_eq!(b.error, None);
        b.set_query("status:done", &scales);
        assert_eq!(ids(&b), ["3"]);
        assert_eq!(b.selected_row().map(|r| r.article), Some(1));
        b.set_query("conflict", &scales);
        assert_eq!(ids(&b), ["2"]);
        b.set_query("no-conflict", &scales);
        assert_eq!(ids(&b), ["1", "3"]);
    }

    #[test]
    fn the_board_opens_again_as_it_was_left() {
        let scales = Scales::default();
        let mut b = board();
        b.sort_by(Column::Credibility, &scales);
        b.sort_by(Column::Credibility, &scales);
        b.set_query("tag:arms", &scales);
        b.move_by(1, 10);
        let left = b.view();
        let mut again = board();
        again.restore(&left, &scales);
        assert_eq!(ids(&again), ids(&b));
        assert_eq!((again.sort, again.descending), (Column::Credibility, true));
        assert_eq!(again.query, "tag:arms");
        assert_eq!(
            again.selected_row().map(|r| &r.claim.id),
            b.selected_row().map(|r| &r.claim.id)
        );
    }

    #[test]
    fn a_term_being_typed_does_not_empty_the_table() {
        let scales = Scales::default();
        let mut b = board();
        for typed in [
            "t",
            "ta",
            "tag:",
            "tag:arms",
            "tag:arms c",
            "tag:arms cred",
            "tag:arms cred>",
            "tag:arms cred>=",
        ] {
            b.set_query_typed(typed, &scales);
            assert!(!b.shown.is_empty(), "{typed:?} emptied the table");
        }
        assert!(b.error.is_some(), "what is missing is said");
        b.set_query_typed("tag:arms cred>=4", &scales);
        assert_eq!(ids(&b), ["1"]);
        assert_eq!(b.error, None);
        b.set_query_typed("russia", &scales);
        assert_eq!(ids(&b), ["1", "2", "3"], "a plain word searches at once");
    }

    #[test]
    fn the_chart_counts_the_claims_shown_per_level() {
        let scales = Scales::default();
        let mut b = board();
        let counts = b.credibility_counts(&scales);
        let values: Vec<u64> = counts.iter().map(|c| c.1).collect();
        assert_eq!(values, [0, 1, 0, 1, 0, 0, 1]);
        assert_eq!(counts[6].0, "—");
        b.set_query("rated", &scales);
        assert_eq!(b.credibility_counts(&scales)[6].1, 0);
    }

    #[test]
    fn the_selection_stays_in_its_window() {
        let mut b = board();
        b.move_by(5, 2);
        assert_eq!((b.selected, b.top), (2, 1));
        b.move_by(-9, 2);
        assert_eq!((b.selected, b.top), (0, 0));
    }

    /// The whole way through the shell's `update`: claims tagged in one article show on the
    /// board opened from another, the query narrows it, and Enter opens the claim's article
    /// with the cursor on it.
    #[test]
    fn the_board_shows_saved_claims_and_enter_goes_to_one() {
        use crate::tui::app::Msg;
        use crate::tui::dispatch as send;
        use crate::tui::keymap::{Action, Context};
        use crate::tui::testing::{reader_on, typed};
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut app = reader_on(
            dir.path(),
            &[
                ("a.txt", "Other\n\nNothing here.\n"),
                (
                    "b.txt",
                    "Deal\n\nIntro line.\n\nAlgeria signed an arms contract with Russia. Talks go on.\n",
                ),
            ],
        );
        // Tag the second sentence of b.txt as credibility 4.
        crate::tui::testing::pressed(
            &mut app,
            &[Action::Down, Action::Open, Action::Down, Action::Down],
        );
        send(&mut app, Msg::Action(Action::SelectSentence));
        send(&mut app, Msg::Action(Action::Annotate));
        typed(&mut app, "4");
        send(&mut app, Msg::Action(Action::FormSave));
        let claim_start = app
            .reader
            .as_ref()
            .and_then(|r| r.claims.first())
            .and_then(|c| c.clean.clone())
            .map(|r| r.start);
        assert!(claim_start.is_some(), "the claim was placed");
        // From the other article, the board lists it.
        crate::tui::testing::pressed(
            &mut app,
            &[
                Action::FocusList,
                Action::Up,
                Action::Open,
                Action::ToggleBoard,
            ],
        );
        assert_eq!(app.context(), Context::Board);
        let board = app.board.as_ref().expect("the board is open");
        assert_eq!(board.rows.len(), 1);
        assert_eq!(board.statuses, [1, 1, 0]);
        send(&mut app, Msg::Action(Action::Filter));
        typed(&mut app, "credibility>=5");
        assert_eq!(app.board.as_ref().map(|b| b.shown.len()), Some(0));
        send(&mut app, Msg::Action(Action::SearchCancel));
        assert_eq!(
            app.board.as_ref().map(|b| b.shown.len()),
            Some(1),
            "Esc drops the query"
        );
        send(&mut app, Msg::Action(Action::Open));
        assert!(app.board.is_none());
        let reader = app.reader.as_ref().expect("an article is open");
        assert_eq!(reader.article.meta.name, "b.txt");
        assert_eq!(
            Some(reader.cursor),
            claim_start,
            "the cursor is on the claim"
        );

        // `e` on the board exports what it shows; `m` picks Markdown.
        let exports = tempfile::tempdir().expect("a temporary folder");
        app.export_dir = Some(exports.path().to_path_buf());
        send(&mut app, Msg::Action(Action::ToggleBoard));
        send(&mut app, Msg::Action(Action::Filter));
        typed(&mut app, "credibility>=5");
        send(&mut app, Msg::Action(Action::SearchRun));
        send(&mut app, Msg::Action(Action::Export));
        assert_eq!(app.context(), Context::Export);
        send(
            &mut app,
            Msg::Action(Action::ExportAs(crate::export::Format::Md)),
        );
        let notice = app.notice.clone().unwrap_or_default();
        assert!(
            notice.starts_with("exported 0 claims (Markdown report) to "),
            "{notice}"
        );
        send(&mut app, Msg::Action(Action::Filter));
        send(&mut app, Msg::Action(Action::SearchCancel));
        send(&mut app, Msg::Action(Action::Export));
        send(
            &mut app,
            Msg::Action(Action::ExportAs(crate::export::Format::Csv)),
        );
        let notice = app.notice.clone().unwrap_or_default();
        assert!(notice.starts_with("exported 1 claim (CSV) to "), "{notice}");
        let written: Vec<_> = std::fs::read_dir(exports.path())
            .expect("the export folder")
            .flatten()
            .map(|e| e.path())
            .collect();
        assert_eq!(written.len(), 2, "{written:?}");
        send(&mut app, Msg::Action(Action::Export));
        send(
            &mut app,
            Msg::Action(Action::ExportAs(crate::export::Format::Csv)),
        );
        let count = std::fs::read_dir(exports.path()).map_or(0, |d| d.count());
        assert_eq!(
            count, 3,
            "a second export in the same second does not replace the first"
        );
        let csv = written
            .iter()
            .find(|p| p.extension().is_some_and(|x| x == "csv"))
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default();
        assert!(
            csv.contains("b.txt,Deal") && csv.contains(",4,Doubtful,"),
            "{csv}"
        );
    }
}
