//! Where each pane goes for a terminal size: shared by `update` (which wraps text to the pane
//! widths) and `view` (which draws into the same rectangles), so they always agree.

use ratatui::layout::Rect;

/// Smallest terminal the reader draws in; below it a one-line notice is shown instead.
pub const MIN_WIDTH: u16 = 40;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 8;
/// From this width on, cleaned and raw panes sit side by side; below it they are a toggle.
pub const SIDE_BY_SIDE_WIDTH: u16 = 100;

/// The rectangles of one screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Screen {
    /// The article list, with its border.
    pub list: Rect,
    /// The cleaned pane, with its border.
    pub clean: Rect,
    /// The raw pane, with its border; the same as `clean` when they are a toggle.
    pub raw: Rect,
    /// The status bar (one row).
    pub status: Rect,
    /// Cleaned and raw are both visible.
    pub side_by_side: bool,
    /// The terminal is too small to draw anything but a notice.
    pub too_small: bool,
}

/// Lays out a terminal of `area`.
pub fn screen(area: Rect) -> Screen {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Screen {
            too_small: true,
            ..Screen::default()
        };
    }
    let body_height = area.height - 1;
    let status = Rect::new(area.x, area.y + body_height, area.width, 1);
    let list_width = (u32::from(area.width) * 3 / 10).clamp(16, 40) as u16;
    let list = Rect::new(area.x, area.y, list_width, body_height);
    let reader_x = area.x + list_width;
    let reader_width = area.width - list_width;
    let side_by_side = area.width >= SIDE_BY_SIDE_WIDTH;
    let (clean, raw) = if side_by_side {
        let half = reader_width / 2;
        (
            Rect::new(reader_x, area.y, half, body_height),
            Rect::new(reader_x + half, area.y, reader_width - half, body_height),
        )
    } else {
        let r = Rect::new(reader_x, area.y, reader_width, body_height);
        (r, r)
    };
    Screen {
        list,
        clean,
        raw,
        status,
        side_by_side,
        too_small: false,
    }
}

/// The drawable inside of a bordered pane.
pub fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x.saturating_add(1),
        r.y.saturating_add(1),
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

/// A selection in a list `len` long moved by `delta` rows, and the first row drawn so that the
/// selection stays in a window `height` rows tall: `(selected, top)`. The board and the search
/// results scroll this way.
pub fn step_in_window(
    selected: usize,
    top: usize,
    delta: isize,
    len: usize,
    height: usize,
) -> (usize, usize) {
    let last = len.saturating_sub(1) as isize;
    let selected = (selected as isize + delta).clamp(0, last.max(0)) as usize;
    let height = height.max(1);
    let top = if selected < top {
        selected
    } else if selected >= top + height {
        selected + 1 - height
    } else {
        top
    };
    (selected, top)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_show_both_panes() {
        let s = screen(Rect::new(0, 0, 120, 40));
        assert!(s.side_by_side && !s.too_small);
        assert_eq!(s.list.width + s.clean.width + s.raw.width, 120);
        assert_eq!(s.status.y, 39);
    }

    #[test]
    fn narrow_terminals_toggle() {
        let s = screen(Rect::new(0, 0, 80, 24));
        assert!(!s.side_by_side);
        assert_eq!(s.clean, s.raw);
        assert_eq!(s.list.width + s.clean.width, 80);
    }

    #[test]
    fn huge_terminals_do_not_overflow() {
        let s = screen(Rect::new(0, 0, u16::MAX, u16::MAX));
        assert_eq!(s.list.width, 40);
    }

    #[test]
    fn tiny_terminals_get_a_notice() {
        assert!(screen(Rect::new(0, 0, 39, 24)).too_small);
        assert!(screen(Rect::new(0, 0, 80, 7)).too_small);
        assert!(screen(Rect::new(0, 0, 0, 0)).too_small);
    }
}
