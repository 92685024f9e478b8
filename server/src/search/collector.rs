//! One pass over the matching documents that groups them by translation set (keeping each
//! set's best-scoring version and the languages it matched in) and reads the facet values of
//! each set from fast fields. Counts are then per set, which is what a reader sees as one
//! result, whatever language versions matched.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap;

use app::model::Lang;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// A translation set that matched.
#[derive(Clone, Copy, Debug)]
pub struct SetHit {
    pub set_key: u64,
    pub score: Score,
    /// The best-scoring version.
    pub doc: DocAddress,
    /// Bit `i` is set when the version in `Lang::ALL[i]` matched.
    pub languages: u8,
}

/// Best first; the set key breaks ties so pages are stable.
pub fn by_score(a: &SetHit, b: &SetHit) -> std::cmp::Ordering {
    b.score.total_cmp(&a.score).then(a.set_key.cmp(&b.set_key))
}

/// The decoded dictionaries of a segment's string fast fields. Decoding a term costs a
/// decompression, so each segment's few languages, kinds, countries and areas are decoded
/// once, when the segment is first searched, not per query.
pub struct SegmentDicts {
    /// Per language term ordinal: bit `i` for `Lang::ALL[i]`.
    pub lang_bits: Vec<u8>,
    pub kind: Vec<Arc<str>>,
    pub countries: Vec<Arc<str>>,
    pub areas: Vec<Arc<str>>,
}

/// Every term of a string column, in ordinal order.
fn all_terms(column: &Option<StrColumn>) -> tantivy::Result<Vec<Arc<str>>> {
    let mut out = Vec::new();
    if let Some(col) = column {
        let mut stream = col.dictionary().stream()?;
        while stream.advance() {
            out.push(Arc::from(String::from_utf8_lossy(stream.key()).as_ref()));
        }
    }
    Ok(out)
}

impl SegmentDicts {
    fn load(reader: &SegmentReader) -> tantivy::Result<SegmentDicts> {
        let ff = reader.fast_fields();
        let lang_bits = all_terms(&ff.str("language")?)?
            .iter()
            .map(|s| Lang::from_code(s).and_then(|l| Lang::ALL.iter().position(|x| *x == l)).map_or(0, |i| 1u8 << i))
            .collect();
        Ok(SegmentDicts {
            lang_bits,
            kind: all_terms(&ff.str("kind")?)?,
            countries: all_terms(&ff.str("countries")?)?,
            areas: all_terms(&ff.str("areas")?)?,
        })
    }

    /// The language of a document, from its language column.
    pub fn language(&self, column: &Option<StrColumn>, doc: DocId) -> Option<Lang> {
        let ord = column.as_ref()?.term_ords(doc).next()?;
        let bits = *self.lang_bits.get(ord as usize)?;
        Lang::ALL.into_iter().enumerate().find(|(i, _)| bits & (1 << i) != 0).map(|(_, l)| l)
    }
}

/// Segment dictionaries by segment, shared by every search of the process.
#[derive(Default)]
pub struct DictCache {
    by_segment: RwLock<HashMap<SegmentId, Arc<SegmentDicts>>>,
}

impl DictCache {
    pub fn get(&self, reader: &SegmentReader) -> tantivy::Result<Arc<SegmentDicts>> {
        let id = reader.segment_id();
        if let Some(d) = self.by_segment.read().ok().and_then(|m| m.get(&id).cloned()) {
            return Ok(d);
        }
        let d = Arc::new(SegmentDicts::load(reader)?);
        if let Ok(mut m) = self.by_segment.write() {
            // Merged-away segments are forgotten now and then.
            if m.len() > 256 {
                m.clear();
            }
            m.insert(id, d.clone());
        }
        Ok(d)
    }
}

pub struct GroupCollector<'a> {
    pub dicts: &'a DictCache,
}

impl Collector for GroupCollector<'_> {
    type Fruit = Vec<SetHit>;
    type Child = GroupSegment;

    fn for_segment(&self, segment_ord: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<GroupSegment> {
        let ff = reader.fast_fields();
        Ok(GroupSegment {
            segment_ord,
            set_key: ff.u64("set_key")?,
            language: ff.str("language")?,
            dicts: self.dicts.get(reader)?,
            best: FxHashMap::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<SetHit>>) -> tantivy::Result<Vec<SetHit>> {
        if fruits.len() == 1 {
            return Ok(fruits.into_iter().next().unwrap_or_default());
        }
        let mut merged: FxHashMap<u64, SetHit> = FxHashMap::default();
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
        // Unsorted: the caller sorts only the page it shows.
        Ok(merged.into_values().collect())
    }
}

pub struct GroupSegment {
    segment_ord: SegmentOrdinal,
    set_key: Column<u64>,
    language: Option<StrColumn>,
    dicts: Arc<SegmentDicts>,
    /// A fast hash: this map sees every matching document of a query.
    best: FxHashMap<u64, (Score, DocId, u8)>,
}

impl SegmentCollector for GroupSegment {
    type Fruit = Vec<SetHit>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let key = self.set_key.first(doc).unwrap_or(0);
        let bit = self
            .language
            .as_ref()
            .and_then(|c| c.term_ords(doc).next())
            .and_then(|ord| self.dicts.lang_bits.get(ord as usize).copied())
            .unwrap_or(0);
        let entry = self.best.entry(key).or_insert((score, doc, 0));
        if score > entry.0 {
            entry.0 = score;
            entry.1 = doc;
        }
        entry.2 |= bit;
    }

    fn harvest(self) -> Vec<SetHit> {
        let segment_ord = self.segment_ord;
        self.best
            .into_iter()
            .map(|(set_key, (score, doc, languages))| SetHit {
                set_key,
                score,
                doc: DocAddress::new(segment_ord, doc),
                languages,
            })
            .collect()
    }
}

/// Facet counts over matched sets, read from fast fields segment by segment (no per-set
/// allocation: a common word can match tens of thousands of sets).
pub struct FacetCounts {
    pub kind: Vec<(Arc<str>, u32)>,
    pub language: [u32; 4],
    pub country: Vec<(Arc<str>, u32)>,
    pub area: Vec<(Arc<str>, u32)>,
    pub year: Vec<(u64, u32)>,
}

/// Counts each set once, by its best version's values.
pub fn facet_counts(searcher: &tantivy::Searcher, dicts: &DictCache, sets: &[SetHit]) -> tantivy::Result<FacetCounts> {
    let mut language = [0u32; 4];
    let mut by_segment: FxHashMap<SegmentOrdinal, Vec<DocId>> = FxHashMap::default();
    for s in sets {
        for (i, n) in language.iter_mut().enumerate() {
            if s.languages & (1 << i) != 0 {
                *n += 1;
            }
        }
        by_segment.entry(s.doc.segment_ord).or_default().push(s.doc.doc_id);
    }
    let mut kind: FxHashMap<Arc<str>, u32> = FxHashMap::default();
    let mut country: FxHashMap<Arc<str>, u32> = FxHashMap::default();
    let mut area: FxHashMap<Arc<str>, u32> = FxHashMap::default();
    let mut year: std::collections::BTreeMap<u64, u32> = std::collections::BTreeMap::new();
    for (segment, docs) in by_segment {
        let reader = searcher.segment_reader(segment);
        let d = dicts.get(reader)?;
        let ff = reader.fast_fields();
        let columns = [
            (ff.str("kind")?, &d.kind, &mut kind),
            (ff.str("countries")?, &d.countries, &mut country),
            (ff.str("areas")?, &d.areas, &mut area),
        ];
        for (column, dict, totals) in columns {
            let Some(col) = column else { continue };
            let mut counts = vec![0u32; dict.len()];
            for doc in &docs {
                for ord in col.term_ords(*doc) {
                    if let Some(c) = counts.get_mut(ord as usize) {
                        *c += 1;
                    }
                }
            }
            for (ord, n) in counts.into_iter().enumerate().filter(|(_, n)| *n > 0) {
                *totals.entry(dict[ord].clone()).or_default() += n;
            }
        }
        let years = ff.u64("year")?;
        for doc in &docs {
            if let Some(y) = years.first(*doc).filter(|y| *y > 0) {
                *year.entry(y).or_default() += 1;
            }
        }
    }
    Ok(FacetCounts {
        kind: kind.into_iter().collect(),
        language,
        country: country.into_iter().collect(),
        area: area.into_iter().collect(),
        year: year.into_iter().collect(),
    })
}
