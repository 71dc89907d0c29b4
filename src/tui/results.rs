//! The corpus search's results list: what was found so far, and how far the search has got.
//!
//! The search itself runs on another thread (see `tui::run`); its reports arrive as messages
//! and only ever add to this list, so the reviewer can move through the first matches, open
//! one, or stop the search while it goes on.

use crate::search::{Hit, Progress};

/// The results of one corpus search.
#[derive(Debug, Clone)]
pub struct Results {
    /// What was searched for.
    pub query: String,
    /// Which search this is: reports of an earlier, stopped one are ignored.
    pub generation: u64,
    /// The matches so far, in corpus order.
    pub hits: Vec<Hit>,
    /// Articles searched so far.
    pub searched: usize,
    /// Articles in the corpus.
    pub total: usize,
    /// Articles that could not be read.
    pub unreadable: usize,
    /// The search is still going.
    pub running: bool,
    /// It went through the whole corpus (not stopped, not capped).
    pub complete: bool,
    /// The selected match.
    pub selected: usize,
    /// The first match drawn.
    pub top: usize,
}

impl Results {
    /// An empty list for a search that is starting.
    pub fn new(query: String, generation: u64, total: usize) -> Results {
        Results {
            query,
            generation,
            hits: Vec::new(),
            searched: 0,
            total,
            unreadable: 0,
            running: true,
            complete: false,
            selected: 0,
            top: 0,
        }
    }

    /// Takes in a report; `finished` says the search ended and whether it saw every article.
    pub fn add(&mut self, progress: Progress, finished: Option<bool>) {
        // Stopped: what the search found before it saw the stop is left out, so the list and
        // its count stay as they were when Esc was pressed.
        if !self.running {
            return;
        }
        self.hits.extend(progress.hits);
        self.searched = self.searched.max(progress.searched);
        self.unreadable += progress.unreadable;
        if let Some(complete) = finished {
            self.running = false;
            self.complete = complete;
        }
    }

    /// Moves the selection by `delta`, keeping it in a window `height` rows tall.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        (self.selected, self.top) =
            super::layout::step_in_window(self.selected, self.top, delta, self.hits.len(), height);
    }

    /// How many articles the matches so far are in.
    pub fn articles(&self) -> usize {
        let mut n = 0;
        let mut last = None;
        for h in &self.hits {
            if last != Some(h.article) {
                n += 1;
                last = Some(h.article);
            }
        }
        n
    }

    /// The title line: what was found where, and whether the search is still going.
    pub fn summary(&self) -> String {
        let found = format!(
            "{} in {}",
            crate::display::count(self.hits.len(), "match", "matches"),
            crate::display::count(self.articles(), "article", "articles")
        );
        let state = if self.running {
            format!("searching {}/{}… Esc stops", self.searched, self.total)
        } else if self.complete {
            format!("all {} searched", self.total)
        } else if self.hits.len() >= crate::search::MAX_HITS {
            format!("stopped at the first {}", crate::search::MAX_HITS)
        } else {
            format!("stopped after {} of {}", self.searched, self.total)
        };
        let unreadable = if self.unreadable > 0 {
            format!(" · {} unreadable", self.unreadable)
        } else {
            String::new()
        };
        format!("{found} · {state}{unreadable}")
    }
}

/// Rows of the list on a screen whose status bar is at row `status_row`: all above it but the
/// border. Paging and drawing both take it from here.
pub fn list_height(status_row: u16) -> usize {
    usize::from(status_row.saturating_sub(2)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(article: usize) -> Hit {
        Hit {
            article,
            line: 1,
            clean: 0..1,
            context: "x".into(),
            within: 0..1,
        }
    }

    #[test]
    fn reports_add_up_and_the_summary_says_where_it_stands() {
        let mut r = Results::new("arms".into(), 1, 10);
        assert!(r.summary().ends_with("searching 0/10… Esc stops"));
        r.add(
            Progress {
                hits: vec![hit(2), hit(2), hit(5)],
                searched: 6,
                unreadable: 1,
            },
            None,
        );
        assert_eq!(r.articles(), 2);
        assert!(r.running);
        r.add(
            Progress {
                hits: Vec::new(),
                searched: 10,
                unreadable: 0,
            },
            Some(true),
        );
        assert_eq!(
            r.summary(),
            "3 matches in 2 articles · all 10 searched · 1 unreadable"
        );
        let mut stopped = Results::new("arms".into(), 2, 10);
        stopped.add(
            Progress {
                hits: vec![hit(0)],
                searched: 4,
                unreadable: 0,
            },
            Some(false),
        );
        assert_eq!(
            stopped.summary(),
            "1 match in 1 article · stopped after 4 of 10"
        );
    }

    /// Through the shell's `update` (the search run to the end at once, as `dispatch` does):
    /// `F` and a word list the matches of every article, Enter opens one with the cursor on
    /// it and the search carried into the article.
    #[test]
    fn f_searches_every_article_and_enter_opens_the_match() {
        use crate::tui::app::Msg;
        use crate::tui::dispatch as send;
        use crate::tui::keymap::{Action, Context};
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut app = crate::tui::testing::reader_on(
            dir.path(),
            &[
                ("a.txt", "Alpha\n\nNo match here.\n"),
                (
                    "b.txt",
                    "Beta\n\nFirst Arms line.\n\nThen arms again, arms.\n",
                ),
            ],
        );
        send(&mut app, Msg::Action(Action::SearchAll));
        crate::tui::testing::typed(&mut app, "arms");
        send(&mut app, Msg::Action(Action::SearchRun));
        assert_eq!(app.context(), Context::Results);
        let results = app.results.as_ref().expect("results are open");
        assert_eq!(
            results.hits.len(),
            3,
            "smart case: lower case finds Arms too"
        );
        assert!(results.complete && !results.running);
        assert_eq!(results.summary(), "3 matches in 1 article · all 2 searched");
        let third = results.hits[2].clean.clone();
        crate::tui::testing::pressed(&mut app, &[Action::Down, Action::Down, Action::Open]);
        assert!(app.results.is_none());
        let reader = app.reader.as_ref().expect("an article is open");
        assert_eq!(reader.article.meta.name, "b.txt");
        assert_eq!(reader.cursor, third.start);
        let search = reader
            .search
            .as_ref()
            .expect("the search goes on in the article");
        assert_eq!((search.current, search.matches.len()), (2, 3));

        // `F` starts from the same text, and Enter brings the list back where it was.
        send(&mut app, Msg::Action(Action::SearchAll));
        assert_eq!(
            app.prompt.as_ref().map(|(_, typed)| typed.as_str()),
            Some("arms")
        );
        send(&mut app, Msg::Action(Action::SearchRun));
        let results = app.results.as_ref().expect("the results are back");
        assert_eq!((results.hits.len(), results.selected), (3, 2));
        // Ctrl-u clears the prompt for a new search.
        send(&mut app, Msg::Action(Action::SearchAll));
        crate::tui::testing::ctrl_typed(&mut app, 'u');
        assert_eq!(
            app.prompt.as_ref().map(|(_, typed)| typed.as_str()),
            Some("")
        );
    }
}
