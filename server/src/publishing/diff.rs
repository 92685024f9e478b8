//! Line diffs between revisions (front matter and body), as pages show them.

use app::model::DiffLine;

use crate::content::front_matter;
use crate::db::RevisionRow;

/// The text a revision diff compares: its front matter, then its body.
pub fn comparable(rev: &RevisionRow) -> String {
    format!("{}---\n{}", front_matter::to_yaml(&rev.meta, None, None), rev.body)
}

/// A line diff (the `similar` crate), as lines a page can show.
pub fn diff_text(old: &str, new: &str) -> Vec<DiffLine> {
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|c| DiffLine {
            sign: match c.tag() {
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
                similar::ChangeTag::Equal => ' ',
            },
            text: c.value().trim_end_matches('\n').to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs_mark_lines() {
        let d = diff_text("a\nb\nc\n", "a\nB\nc\n");
        let signs: String = d.iter().map(|l| l.sign).collect();
        assert_eq!(signs, " -+ ");
        assert_eq!(d[2].text, "B");
    }
}
