//! One pass over the matching documents that groups them by translation set (keeping each
//! set's best-scoring version and the languages it matched in) and reads the facet values of
//! each set from fast fields. Counts are then per set, which is what a reader sees as one
//! result, whatever language versions matched.

use std::collections::HashMap;
use std::sync::Arc;

use app::model::Lang;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// A translation set that matched.
#[derive(Clone, Debug)]
pub struct SetHit {
    pub set_key: u64,
    pub score: Score,
    /// The best-scoring version.
    pub doc: DocAddress,
    /// Bit `i` is set when the version in `Lang::ALL[i]` matched.
    pub languages: u8,
    pub kind: Arc<str>,
    pub countries: Vec<Arc<str>>,
    pub areas: Vec<Arc<str>>,
    pub year: u64,
}

pub struct GroupCollector;

impl Collector for GroupCollector {
    type Fruit = Vec<SetHit>;
    type Child = GroupSegment;

    fn for_segment(&self, segment_ord: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<GroupSegment> {
        let ff = reader.fast_fields();
        let str_col = |name: &str| -> tantivy::Result<Option<StrColumn>> { ff.str(name) };
        let language = str_col("language")?;
        // The language of each term ordinal of this segment, once.
        let mut lang_bits = Vec::new();
        if let Some(col) = &language {
            let mut s = String::new();
            for ord in 0..col.num_terms() as u64 {
                col.ord_to_str(ord, &mut s)?;
                lang_bits.push(
                    Lang::from_code(&s).and_then(|l| Lang::ALL.iter().position(|x| *x == l)).map_or(0, |i| 1u8 << i),
                );
            }
        }
        Ok(GroupSegment {
            segment_ord,
            set_key: ff.u64("set_key")?,
            year: ff.u64("year")?,
            language,
            lang_bits,
            kind: StrCache::new(str_col("kind")?),
            countries: StrCache::new(str_col("countries")?),
            areas: StrCache::new(str_col("areas")?),
            best: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<SetHit>>) -> tantivy::Result<Vec<SetHit>> {
        let mut merged: HashMap<u64, SetHit> = HashMap::new();
        for hit in fruits.into_iter().flatten() {
            match merged.get_mut(&hit.set_key) {
                Some(existing) => {
                    let languages = existing.languages | hit.languages;
                    if hit.score > existing.score {
                        *existing = hit;
                    }
                    existing.languages = languages;
                }
                None => {
                    merged.insert(hit.set_key, hit);
                }
            }
        }
        let mut out: Vec<SetHit> = merged.into_values().collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.set_key.cmp(&b.set_key)));
        Ok(out)
    }
}

/// Strings of a string column by term ordinal, decoded once per segment.
pub struct StrCache {
    column: Option<StrColumn>,
    cache: HashMap<u64, Arc<str>>,
}

impl StrCache {
    fn new(column: Option<StrColumn>) -> Self {
        StrCache { column, cache: HashMap::new() }
    }

    fn values(&mut self, doc: DocId) -> Vec<Arc<str>> {
        let Some(col) = &self.column else { return Vec::new() };
        let ords: Vec<u64> = col.term_ords(doc).collect();
        ords.into_iter()
            .map(|ord| {
                self.cache
                    .entry(ord)
                    .or_insert_with(|| {
                        let mut s = String::new();
                        let _ = col.ord_to_str(ord, &mut s);
                        Arc::from(s)
                    })
                    .clone()
            })
            .collect()
    }
}

pub struct GroupSegment {
    segment_ord: SegmentOrdinal,
    set_key: Column<u64>,
    year: Column<u64>,
    language: Option<StrColumn>,
    lang_bits: Vec<u8>,
    kind: StrCache,
    countries: StrCache,
    areas: StrCache,
    best: HashMap<u64, (Score, DocId, u8)>,
}

impl SegmentCollector for GroupSegment {
    type Fruit = Vec<SetHit>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let key = self.set_key.first(doc).unwrap_or(0);
        let bit = self
            .language
            .as_ref()
            .and_then(|c| c.term_ords(doc).next())
            .and_then(|ord| self.lang_bits.get(ord as usize).copied())
            .unwrap_or(0);
        let entry = self.best.entry(key).or_insert((score, doc, 0));
        if score > entry.0 {
            entry.0 = score;
            entry.1 = doc;
        }
        entry.2 |= bit;
    }

    fn harvest(mut self) -> Vec<SetHit> {
        let best = std::mem::take(&mut self.best);
        best.into_iter()
            .map(|(set_key, (score, doc, languages))| SetHit {
                set_key,
                score,
                doc: DocAddress::new(self.segment_ord, doc),
                languages,
                kind: self.kind.values(doc).into_iter().next().unwrap_or_else(|| Arc::from("")),
                countries: self.countries.values(doc),
                areas: self.areas.values(doc),
                year: self.year.first(doc).unwrap_or(0),
            })
            .collect()
    }
}
