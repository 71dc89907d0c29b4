//! Three-way merge of two reviewers' versions of a sidecar, by claim id.
//!
//! Sidecars travel in git like code, so two reviewers change the same sidecar on two
//! branches. A line merge of RON would either conflict on every nearby edit or, worse, splice
//! two claims into one; this merge works on claims instead, matched by their stable ids, and
//! never loses a reviewer's work:
//!
//! - a claim only one side has (new there) is kept;
//! - a claim deleted on one side and unchanged on the other is deleted; deleted on one side
//!   but edited on the other, the edited one is kept (reported in [`Merged::kept_over_delete`]);
//! - a claim changed on one side only takes that side; changed the same on both, it is kept
//!   once;
//! - a claim changed on both sides is merged field by field, as git merges lines: a field
//!   changed on one side takes that side, tags and sources take the additions and removals of
//!   both. When both changed the same field differently, the claim is *in conflict*: the
//!   claim keeps our value of those fields and another version with theirs goes to
//!   [`Sidecar::conflicts`], both with every change the two sides agree on, for a reviewer to
//!   choose from ([`Sidecar::resolve`]);
//! - a claim an earlier merge left in conflict, resolved on both sides differently (one kept
//!   a version, the other took another), is in conflict again, with the two chosen versions;
//! - the review status changed on one side takes that side; changed on both, the less finished
//!   one wins, and a merge that leaves conflicts never says `Done`, so nobody takes a
//!   conflicted article for finished;
//! - the article's identity is ours unless only theirs changed.
//!
//! The result is sorted ([`Sidecar::sort`]), so the same inputs always give the same file.

use super::{Claim, ReviewStatus, Sidecar};

/// What a merge made: the sidecar, and what a reviewer should hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The merged sidecar, sorted; holds every version that could not be merged.
    pub sidecar: Sidecar,
    /// Claims this merge found changed differently on both sides (each now has another
    /// version in [`Sidecar::conflicts`]). Non-zero tells git the merge needs a reviewer.
    pub conflicts: usize,
    /// Ids of claims deleted on one side but edited on the other: kept as edited, since the
    /// edit is work and the deletion can be repeated.
    pub kept_over_delete: Vec<String>,
}

/// Merges `ours` and `theirs`, two versions of one sidecar descended from `base` (`None` when
/// both sides created the file, as git's `%O` is then empty). See the module for the rules.
pub fn merge(base: Option<&Sidecar>, ours: &Sidecar, theirs: &Sidecar) -> Merged {
    // Claims by id (the first of an id, as a search would find it): every save of a large
    // sidecar merges, so lookups must not cost a scan each.
    fn by_id(s: &Sidecar) -> std::collections::HashMap<&str, &Claim> {
        let mut index = std::collections::HashMap::with_capacity(s.claims.len());
        for c in &s.claims {
            index.entry(c.id.as_str()).or_insert(c);
        }
        index
    }
    let (in_base, in_ours, in_theirs) = (base.map(by_id), by_id(ours), by_id(theirs));
    let find = |index: Option<&std::collections::HashMap<&str, &Claim>>, id: &str| {
        index.and_then(|i| i.get(id)).map(|c| (*c).clone())
    };
    let mut ids: Vec<&str> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for c in ours.claims.iter().chain(&theirs.claims) {
        if seen.insert(c.id.as_str()) {
            ids.push(&c.id);
        }
    }
    let mut claims = Vec::new();
    let mut others = Vec::new();
    let mut conflicts = 0;
    let mut kept_over_delete = Vec::new();
    for id in ids {
        let (b, o, t) = (
            find(in_base.as_ref(), id),
            find(Some(&in_ours), id),
            find(Some(&in_theirs), id),
        );
        match (b, o, t) {
            (_, None, None) => {}
            (None, Some(one), None) | (None, None, Some(one)) => claims.push(one),
            (Some(b), Some(one), None) | (Some(b), None, Some(one)) => {
                if one != b {
                    kept_over_delete.push(one.id.clone());
                    claims.push(one);
                }
            }
            (b, Some(o), Some(t)) => {
                // A conflict of an earlier merge resolved on both sides, differently: two
                // reviewers' deliberate choices, so it is a conflict again, whole versions.
                let had_others = base.is_some_and(|s| s.other_versions(id).next().is_some());
                let resolved = |s: &Sidecar| s.other_versions(id).next().is_none();
                let (main, other) = if had_others && resolved(ours) && resolved(theirs) && o != t {
                    (o, Some(t))
                } else {
                    merge_claim(b.as_ref(), &o, &t)
                };
                claims.push(main);
                if let Some(other) = other {
                    conflicts += 1;
                    others.push(other);
                }
            }
        }
    }
    // Versions left by earlier merges: a resolution on one side removes them.
    let mut kept_others = union(
        base.map(|b| b.conflicts.as_slice()),
        &ours.conflicts,
        &theirs.conflicts,
    );
    kept_others.extend(others);
    let mut status = pick(base.map(|b| &b.status), &ours.status, &theirs.status)
        .unwrap_or_else(|()| less_finished(ours.status, theirs.status));
    if conflicts > 0 && status == ReviewStatus::Done {
        status = ReviewStatus::InProgress;
    }
    let article = match base {
        Some(b) if b.article == ours.article => theirs.article.clone(),
        _ => ours.article.clone(),
    };
    let mut sidecar = Sidecar {
        version: 0,
        article,
        status,
        claims,
        conflicts: kept_others,
    };
    sidecar.settle();
    sidecar.sort();
    sidecar.version = sidecar.needed_version();
    Merged {
        sidecar,
        conflicts,
        kept_over_delete,
    }
}

/// What [`absorb`] did with the claims it was given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Absorbed {
    /// Claims whose id the sidecar did not have.
    pub added: usize,
    /// Claims the sidecar already had, as the claim or as one of its other versions.
    pub unchanged: usize,
    /// Claims whose id the sidecar had with different content: kept as another version of
    /// it, a conflict for the reviewer to resolve.
    pub conflicts: usize,
}

/// Brings `incoming` claims (from another claimmark's export) into `sidecar` by id, without
/// duplicates: a new id is added; the same claim, or one already kept as an other version, is
/// left alone; the same id with different content becomes another version of the claim (a
/// conflict). With no common ancestor to tell which side changed, and `updated` times from two
/// machines, keeping the newer would silently drop whatever the older one holds that the newer
/// lacks; a conflict loses nothing and is one key to resolve. Importing the same claims twice
/// therefore changes nothing the second time.
pub fn absorb(sidecar: &mut Sidecar, incoming: &[Claim]) -> Absorbed {
    let mut done = Absorbed::default();
    for claim in incoming {
        match sidecar.claims.iter().find(|c| c.id == claim.id) {
            None => {
                sidecar.claims.push(claim.clone());
                done.added += 1;
            }
            Some(have) if have == claim || sidecar.conflicts.contains(claim) => {
                done.unchanged += 1;
            }
            Some(_) => {
                sidecar.conflicts.push(claim.clone());
                done.conflicts += 1;
            }
        }
    }
    if done.conflicts > 0 && sidecar.status == ReviewStatus::Done {
        sidecar.status = ReviewStatus::InProgress;
    }
    sidecar.settle();
    sidecar.sort();
    done
}

/// What differs between two versions of a claim, by the names a reviewer knows the fields by
/// (`place`, `credibility`, `note`…), for saying what a conflict is about.
pub fn differences(a: &Claim, b: &Claim) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut differs = |name: &'static str, d: bool| {
        if d {
            out.push(name);
        }
    };
    differs("place", a.anchor != b.anchor);
    differs("summary", a.summary != b.summary);
    differs("credibility", a.credibility != b.credibility);
    differs("reliability", a.reliability != b.reliability);
    differs("sources", a.sources != b.sources);
    differs("tags", a.tags != b.tags);
    differs("note", a.note != b.note);
    if out.is_empty() {
        out.push("author or time");
    }
    out
}

/// The less finished of two review statuses: after a disagreement, the article is not done
/// until someone says so again.
fn less_finished(a: ReviewStatus, b: ReviewStatus) -> ReviewStatus {
    let rank = |s: ReviewStatus| match s {
        ReviewStatus::Unreviewed => 0,
        ReviewStatus::InProgress => 1,
        ReviewStatus::Done => 2,
    };
    if rank(b) < rank(a) { b } else { a }
}

/// One claim both sides have, merged field by field: the claim, and theirs as another version
/// when a field was changed differently on both (each then has every change the sides agree
/// on, and its own side's value of the fields they disagree on).
fn merge_claim(b: Option<&Claim>, o: &Claim, t: &Claim) -> (Claim, Option<Claim>) {
    if o == t || b == Some(t) {
        return (o.clone(), None);
    }
    if b == Some(o) {
        return (t.clone(), None);
    }
    let mut main = o.clone();
    let mut other = t.clone();
    let mut clash = false;
    // A field changed on one side takes that side; changed differently on both, each version
    // keeps its own.
    macro_rules! field {
        ($f:ident) => {
            match pick(b.map(|b| &b.$f), &o.$f, &t.$f) {
                Ok(v) => {
                    main.$f = v.clone();
                    other.$f = v;
                }
                Err(()) => clash = true,
            }
        };
    }
    field!(anchor);
    field!(summary);
    field!(credibility);
    field!(reliability);
    field!(note);
    // Lists take both sides' additions and removals.
    main.tags = union(b.map(|b| b.tags.as_slice()), &o.tags, &t.tags);
    other.tags = main.tags.clone();
    main.sources = union(b.map(|b| b.sources.as_slice()), &o.sources, &t.sources);
    other.sources = main.sources.clone();
    let created = std::cmp::min(&o.created, &t.created).clone();
    main.created = created.clone();
    other.created = created;
    if clash {
        return (main, Some(other));
    }
    // Merged cleanly: the last change is whichever side changed it last.
    if t.updated > o.updated {
        main.author = t.author.clone();
        main.updated = t.updated.clone();
    }
    (main, None)
}

/// A value three-way: unchanged on one side takes the other; `Err` when both changed it
/// differently (or, with no base, when the two differ).
fn pick<T: PartialEq + Clone>(b: Option<&T>, o: &T, t: &T) -> Result<T, ()> {
    if o == t || b == Some(t) {
        Ok(o.clone())
    } else if b == Some(o) {
        Ok(t.clone())
    } else {
        Err(())
    }
}

/// A list three-way as a set: what either side added is in, what either side removed is out;
/// ours in its order, then theirs' additions. A list unchanged on one side is the other's,
/// order and all.
fn union<T: PartialEq + Clone>(b: Option<&[T]>, o: &[T], t: &[T]) -> Vec<T> {
    let b = b.unwrap_or(&[]);
    if o == t || b == t {
        return o.to_vec();
    }
    if b == o {
        return t.to_vec();
    }
    let mut out: Vec<T> = o
        .iter()
        .filter(|x| !b.contains(x) || t.contains(x))
        .cloned()
        .collect();
    for x in t {
        if !o.contains(x) && !b.contains(x) && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{Anchor, ArticleId, Rating};
    use crate::decode::Decoded;

    const TEXT: &str =
        "Algeria signed an arms contract with Russia, valued between $12-17 billion.";

    fn claim(id: &str, note: &str) -> Claim {
        let source = Decoded::new(TEXT.as_bytes());
        let at = (id.bytes().next().unwrap_or(b'a') as usize % 8) * 4;
        Claim {
            anchor: Anchor::new(&source, at..at + 6, &TEXT[at..at + 6]),
            note: note.into(),
            created: "2026-11-23T10:00:00Z".into(),
            updated: "2026-11-23T10:00:00Z".into(),
            ..crate::claims::test_claim(id, Some("3"), None, &[])
        }
    }

    fn sidecar(claims: Vec<Claim>) -> Sidecar {
        let mut s = Sidecar::new(ArticleId::of("a.txt", TEXT.as_bytes()));
        s.claims = claims;
        s.sort();
        s
    }

    fn edited(mut c: Claim, f: impl FnOnce(&mut Claim)) -> Claim {
        f(&mut c);
        c.author = "ben".into();
        c.updated = "2026-11-23T11:00:00Z".into();
        c
    }

    fn ids(s: &Sidecar) -> Vec<&str> {
        let mut v: Vec<&str> = s.claims.iter().map(|c| c.id.as_str()).collect();
        v.sort();
        v
    }

    #[test]
    fn new_claims_on_both_sides_are_kept() {
        let base = sidecar(vec![claim("a", "")]);
        let ours = sidecar(vec![claim("a", ""), claim("b", "ours")]);
        let theirs = sidecar(vec![claim("a", ""), claim("c", "theirs")]);
        let m = merge(Some(&base), &ours, &theirs);
        assert_eq!(ids(&m.sidecar), ["a", "b", "c"]);
        assert_eq!(m.conflicts, 0);
        assert_eq!(
            m.sidecar.version, 1,
            "no conflict: readable by every claimmark"
        );
    }

    #[test]
    fn deletions_go_unless_the_other_side_edited() {
        let base = sidecar(vec![claim("a", ""), claim("b", "")]);
        let ours = sidecar(vec![claim("b", "")]);
        let theirs = sidecar(vec![
            claim("a", ""),
            edited(claim("b", ""), |c| c.note = "checked".into()),
        ]);
        let m = merge(Some(&base), &ours, &theirs);
        assert_eq!(ids(&m.sidecar), ["b"], "a deleted by us, untouched by them");
        let m = merge(Some(&base), &theirs, &sidecar(vec![claim("a", "")]));
        assert_eq!(
            ids(&m.sidecar),
            ["a", "b"],
            "b edited by us, deleted by them"
        );
        assert_eq!(m.kept_over_delete, ["b"]);
        assert_eq!(m.conflicts, 0);
    }

    #[test]
    fn different_fields_merge_and_the_same_field_conflicts() {
        let b = claim("a", "");
        let base = sidecar(vec![b.clone()]);
        let ours = sidecar(vec![edited(b.clone(), |c| {
            c.note = "ours".into();
            c.tags = vec!["arms".into()];
        })]);
        let theirs = sidecar(vec![edited(b.clone(), |c| {
            c.reliability = Some(Rating {
                scale: "admiralty-reliability".into(),
                value: "B".into(),
            });
            c.tags = vec!["russia".into()];
        })]);
        let m = merge(Some(&base), &ours, &theirs);
        assert_eq!(m.conflicts, 0);
        let c = &m.sidecar.claims[0];
        assert_eq!(c.note, "ours");
        assert_eq!(c.reliability.as_ref().map(|r| r.value.as_str()), Some("B"));
        assert_eq!(c.tags, ["arms", "russia"]);

        let theirs = sidecar(vec![edited(b, |c| {
            c.note = "theirs".into();
            c.tags = vec!["russia".into()];
        })]);
        let m = merge(Some(&base), &ours, &theirs);
        assert_eq!(m.conflicts, 1);
        assert_eq!(m.sidecar.conflicted(), 1);
        assert_eq!(
            m.sidecar.version, 2,
            "older builds must not drop the conflict"
        );
        assert_eq!(m.sidecar.claims[0].note, "ours");
        let other: Vec<&Claim> = m.sidecar.other_versions("a").collect();
        assert_eq!(other.len(), 1);
        assert_eq!(other[0].note, "theirs");
        assert_eq!(other[0].tags, ["arms", "russia"], "agreed changes in both");
        let mut resolved = m.sidecar.clone();
        assert!(resolved.resolve("a", Some(0)));
        assert_eq!(resolved.claims[0].note, "theirs");
        assert_eq!(resolved.conflicted(), 0);
        assert_eq!(resolved.needed_version(), 1);
    }

    #[test]
    fn status_changed_side_wins_and_a_conflict_is_never_done() {
        let base = sidecar(vec![claim("a", "")]);
        let mut ours = base.clone();
        ours.status = ReviewStatus::Done;
        let m = merge(Some(&base), &ours, &base);
        assert_eq!(m.sidecar.status, ReviewStatus::Done);
        let mut theirs = base.clone();
        theirs.status = ReviewStatus::InProgress;
        assert_eq!(
            merge(Some(&base), &ours, &theirs).sidecar.status,
            ReviewStatus::InProgress
        );
        ours.claims[0].note = "x".into();
        theirs.status = ReviewStatus::Done;
        theirs.claims[0].note = "y".into();
        let m = merge(Some(&base), &ours, &theirs);
        assert_eq!(m.conflicts, 1);
        assert_eq!(m.sidecar.status, ReviewStatus::InProgress);
    }

    #[test]
    fn a_conflicted_sidecar_merges_again_and_resolution_travels() {
        let base = sidecar(vec![claim("a", "")]);
        let ours = sidecar(vec![edited(claim("a", ""), |c| c.note = "x".into())]);
        let theirs = sidecar(vec![claim("a", "y")]);
        let conflicted = merge(Some(&base), &ours, &theirs).sidecar;
        // One reviewer resolves it, the other adds a claim meanwhile.
        let mut resolved = conflicted.clone();
        resolved.resolve("a", None);
        let mut added = conflicted.clone();
        added.claims.push(claim("b", "new"));
        let m = merge(Some(&conflicted), &added, &resolved);
        assert_eq!(ids(&m.sidecar), ["a", "b"]);
        assert_eq!(m.sidecar.conflicted(), 0, "the resolution is not undone");
        assert_eq!(m.conflicts, 0);
    }

    #[test]
    fn a_conflict_resolved_differently_on_both_sides_is_a_conflict_again() {
        let base = sidecar(vec![claim("a", "")]);
        let ours = sidecar(vec![edited(claim("a", ""), |c| c.note = "x".into())]);
        let theirs = sidecar(vec![claim("a", "y")]);
        let conflicted = merge(Some(&base), &ours, &theirs).sidecar;
        let mut kept = conflicted.clone();
        kept.resolve("a", None);
        let mut took = conflicted.clone();
        took.resolve("a", Some(0));
        let m = merge(Some(&conflicted), &kept, &took);
        assert_eq!(m.conflicts, 1);
        assert_eq!(note_of(&m.sidecar), ["x", "y"]);
        // Resolved the same way on both: settled.
        let m = merge(Some(&conflicted), &took, &took.clone());
        assert_eq!(
            (m.conflicts, note_of(&m.sidecar)),
            (0, vec!["y".to_string()])
        );
    }

    fn note_of(s: &Sidecar) -> Vec<String> {
        s.claims
            .iter()
            .chain(&s.conflicts)
            .map(|c| c.note.clone())
            .collect()
    }

    #[test]
    fn both_sides_creating_the_file_merges_without_a_base() {
        let ours = sidecar(vec![claim("a", "x")]);
        let theirs = sidecar(vec![claim("a", "y"), claim("b", "")]);
        let m = merge(None, &ours, &theirs);
        assert_eq!(ids(&m.sidecar), ["a", "b"]);
        assert_eq!(m.conflicts, 1);
    }

    #[test]
    fn the_result_is_the_same_whatever_order_the_claims_came_in() {
        let base = sidecar(vec![claim("a", ""), claim("b", "")]);
        let mut ours = sidecar(vec![claim("a", "1"), claim("b", ""), claim("c", "")]);
        let theirs = sidecar(vec![claim("a", "2"), claim("d", "")]);
        let one = merge(Some(&base), &ours, &theirs);
        ours.claims.reverse();
        let two = merge(Some(&base), &ours, &theirs);
        assert_eq!(one, two);
    }

    #[test]
    fn absorbing_adds_new_ids_once_and_keeps_a_different_version_as_a_conflict() {
        let mut s = sidecar(vec![claim("a", "mine")]);
        let incoming = [claim("a", "mine"), claim("b", "theirs")];
        let first = absorb(&mut s, &incoming);
        assert_eq!((first.added, first.unchanged, first.conflicts), (1, 1, 0));
        let again = s.clone();
        assert_eq!(absorb(&mut s, &incoming).added, 0);
        assert_eq!(s, again, "twice is once");
        let other = [edited(claim("a", "mine"), |c| c.note = "theirs".into())];
        assert_eq!(absorb(&mut s, &other).conflicts, 1);
        assert_eq!(
            absorb(&mut s, &other).unchanged,
            1,
            "the other version is known now"
        );
        assert_eq!(s.conflicted(), 1);
        assert_eq!(s.claims.len(), 2);
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        /// A sidecar drawn from a few ids and notes, so sides overlap often; some claims are
        /// in conflict, as an earlier merge leaves them.
        fn any_sidecar() -> impl Strategy<Value = Sidecar> {
            (
                proptest::collection::vec(
                    (
                        0u8..5,
                        0u8..3,
                        proptest::collection::vec(0u8..3, 0..3),
                        proptest::option::weighted(0.2, 0u8..2),
                    ),
                    0..5,
                ),
                0u8..3,
            )
                .prop_map(|(claims, status)| {
                    let mut s = sidecar(Vec::new());
                    for (id, note, tags, other) in claims {
                        let id = ((b'a' + id) as char).to_string();
                        if s.claims.iter().any(|c| c.id == id) {
                            continue;
                        }
                        let mut c = claim(&id, &format!("note {note}"));
                        c.tags = tags.iter().map(|t| format!("t{t}")).collect();
                        c.tags.dedup();
                        if let Some(n) = other {
                            let mut o = c.clone();
                            o.note = format!("other {n}");
                            s.conflicts.push(o);
                        }
                        s.claims.push(c);
                    }
                    s.settle();
                    s.version = s.needed_version();
                    s.status = [
                        ReviewStatus::Unreviewed,
                        ReviewStatus::InProgress,
                        ReviewStatus::Done,
                    ][status as usize];
                    s.sort();
                    s
                })
        }

        proptest! {
            #[test]
            fn merging_a_side_with_itself_gives_it(b in any_sidecar(), x in any_sidecar()) {
                prop_assert_eq!(merge(Some(&b), &x, &x).sidecar, x);
            }

            #[test]
            fn one_side_unchanged_gives_the_other(b in any_sidecar(), x in any_sidecar()) {
                prop_assert_eq!(&merge(Some(&b), &b, &x).sidecar, &x);
                prop_assert_eq!(&merge(Some(&b), &x, &b).sidecar, &x);
            }

            #[test]
            fn no_claim_or_edit_is_lost(
                b in any_sidecar(),
                o in any_sidecar(),
                t in any_sidecar(),
            ) {
                let m = merge(Some(&b), &o, &t);
                let in_base = |id: &str| b.claims.iter().find(|c| c.id == id);
                for side in [&o, &t] {
                    for c in &side.claims {
                        let kept = m.sidecar.claims.iter().any(|k| k.id == c.id);
                        if !kept {
                            // Only a deletion against an unchanged claim removes one.
                            prop_assert_eq!(in_base(&c.id), Some(c));
                            continue;
                        }
                        // An edited note survives, as the claim or its other version.
                        let edited = in_base(&c.id).is_none_or(|bc| bc.note != c.note);
                        if edited {
                            let found = m.sidecar.claims.iter().chain(&m.sidecar.conflicts)
                                .any(|k| k.id == c.id && k.note == c.note);
                            prop_assert!(found, "note of {} lost", c.id);
                        }
                    }
                }
                // The same conflicts whichever side is ours.
                let swapped = merge(Some(&b), &t, &o);
                prop_assert_eq!(m.conflicts, swapped.conflicts);
                prop_assert_eq!(ids(&m.sidecar), ids(&swapped.sidecar));
                let fresh = [&b, &o, &t].iter().all(|s| s.conflicts.is_empty());
                if fresh {
                    prop_assert_eq!(m.sidecar.conflicted(), m.conflicts);
                }
                // Every version kept belongs to a claim kept.
                for other in &m.sidecar.conflicts {
                    prop_assert!(m.sidecar.claims.iter().any(|c| c.id == other.id));
                }
            }
        }
    }
}
