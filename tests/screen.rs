//! Rendered-screen tests: the app drawn into ratatui's `TestBackend`, compared with reviewed
//! insta snapshots. Uses the bundled demo articles in `assets/articles`.

use claimmark::corpus;
use claimmark::tui::app::{App, Msg};
use claimmark::tui::keymap::Action;
use claimmark::tui::theme::Theme;
use claimmark::tui::{dispatch, perform, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

fn app(path: &str, width: u16, height: u16) -> App {
    let corpus = corpus::open(std::path::Path::new(path)).unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::new(corpus, Theme::plain());
    dispatch(&mut app, Msg::Resize(width, height));
    for effect in app.start() {
        let msg = perform(&app, effect);
        dispatch(&mut app, msg);
    }
    app
}

fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(width, height)).unwrap_or_else(|e| panic!("{e}"));
    terminal
        .draw(|frame| view::draw(app, frame))
        .unwrap_or_else(|e| panic!("{e}"));
    terminal.backend().to_string()
}

/// The cells `app` draws at `width`×`height`, for tests that look at styles.
fn drawn(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal =
        Terminal::new(TestBackend::new(width, height)).unwrap_or_else(|e| panic!("{e}"));
    terminal
        .draw(|frame| view::draw(app, frame))
        .unwrap_or_else(|e| panic!("{e}"));
    terminal.backend().buffer().clone()
}

/// Where `needle` first shows inside `area` of `buffer`: its first cell.
fn find_in(buffer: &Buffer, area: Rect, needle: &str) -> Option<(u16, u16)> {
    (area.y..area.y + area.height).find_map(|y| {
        let row: String = (area.x..area.x + area.width)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect();
        row.find(needle)
            .map(|col| (area.x + row[..col].chars().count() as u16, y))
    })
}

/// Whether the cell at `at` is drawn with `modifier`.
fn styled(buffer: &Buffer, at: (u16, u16), modifier: Modifier) -> bool {
    buffer[at].modifier.contains(modifier)
}

fn keys(app: &mut App, actions: &[Action]) {
    for a in actions {
        dispatch(app, Msg::Action(*a));
    }
}

/// Opens the fourth demo article (the one with a comment form at its end), lets the raw pane
/// lead and goes to its end.
const OPEN_003_AT_END: &[Action] = &[
    Action::Down,
    Action::Down,
    Action::Down,
    Action::Open,
    Action::ToggleRaw,
    Action::Bottom,
];

/// The screen of a fresh session on `path` at `size`, after `actions`.
fn screen_after(path: &str, (width, height): (u16, u16), actions: &[Action]) -> String {
    let mut app = app(path, width, height);
    keys(&mut app, actions);
    render(&app, width, height)
}

const DEMO: &str = "assets/articles";

#[test]
fn main_screen_120x40() {
    insta::assert_snapshot!(screen_after(DEMO, (120, 40), &[]));
}

#[test]
fn main_screen_80x24() {
    insta::assert_snapshot!(screen_after(DEMO, (80, 24), &[]));
}

#[test]
fn raw_pane_leading_at_the_dropped_boilerplate_120x40() {
    insta::assert_snapshot!(screen_after(DEMO, (120, 40), OPEN_003_AT_END));
}

#[test]
fn raw_toggle_80x24() {
    let actions = [Action::Open, Action::ToggleRaw];
    insta::assert_snapshot!(screen_after(DEMO, (80, 24), &actions));
}

#[test]
fn help_overlay_80x24() {
    insta::assert_snapshot!(screen_after(DEMO, (80, 24), &[Action::ToggleHelp]));
}

#[test]
fn tiny_terminal_shows_a_notice() {
    insta::assert_snapshot!(screen_after(DEMO, (30, 5), &[]));
}

#[test]
fn escape_sequences_are_drawn_as_placeholders() {
    let screen = screen_after("tests/fixtures/adversarial/a01_ansi.txt", (100, 12), &[]);
    assert!(!screen.contains('\u{1b}'), "{screen}");
    assert!(screen.contains("␛[1;31mred"), "{screen}");
    assert!(screen.contains("title␛]2;hacked␇ here."), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn raw_pane_strikes_what_the_cleaner_dropped() {
    let mut app = app(DEMO, 120, 40);
    keys(&mut app, OPEN_003_AT_END);
    let buffer = drawn(&app, 120, 40);
    let raw = app.screen.raw;
    let find = |needle: &str| {
        find_in(
            &buffer,
            Rect {
                x: raw.x,
                y: 0,
                width: 120 - raw.x,
                height: 40,
            },
            needle,
        )
    };
    let struck = |at: (u16, u16)| styled(&buffer, at, Modifier::CROSSED_OUT);
    let reply = find("Leave a Reply").unwrap_or_else(|| panic!("no boilerplate in raw pane"));
    let form = find("[mc4wp_form").unwrap_or_else(|| panic!("no shortcode in raw pane"));
    let kept = find("Arab World/Maghrebi").unwrap_or_else(|| panic!("no byline in raw pane"));
    assert!(struck(reply) && struck(form), "dropped text is struck");
    assert!(!struck(kept), "kept text is not struck");
}

#[test]
fn help_scrolls_on_small_screens_60x12() {
    let actions = [Action::ToggleHelp, Action::Down, Action::Down];
    insta::assert_snapshot!(screen_after(DEMO, (60, 12), &actions));
}

#[test]
fn empty_file_says_so() {
    let screen = screen_after("tests/fixtures/adversarial/a06_empty.txt", (100, 10), &[]);
    assert_eq!(screen.matches("(empty file)").count(), 3, "{screen}");
}

#[test]
fn status_bar_names_the_rules_behind_struck_text() {
    let screen = screen_after(DEMO, (120, 40), OPEN_003_AT_END);
    let status = screen.lines().last().unwrap_or_default();
    assert!(
        status.contains("struck here: boilerplate, shortcode · 003_"),
        "{screen}"
    );
}

#[test]
fn status_bar_names_the_rule_of_what_was_cut_at_the_cursor() {
    // Seed 000 opens with a divider line the cleaner dropped: it lies before the cursor's
    // first character.
    let screen = screen_after(DEMO, (120, 40), &[Action::Open]);
    let status = screen.lines().last().unwrap_or_default();
    assert!(
        status.contains("cut at the cursor: divider · 000_"),
        "{screen}"
    );
    // One line on, nothing was cut there: the rules in view again.
    let screen = screen_after(DEMO, (120, 40), &[Action::Open, Action::Down]);
    let status = screen.lines().last().unwrap_or_default();
    assert!(!status.contains("cut at the cursor"), "{screen}");
    assert!(status.contains("struck here: divider"), "{screen}");
}

#[test]
fn tables_are_aligned_when_they_fit_and_records_when_not() {
    let table = "A line of story text before the table.\n\
                 | Area | Strategy |\n|---|---|\n| Cyber | Joint drills with the navies |\n| Sea | Patrols |\n\
                 The story goes on after it.";
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("table.txt");
    std::fs::write(&path, table).unwrap_or_else(|e| panic!("{e}"));
    let path = path.to_string_lossy().into_owned();
    let wide = screen_after(&path, (140, 12), &[]);
    assert!(wide.contains("Area  │ Strategy"), "{wide}");
    assert!(wide.contains("──────┼─────────"), "{wide}");
    assert!(
        wide.contains("Cyber │ Joint drills with the navies"),
        "{wide}"
    );
    let narrow = screen_after(&path, (44, 16), &[]);
    assert!(narrow.contains("Area: Cyber"), "{narrow}");
    assert!(narrow.contains("Strategy: Joint"), "{narrow}");
    insta::assert_snapshot!(narrow);
}

#[test]
fn headings_are_bold_and_paragraphs_are_not() {
    let app = app(DEMO, 120, 40);
    let buffer = drawn(&app, 120, 40);
    let x = app.screen.clean.x + 1;
    let bold = |y: u16| styled(&buffer, (x, y), Modifier::BOLD);
    // Row 1 is the headline ("Strategic Dialogue: …"); row 5 starts the first paragraph.
    assert_eq!(buffer[(x, 1)].symbol(), "S");
    assert!(bold(1), "the headline is bold");
    assert_eq!(buffer[(x, 5)].symbol(), "O");
    assert!(!bold(5), "the paragraph is not");
}

#[test]
fn suspected_typos_are_underlined_and_named_in_the_status_bar() {
    // The fifth demo article has "underscored teh meaning" on its second row.
    let mut app = app(DEMO, 120, 40);
    keys(
        &mut app,
        &[
            Action::Down,
            Action::Down,
            Action::Down,
            Action::Down,
            Action::Open,
        ],
    );
    let buffer = drawn(&app, 120, 40);
    let underlined = |at: (u16, u16)| styled(&buffer, at, Modifier::UNDERLINED);
    let teh =
        find_in(&buffer, app.screen.clean, " teh").unwrap_or_else(|| panic!("no typo on screen"));
    assert!(underlined((teh.0 + 1, teh.1)), "the typo is underlined");
    assert!(!underlined(teh), "the space before it is not");
    let status = render(&app, 120, 40);
    let status = status.lines().last().unwrap_or_default().to_string();
    assert!(status.contains("typo? teh → the"), "{status}");
}

#[test]
fn saved_claims_are_underlined_in_both_panes_and_named_under_the_cursor() {
    use claimmark::claims::{self, Anchor, ArticleId, Claim, Rating, Sidecar, store};
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = "Deal report\n\nAlgeria is poised to sign an arms contract with Russia, valued \
                between $12-17 billion, officials said on Monday in Algiers.\n";
    let path = dir.path().join("a.txt");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    let quote = "arms contract with Russia";
    let at = text.find(quote).unwrap_or(0);
    let source = claimmark::decode::Decoded::new(text.as_bytes());
    let mut sidecar = Sidecar::new(ArticleId::of("a.txt", text.as_bytes()));
    sidecar.claims.push(Claim {
        id: claims::new_id(),
        anchor: Anchor::new(&source, at..at + quote.len(), quote),
        summary: None,
        credibility: Some(Rating {
            scale: "admiralty-credibility".into(),
            value: "4".into(),
        }),
        reliability: Some(Rating {
            scale: "admiralty-reliability".into(),
            value: "C".into(),
        }),
        sources: Vec::new(),
        tags: vec!["arms".into()],
        note: String::new(),
        author: "ana".into(),
        created: claims::now_rfc3339(),
        updated: claims::now_rfc3339(),
    });
    store::save(&store::beside(&path), &sidecar).unwrap_or_else(|e| panic!("{e}"));

    let mut app = app(&dir.path().to_string_lossy(), 120, 20);
    keys(&mut app, &[Action::Open, Action::Down, Action::Down]);
    for _ in 0..6 {
        keys(&mut app, &[Action::WordNext]);
    }
    let buffer = drawn(&app, 120, 20);
    let underlined = |at: (u16, u16)| styled(&buffer, at, Modifier::UNDERLINED);
    for area in [app.screen.clean, app.screen.raw] {
        let arms = find_in(&buffer, area, "arms").unwrap_or_else(|| panic!("claim not on screen"));
        assert!(underlined(arms), "the claim is underlined");
        assert!(
            !underlined((arms.0 - 2, arms.1)),
            "the text before it is not"
        );
        assert_eq!(
            buffer[(area.x, arms.1)].symbol(),
            "┃",
            "the gutter marks its row"
        );
    }
    let screen = render(&app, 120, 20);
    let status = screen.lines().last().unwrap_or_default();
    assert!(
        status.contains("claim · 4 Doubtful · C Fairly reliable · #arms · by ana"),
        "{screen}"
    );
}

#[test]
fn claim_form_80x24() {
    let mut app = app(DEMO, 80, 24);
    keys(
        &mut app,
        &[
            Action::Down,
            Action::Down,
            Action::Down,
            Action::Open,
            Action::Down,
            Action::Down,
            Action::Down,
            Action::SelectSentence,
            Action::Annotate,
        ],
    );
    for c in "3".chars().chain(std::iter::once('\t')) {
        if c == '\t' {
            keys(&mut app, &[Action::FormNext]);
            continue;
        }
        dispatch(
            &mut app,
            Msg::TextInput(ratatui_textarea::Input {
                key: ratatui_textarea::Key::Char(c),
                ..Default::default()
            }),
        );
    }
    dispatch(
        &mut app,
        Msg::TextInput(ratatui_textarea::Input {
            key: ratatui_textarea::Key::Char('b'),
            ..Default::default()
        }),
    );
    insta::assert_snapshot!(render(&app, 80, 24));
}

/// A corpus of three short articles with claims rated across the scale, fixed ids and dates,
/// for screens that show many claims at once.
fn corpus_with_claims() -> tempfile::TempDir {
    use claimmark::claims::{Anchor, ArticleId, Claim, Rating, Sidecar, store};
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let articles = [
        (
            "arms.txt",
            "Arms deal\n\nAlgeria is poised to sign an arms contract with Russia, valued between \
             $12-17 billion. The ministry denied it. Analysts doubt the figure.\n",
            vec![
                (
                    "an arms contract with Russia",
                    "4",
                    "C",
                    vec!["arms", "russia"],
                    "ana",
                ),
                ("The ministry denied it.", "2", "B", vec!["official"], "bo"),
                ("Analysts doubt the figure.", "6", "F", vec![], "ana"),
            ],
        ),
        (
            "nato.txt",
            "NATO visit\n\nThe envoy met the foreign minister in Algiers on Monday. Both sides \
             praised the dialogue.\n",
            vec![(
                "The envoy met the foreign minister",
                "1",
                "A",
                vec!["nato"],
                "cy",
            )],
        ),
        ("plain.txt", "Nothing to see\n\nA quiet day.\n", vec![]),
    ];
    for (n, (name, text, claims)) in articles.into_iter().enumerate() {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        if claims.is_empty() {
            continue;
        }
        let source = claimmark::decode::Decoded::new(text.as_bytes());
        let mut sidecar = Sidecar::new(ArticleId::of(name, text.as_bytes()));
        sidecar.status = claimmark::claims::ReviewStatus::InProgress;
        for (i, (quote, cred, rel, tags, author)) in claims.into_iter().enumerate() {
            let at = text.find(quote).unwrap_or(0);
            sidecar.claims.push(Claim {
                id: format!("00000000-0000-4000-8000-00000000{n}{i:03}"),
                anchor: Anchor::new(&source, at..at + quote.len(), quote),
                summary: None,
                credibility: Some(Rating {
                    scale: "admiralty-credibility".into(),
                    value: cred.into(),
                }),
                reliability: Some(Rating {
                    scale: "admiralty-reliability".into(),
                    value: rel.into(),
                }),
                sources: Vec::new(),
                tags: tags.into_iter().map(String::from).collect(),
                note: String::new(),
                author: author.into(),
                created: format!("2026-11-2{i}T09:00:00Z"),
                updated: format!("2026-11-2{i}T09:00:00Z"),
            });
        }
        store::save(&store::beside(&path), &sidecar).unwrap_or_else(|e| panic!("{e}"));
    }
    dir
}

#[test]
fn claim_board_100x30() {
    let dir = corpus_with_claims();
    let path = dir.path().to_string_lossy().to_string();
    insta::assert_snapshot!(screen_after(
        &path,
        (100, 30),
        &[Action::ToggleBoard, Action::SortBy(3), Action::Down]
    ));
}

#[test]
fn claim_board_80x24_sorted_by_author_the_other_way() {
    let dir = corpus_with_claims();
    let path = dir.path().to_string_lossy().to_string();
    insta::assert_snapshot!(screen_after(
        &path,
        (80, 24),
        &[Action::ToggleBoard, Action::SortBy(6), Action::SortBy(6)]
    ));
}

#[test]
fn claim_board_on_a_short_screen_keeps_the_table_60x12() {
    let dir = corpus_with_claims();
    let path = dir.path().to_string_lossy().to_string();
    insta::assert_snapshot!(screen_after(&path, (60, 12), &[Action::ToggleBoard]));
}

/// A claim a merge left in conflict: announced when the article opens, marked `!` in the
/// gutter, the status bar and the claims list, and resolved there with `t` (or `o`), saved at
/// once and undone with `u`.
#[test]
fn a_claim_in_conflict_is_marked_and_resolved_from_the_claims_list() {
    use claimmark::claims::{self, Anchor, ArticleId, Claim, Rating, Sidecar, store};
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = "Deal report\n\nAlgeria is poised to sign an arms contract with Russia, valued \
                between $12-17 billion, officials said on Monday in Algiers.\n";
    let path = dir.path().join("a.txt");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    let quote = "arms contract with Russia";
    let at = text.find(quote).unwrap_or(0);
    let source = claimmark::decode::Decoded::new(text.as_bytes());
    let mut sidecar = Sidecar::new(ArticleId::of("a.txt", text.as_bytes()));
    let ours = Claim {
        id: claims::new_id(),
        anchor: Anchor::new(&source, at..at + quote.len(), quote),
        summary: None,
        credibility: Some(Rating {
            scale: "admiralty-credibility".into(),
            value: "4".into(),
        }),
        reliability: None,
        sources: Vec::new(),
        tags: Vec::new(),
        note: "ours".into(),
        author: "ana".into(),
        created: "2026-11-23T10:00:00Z".into(),
        updated: "2026-11-23T11:00:00Z".into(),
    };
    let mut theirs = ours.clone();
    theirs.note = "theirs".into();
    theirs.author = "ben".into();
    sidecar.claims.push(ours);
    sidecar.conflicts.push(theirs);
    let sidecar_path = store::beside(&path);
    store::save(&sidecar_path, &sidecar).unwrap_or_else(|e| panic!("{e}"));
    let saved = || {
        store::load(&sidecar_path)
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no sidecar"))
    };
    let status = |app: &App| {
        render(app, 120, 20)
            .lines()
            .last()
            .unwrap_or_default()
            .to_string()
    };

    // The article opens at start, and says so at once.
    let mut app = app(&dir.path().to_string_lossy(), 120, 20);
    assert!(
        status(&app)
            .contains("1 claim in conflict (a merge or an import kept two versions): Enter opens"),
        "{}",
        status(&app)
    );
    keys(&mut app, &[Action::Open, Action::Down, Action::Down]);
    for _ in 0..6 {
        keys(&mut app, &[Action::WordNext]);
    }
    let screen = render(&app, 120, 20);
    assert!(
        status(&app).contains("! conflict: another version by ben differs in note"),
        "{screen}"
    );
    let gutter = app.screen.clean.x as usize;
    assert!(
        screen
            .lines()
            .any(|l| l.chars().nth(gutter + 1) == Some('!') && l.contains("arms")),
        "the gutter marks the claim's row: {screen}"
    );

    keys(&mut app, &[Action::ToggleClaims]);
    let screen = render(&app, 120, 20);
    assert!(
        screen.contains("1 in conflict (!): o keep · t take other"),
        "{screen}"
    );
    assert!(
        screen.contains("│!  4  - arms contract with Russia"),
        "{screen}"
    );

    keys(&mut app, &[Action::TakeOtherVersion]);
    let after = saved();
    assert_eq!(after.claims[0].note, "theirs");
    assert!(after.conflicts.is_empty());
    assert!(status(&app).contains("conflict resolved: took the other version"));
    let screen = render(&app, 120, 20);
    assert!(
        screen.contains("│   4  - arms contract with Russia"),
        "{screen}"
    );

    // u brings the conflict back, both versions, from the list itself.
    assert!(app.claims_list.is_some(), "the list stays open");
    keys(&mut app, &[Action::Undo]);
    let back = saved();
    assert_eq!(back.claims[0].note, "ours");
    assert_eq!(back.conflicts.len(), 1);
    keys(&mut app, &[Action::KeepVersion]);
    let kept = saved();
    assert_eq!(kept.claims[0].note, "ours");
    assert!(kept.conflicts.is_empty());
}

#[test]
fn export_picker_from_the_board_80x24() {
    let dir = corpus_with_claims();
    let path = dir.path().to_string_lossy().to_string();
    let mut app = app(&path, 80, 24);
    keys(&mut app, &[Action::ToggleBoard]);
    if let Some(board) = app.board.as_mut() {
        board.set_query("tag:arms", &app.scales);
    }
    keys(&mut app, &[Action::Export]);
    insta::assert_snapshot!(render(&app, 80, 24));
}

/// Every script that makes widths hard: CJK, emoji ZWJ sequences, skin tones, flags, keycaps,
/// stacked combining marks, Arabic and Hebrew with their marks, Thai, Devanagari, Hangul jamo,
/// and a table of them.
const SCRIPTS: &str = "tests/fixtures/adversarial/a10_scripts.txt";

/// Whether a terminal that does not know grapheme clusters (the `vt100` crate, xterm, VTE)
/// moves the cursor over as many columns for `symbol` as ratatui reserved for it.
fn drawn_alike(symbol: &str) -> bool {
    use ratatui::buffer::CellWidth;
    use unicode_width::UnicodeWidthChar;
    let terminal: usize = symbol.chars().map(|c| c.width().unwrap_or(1)).sum();
    usize::from(symbol.cell_width()) == terminal
}

/// Checks the screen of `app` drawn at `width`×`height`: every pane's four corners and its
/// left and right borders on every row in the columns the layout gives them, and every cell
/// drawn over as many columns in any terminal as in ratatui's buffer (so a real terminal keeps
/// those borders where they are). Below the minimum size, only the notice on the first row.
fn check_borders(app: &App, width: u16, height: u16) -> Result<(), String> {
    use claimmark::tui::layout;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).map_err(|e| e.to_string())?;
    terminal
        .draw(|frame| view::draw(app, frame))
        .map_err(|e| e.to_string())?;
    let buffer = terminal.backend().buffer();
    let at = |x: u16, y: u16| buffer[(x, y)].symbol().to_string();
    let screen_text = || {
        (0..height)
            .map(|y| (0..width).map(|x| at(x, y)).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    };
    for (i, cell) in buffer.content.iter().enumerate() {
        let symbol = cell.symbol();
        if !drawn_alike(symbol) || symbol.chars().any(char::is_control) {
            return Err(format!(
                "{symbol:?} at column {} row {} is not drawn alike in every terminal:\n{}",
                i % usize::from(width),
                i / usize::from(width),
                screen_text()
            ));
        }
    }
    let screen = layout::screen(ratatui::layout::Rect::new(0, 0, width, height));
    if screen.too_small {
        let rest = (1..height).all(|y| (0..width).all(|x| at(x, y) == " "));
        return if at(0, 0) != " " && rest {
            Ok(())
        } else {
            Err(format!("not just the notice:\n{}", screen_text()))
        };
    }
    let mut panes = vec![screen.list, screen.clean];
    if screen.side_by_side {
        panes.push(screen.raw);
    }
    for pane in panes {
        let (left, right) = (pane.x, pane.right() - 1);
        let (top, bottom) = (pane.y, pane.bottom() - 1);
        let mut expect = vec![
            (left, top, "┌"),
            (right, top, "┐"),
            (left, bottom, "└"),
            (right, bottom, "┘"),
        ];
        for y in top + 1..bottom {
            expect.push((right, y, "│"));
        }
        for (x, y, symbol) in expect {
            if at(x, y) != symbol {
                return Err(format!(
                    "{symbol} expected at column {x} row {y}, found {:?} ({width}x{height}):\n{}",
                    at(x, y),
                    screen_text()
                ));
            }
        }
        for y in top + 1..bottom {
            // The left border marks claims with ┃ or ! (see `mark_claim_rows`).
            if !["│", "┃", "!"].contains(&at(left, y).as_str()) {
                return Err(format!(
                    "left border expected at column {left} row {y} ({width}x{height}):\n{}",
                    screen_text()
                ));
            }
        }
    }
    Ok(())
}

/// Wide and combining characters never break the layout: the scripts fixture open in both
/// panes, in the cleaned pane alone and with the raw pane leading, at every width from 20 to
/// 300 columns and a few heights, keeps every border in its column on every row.
#[test]
fn borders_stay_aligned_at_every_width_from_20_to_300() {
    let open_and_focus = [Action::Open];
    let raw_leading = [Action::Open, Action::ToggleRaw, Action::Bottom];
    for height in [9, 24, 41] {
        for actions in [&[][..], &open_and_focus, &raw_leading] {
            let mut app = app(SCRIPTS, 20, height);
            keys(&mut app, actions);
            for width in 20..=300 {
                dispatch(&mut app, Msg::Resize(width, height));
                if let Err(e) = check_borders(&app, width, height) {
                    panic!("after {actions:?}: {e}");
                }
            }
        }
    }
}

/// The check above can fail: a cell drawn as a ZWJ sequence is caught, and so is a border out
/// of its column.
#[test]
fn the_border_check_catches_misdrawn_cells() {
    assert!(!drawn_alike("👨\u{200d}👩"));
    assert!(!drawn_alike("❤\u{fe0f}"));
    assert!(drawn_alike("漢") && drawn_alike("e\u{301}") && drawn_alike("🇫🇷"));
}

#[test]
fn scripts_at_20_columns() {
    insta::assert_snapshot!(screen_after(SCRIPTS, (20, 10), &[]));
}

#[test]
fn scripts_at_40_columns() {
    insta::assert_snapshot!(screen_after(SCRIPTS, (40, 16), &[Action::Open]));
}

#[test]
fn scripts_at_300_columns() {
    insta::assert_snapshot!(screen_after(SCRIPTS, (300, 30), &[]));
}

/// While a large article loads, its head is drawn with an open-ended row count and the status
/// bar saying it loads; once it is in, the count is the whole article's.
#[test]
fn a_large_articles_head_shows_it_is_not_all_in() {
    use claimmark::tui::app::{Effect, PREVIEW_FROM, update};
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let body = "A line of the story that goes on for a while.\n\n".repeat(20_000);
    std::fs::write(tmp.path().join("big.txt"), format!("Headline\n\n{body}"))
        .unwrap_or_else(|e| panic!("{e}"));
    let corpus = corpus::open(tmp.path()).unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::new(corpus, Theme::plain());
    dispatch(&mut app, Msg::Resize(100, 30));
    // Listed as large without writing megabytes in a debug build.
    app.corpus.articles[0].bytes = PREVIEW_FROM;
    let effects = app.start();
    assert_eq!(effects[..2], [Effect::Preview(0), Effect::Load(0)]);
    let head = perform(&app, Effect::Preview(0));
    update(&mut app, head);
    let screen = render(&app, 100, 30);
    assert!(screen.contains(" 1-27/… "), "{screen}");
    assert!(screen.contains("Loading big.txt…"), "{screen}");
    assert!(screen.contains("A line of the story"), "{screen}");
    let whole = perform(&app, Effect::Load(0));
    dispatch(&mut app, whole);
    let screen = render(&app, 100, 30);
    assert!(
        !screen.contains("…") && !screen.contains("Loading"),
        "{screen}"
    );
}
