//! Rating scales: the levels a reviewer picks from, by key (`3`, `B`), with their words.
//!
//! The default pair is the NATO/Admiralty system that intelligence and defence reviewers use:
//! the credibility of the information (1–6) and the reliability of its source (A–F). A
//! fact-check verdict scale is the other preset; custom scales come from the config file.
//! Ratings store the scale's name with the key, so a scale changed later never reinterprets
//! an old rating.

use serde::{Deserialize, Serialize};

/// One level of a scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    /// What is stored and typed to pick it (`3`, `B`, `mostly-false`); unique in its scale.
    pub key: String,
    /// What it means, in words (`Possibly true`).
    pub label: String,
}

/// A named list of levels, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scale {
    /// Stored with each rating (`admiralty-credibility`).
    pub name: String,
    /// The levels, best first.
    pub levels: Vec<Level>,
}

impl Scale {
    fn of(name: &str, levels: &[(&str, &str)]) -> Scale {
        Scale {
            name: name.to_string(),
            levels: levels
                .iter()
                .map(|(key, label)| Level {
                    key: (*key).to_string(),
                    label: (*label).to_string(),
                })
                .collect(),
        }
    }

    /// Admiralty credibility of the information, 1 (confirmed) to 6 (cannot be judged).
    pub fn admiralty_credibility() -> Scale {
        Scale::of(
            "admiralty-credibility",
            &[
                ("1", "Confirmed by other sources"),
                ("2", "Probably true"),
                ("3", "Possibly true"),
                ("4", "Doubtful"),
                ("5", "Improbable"),
                ("6", "Truth cannot be judged"),
            ],
        )
    }

    /// Admiralty reliability of the source, A (completely reliable) to F (cannot be judged).
    pub fn admiralty_reliability() -> Scale {
        Scale::of(
            "admiralty-reliability",
            &[
                ("A", "Completely reliable"),
                ("B", "Usually reliable"),
                ("C", "Fairly reliable"),
                ("D", "Not usually reliable"),
                ("E", "Unreliable"),
                ("F", "Reliability cannot be judged"),
            ],
        )
    }

    /// The verdicts fact-checking desks publish.
    pub fn fact_check() -> Scale {
        Scale::of(
            "fact-check",
            &[
                ("true", "True"),
                ("mostly-true", "Mostly true"),
                ("half-true", "Half true"),
                ("mostly-false", "Mostly false"),
                ("false", "False"),
                ("unproven", "Unproven"),
            ],
        )
    }

    /// The level with `key` (case-insensitive, so `b` picks `B`).
    pub fn level(&self, key: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.key.eq_ignore_ascii_case(key))
    }

    /// The level a reviewer typed: its key (any case), or for levels whose key is a word
    /// (`mostly-true`), its place on the scale from 1.
    pub fn pick(&self, typed: &str) -> Option<&Level> {
        self.level(typed).or_else(|| {
            typed
                .parse::<usize>()
                .ok()
                .and_then(|n| self.levels.get(n.wrapping_sub(1)))
                .filter(|l| l.key.chars().count() > 1)
        })
    }

    /// True for a level that says no rating could be made rather than ranking the claim
    /// (Admiralty `6` and `F`, fact-check `unproven`). Such a level sits last but is no step
    /// of the scale, so exports that rate with numbers give none for it.
    pub fn is_unjudged(&self, key: &str) -> bool {
        UNJUDGED
            .iter()
            .any(|(scale, level)| *scale == self.name && level.eq_ignore_ascii_case(key))
    }

    /// How many levels rank a claim: all but the unjudged ones (see [`Scale::is_unjudged`]).
    pub fn ranked_levels(&self) -> usize {
        self.levels
            .iter()
            .filter(|l| !self.is_unjudged(&l.key))
            .count()
    }

    /// The position of a level, 1 for the best: what exports give as `ratingValue`.
    pub fn rank(&self, key: &str) -> Option<usize> {
        self.levels
            .iter()
            .position(|l| l.key.eq_ignore_ascii_case(key))
            .map(|i| i + 1)
    }
}

/// The levels of the presets that are a verdict of "cannot be judged", by scale name and key.
const UNJUDGED: &[(&str, &str)] = &[
    ("admiralty-credibility", "6"),
    ("admiralty-reliability", "F"),
    ("fact-check", "unproven"),
];

/// The scales a session rates with: one for the information, one for its source (none for
/// presets with a single verdict).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scales {
    /// Rates the information.
    pub credibility: Scale,
    /// Rates whoever the article cites; `None` when the preset has no such axis.
    pub reliability: Option<Scale>,
}

impl Default for Scales {
    fn default() -> Scales {
        Scales {
            credibility: Scale::admiralty_credibility(),
            reliability: Some(Scale::admiralty_reliability()),
        }
    }
}

impl Scales {
    /// A preset by name: `admiralty` (the default) or `fact-check`.
    pub fn preset(name: &str) -> Option<Scales> {
        match name {
            "admiralty" => Some(Scales::default()),
            "fact-check" => Some(Scales {
                credibility: Scale::fact_check(),
                reliability: None,
            }),
            _ => None,
        }
    }

    /// The words for a stored rating, whatever scale it was made on, if this build knows it:
    /// ratings keep their scale's name, so an old rating reads as it was meant.
    pub fn label(&self, rating: &super::Rating) -> Option<String> {
        self.named(&rating.scale)
            .and_then(|s| s.level(&rating.value).map(|l| l.label.clone()))
    }

    /// The scale a stored rating names: the session's own, else a built-in one. Comparing,
    /// naming or exporting an old rating needs the scale it was made on, not the one
    /// configured now.
    pub fn named(&self, name: &str) -> Option<std::borrow::Cow<'_, Scale>> {
        use std::borrow::Cow;
        [Some(&self.credibility), self.reliability.as_ref()]
            .into_iter()
            .flatten()
            .find(|s| s.name == name)
            .map(Cow::Borrowed)
            .or_else(|| {
                [
                    Scale::admiralty_credibility(),
                    Scale::admiralty_reliability(),
                    Scale::fact_check(),
                ]
                .into_iter()
                .find(|s| s.name == name)
                .map(Cow::Owned)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::Rating;

    #[test]
    fn admiralty_levels_by_key() {
        let s = Scales::default();
        assert_eq!(
            s.credibility.level("3").map(|l| l.label.as_str()),
            Some("Possibly true")
        );
        let r = s.reliability.as_ref().and_then(|r| r.level("b"));
        assert_eq!(r.map(|l| l.key.as_str()), Some("B"));
        assert_eq!(s.credibility.rank("6"), Some(6));
        assert_eq!(s.credibility.level("7"), None);
        assert!(s.credibility.is_unjudged("6") && !s.credibility.is_unjudged("5"));
        assert_eq!(s.credibility.ranked_levels(), 5);
        assert_eq!(Scale::fact_check().ranked_levels(), 5);
    }

    #[test]
    fn a_level_is_typed_by_key_or_for_word_keys_by_place() {
        let admiralty = Scale::admiralty_reliability();
        assert_eq!(admiralty.pick("c").map(|l| l.key.as_str()), Some("C"));
        assert_eq!(
            admiralty.pick("2"),
            None,
            "single-character keys are typed as keys"
        );
        let verdicts = Scale::fact_check();
        assert_eq!(
            verdicts.pick("2").map(|l| l.key.as_str()),
            Some("mostly-true")
        );
        assert_eq!(
            verdicts.pick("false").map(|l| l.key.as_str()),
            Some("false")
        );
        assert_eq!(verdicts.pick("9"), None);
    }

    #[test]
    fn a_rating_reads_on_its_own_scale_whatever_the_session_uses() {
        let session = Scales::preset("fact-check").unwrap_or_default();
        let old = Rating {
            scale: "admiralty-credibility".into(),
            value: "4".into(),
        };
        assert_eq!(session.label(&old).as_deref(), Some("Doubtful"));
        let unknown = Rating {
            scale: "gone".into(),
            value: "4".into(),
        };
        assert_eq!(session.label(&unknown), None);
    }
}
