//! The reviewer's settings: `config.ron` in the user config folder.
//!
//! Missing, it means the defaults; broken, the defaults too, with a message naming the file,
//! line and column so the reviewer can fix it; claimmark never refuses to start over it.
//! `claimmark config --default` prints a commented file to start from.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::claims::scale::Scales;

/// Environment variable that overrides the config folder (tests, several profiles).
pub const CONFIG_DIR_ENV: &str = "CLAIMMARK_CONFIG_DIR";

/// What a reviewer can set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The name claims are saved under; the login name when unset.
    pub author: Option<String>,
    /// The rating scales: a preset by name, or scales of one's own.
    pub scales: ScaleChoice,
    /// Keys of one's own, over the defaults: `(context: Reader, key: "x", action: Annotate)`.
    pub keys: Vec<crate::tui::keymap::Override>,
    /// Select with the mouse from the start (`M` toggles it in the app). Off by default:
    /// capturing the mouse takes the terminal's own selection and copy away.
    pub mouse: bool,
    /// Colours: `Some(false)` never, `Some(true)` always, unset: unless `NO_COLOR` is set.
    pub colour: Option<bool>,
    /// Where the desk publishes its reviews: a `ClaimReview` export gives each claim the URL
    /// of this plus the claim's id. Unset, the reviews have no `url` (and the export says so).
    pub review_base_url: Option<String>,
    /// Who publishes the reviews, for the `ClaimReview` export's `author`; unset, each claim's
    /// own author, as a person.
    pub review_author: Option<ReviewAuthor>,
}

/// The person or organisation a published review is credited to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewAuthor {
    /// The name readers see (`Example Fact Check`).
    pub name: String,
    /// A person or an organisation: schema.org tells them apart, and fact-check search tools
    /// show a desk's name differently from a reviewer's.
    #[serde(default)]
    pub kind: AgentKind,
}

/// Whether an author is a person or an organisation, as schema.org types them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgentKind {
    /// A fact-checking desk, outlet or other organisation: what most published reviews name.
    #[default]
    Organization,
    /// One reviewer.
    Person,
}

impl AgentKind {
    /// The schema.org type name (`Organization`, `Person`).
    pub fn schema_type(self) -> &'static str {
        match self {
            AgentKind::Organization => "Organization",
            AgentKind::Person => "Person",
        }
    }
}

/// Which scales the claim form offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScaleChoice {
    /// `admiralty` (credibility 1–6, reliability A–F) or `fact-check` (verdicts).
    Preset(String),
    /// A credibility scale and, optionally, a reliability scale of the reviewer's own.
    Custom(Scales),
}

impl Default for ScaleChoice {
    fn default() -> ScaleChoice {
        ScaleChoice::Preset("admiralty".into())
    }
}

impl Config {
    /// The scales chosen; the default pair, with a message, for a preset name not known.
    pub fn scales(&self) -> (Scales, Option<String>) {
        match &self.scales {
            ScaleChoice::Preset(name) => match Scales::preset(name) {
                Some(s) => (s, None),
                None => (
                    Scales::default(),
                    Some(format!(
                        "config: no scale preset {name:?} (admiralty, fact-check); using admiralty"
                    )),
                ),
            },
            ScaleChoice::Custom(s) if s.credibility.levels.is_empty() => (
                Scales::default(),
                Some("config: the custom credibility scale has no levels; using admiralty".into()),
            ),
            ScaleChoice::Custom(s) => (s.clone(), None),
        }
    }

    /// The author claims are saved under.
    pub fn author(&self) -> String {
        self.author
            .clone()
            .filter(|a| !a.trim().is_empty())
            .unwrap_or_else(crate::claims::default_author)
    }
}

/// Where the config file is: `$CLAIMMARK_CONFIG_DIR/config.ron`, else the platform's config
/// folder (`~/.config/claimmark/config.ron` on Linux).
pub fn path() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CONFIG_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join("config.ron"));
    }
    directories::ProjectDirs::from("", "", "claimmark").map(|p| p.config_dir().join("config.ron"))
}

/// Reads the config at `path`: the defaults when there is none, and the defaults with a
/// message when it cannot be read.
pub fn load(path: &Path) -> (Config, Option<String>) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Config::default(), None),
        Err(e) => {
            return (
                Config::default(),
                Some(format!("{}: {e}; using the defaults", path.display())),
            );
        }
    };
    // `author: "ana"` reads as well as `author: Some("ana")`: people write it the short way.
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    match options.from_str::<Config>(&text) {
        Ok(c) => (c, None),
        Err(e) => (
            Config::default(),
            Some(format!(
                "{}:{}:{}: {}; using the defaults",
                path.display(),
                e.span.start.line,
                e.span.start.col,
                e.code
            )),
        ),
    }
}

/// A commented config with every setting at its default, for `claimmark config --default`.
pub fn default_text() -> String {
    r#"// claimmark settings. Put this file at ~/.config/claimmark/config.ron (Linux), or in the
// folder named by $CLAIMMARK_CONFIG_DIR. Every setting is optional.
(
    // The name your claims are saved under. Unset: your login name.
    // author: Some("Ana Lopez"),

    // Rating scales. Presets: Preset("admiralty") (credibility 1-6 and reliability A-F,
    // the NATO/Admiralty system) or Preset("fact-check") (True ... Unproven).
    // Or your own, best level first; each rating is saved with its scale's name, so changing
    // scales later never reinterprets old ratings:
    // scales: Custom((
    //     credibility: (name: "desk", levels: [
    //         (key: "1", label: "Verified"),
    //         (key: "2", label: "Unverified"),
    //         (key: "3", label: "False"),
    //     ]),
    //     reliability: None,
    // )),
    scales: Preset("admiralty"),

    // Keys of your own, merged over the defaults (the help overlay, `?`, shows the result).
    // Contexts: Global, List, Reader, Claims, Form, Help. Actions are those the help lists,
    // by name: Annotate, Select, SelectSentence, NextClaim, Copy, Quit, ...
    // keys: [(context: Reader, key: "x", action: Annotate)],
    keys: [],

    // Select with the mouse from the start (M toggles it). Off: the terminal's own copy and
    // paste keep working, which matters over SSH.
    mouse: false,

    // Colours: Some(false) never (bold, underline, reverse and strike still carry the
    // meaning), Some(true) always; unset, colours unless NO_COLOR is set.
    // colour: Some(false),

    // Exports as schema.org ClaimReview (`claimmark export --format claimreview`): where your
    // reviews are published (each review's url is this plus the claim's id; unset, reviews
    // have no url and the export warns), and who publishes them (kind: Organization or
    // Person; unset, each claim's author as a person).
    // review_base_url: Some("https://factcheck.example.org/claims/"),
    // review_author: Some((name: "Example Fact Check", kind: Organization)),
)
"#
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_text_is_the_default_config() {
        let (config, warning) = {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            let path = dir.path().join("config.ron");
            std::fs::write(&path, default_text()).unwrap_or_else(|e| panic!("{e}"));
            load(&path)
        };
        assert_eq!(warning, None);
        assert_eq!(config, Config::default());
    }

    #[test]
    fn missing_means_defaults_and_broken_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("config.ron");
        assert_eq!(load(&path), (Config::default(), None));
        std::fs::write(&path, "(\n  author: Some(\"ana\"),\n  colour: 3,\n)")
            .unwrap_or_else(|e| panic!("{e}"));
        let (config, warning) = load(&path);
        assert_eq!(config, Config::default());
        let warning = warning.unwrap_or_default();
        assert!(warning.contains("config.ron:3:"), "{warning}");
    }

    #[test]
    fn optional_settings_read_without_some() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("config.ron");
        std::fs::write(&path, "(author: \"ana\", colour: false)").unwrap_or_else(|e| panic!("{e}"));
        let (config, warning) = load(&path);
        assert_eq!(warning, None);
        assert_eq!(config.author.as_deref(), Some("ana"));
        assert_eq!(config.colour, Some(false));
    }

    #[test]
    fn presets_and_custom_scales() {
        let c: Config = ron::from_str("(author: Some(\"ana\"), scales: Preset(\"fact-check\"))")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.author(), "ana");
        let (scales, warning) = c.scales();
        assert_eq!(scales.credibility.name, "fact-check");
        assert!(scales.reliability.is_none() && warning.is_none());
        let c: Config = ron::from_str(
            "(scales: Custom((credibility: (name: \"desk\", levels: [(key: \"1\", label: \"Verified\")]), reliability: None)))",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.scales().0.credibility.name, "desk");
        let c: Config =
            ron::from_str("(scales: Preset(\"nato\"))").unwrap_or_else(|e| panic!("{e}"));
        assert!(c.scales().1.is_some_and(|w| w.contains("nato")));
    }

    #[test]
    fn the_review_settings_read_as_the_default_text_shows_them() {
        let c: Config = ron::from_str(
            "(review_base_url: Some(\"https://factcheck.example.org/claims/\"), \
             review_author: Some((name: \"Example Fact Check\", kind: Organization)))",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            c.review_author,
            Some(ReviewAuthor {
                name: "Example Fact Check".into(),
                kind: AgentKind::Organization
            })
        );
        // The commented lines of the default text are the ones just read.
        for line in [
            "// review_base_url: Some(\"https://factcheck.example.org/claims/\"),",
            "// review_author: Some((name: \"Example Fact Check\", kind: Organization)),",
        ] {
            assert!(default_text().contains(line), "{line}");
        }
    }
}
