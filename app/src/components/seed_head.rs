//! The portal's illustration: a sunflower's seed head, drawn as SVG from the golden angle
//! (each seed turned 137.5° from the last, at a distance growing with its square root), the
//! pattern the Sunflower Centres take their name from. Computed, so no image file, font or
//! third-party request; decorative, so hidden from assistive technology.

use leptos::prelude::*;

/// Seeds drawn.
const SEEDS: usize = 144;
/// The golden angle, in radians.
const GOLDEN_ANGLE: f64 = 2.399_963_229_728_653;

/// The circles of the seed head in a 200 × 200 box: (x, y, radius, outer).
fn seeds() -> Vec<(f64, f64, f64, bool)> {
    (1..=SEEDS)
        .map(|i| {
            let i = i as f64;
            let r = 7.6 * i.sqrt();
            let a = i * GOLDEN_ANGLE;
            let size = 2.0 + 3.2 * (i / SEEDS as f64);
            (100.0 + r * a.cos(), 100.0 + r * a.sin(), size, i > SEEDS as f64 * 0.62)
        })
        .collect()
}

#[component]
pub fn SeedHead() -> impl IntoView {
    let circles = seeds()
        .into_iter()
        .map(|(x, y, r, outer)| {
            view! {
                <circle cx=format!("{x:.0}") cy=format!("{y:.0}") r=format!("{r:.1}") class=outer.then_some("outer")/>
            }
        })
        .collect_view();
    view! {
        <svg class="seed-head" viewBox="0 0 200 200" aria-hidden="true" focusable="false">
            {circles}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_fill_the_box_without_leaving_it() {
        let all = seeds();
        assert_eq!(all.len(), SEEDS);
        assert!(all.iter().all(|(x, y, r, _)| x - r >= -0.5 && x + r <= 200.5 && y - r >= -0.5 && y + r <= 200.5));
        // The outer ring is the larger, lighter part, as on the flower.
        assert!(all.iter().filter(|s| s.3).count() > SEEDS / 4);
    }
}
