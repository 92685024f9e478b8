//! Interactive components that hydrate in the browser. Each renders a complete, working
//! no-JavaScript version on the server first.
//!
//! Islands receive the interface words they show as a prop (a small struct per island, made
//! on the server from the interface tables), so the bundle carries none of the four tables.
pub mod body_editor;
pub mod search_box;
pub mod thread;

/// Declares the words an island shows: a struct of the named [`crate::i18n::Ui`] fields.
macro_rules! island_words {
    ($(#[$meta:meta])* $name:ident { $($field:ident),* $(,)? }) => {
        $(#[$meta])*
        // Sent as a plain list of strings: every island's words share one deserialiser.
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(from = "Vec<String>", into = "Vec<String>")]
        pub struct $name {
            $(pub $field: String,)*
        }

        impl From<Vec<String>> for $name {
            fn from(words: Vec<String>) -> Self {
                let mut words = words.into_iter();
                $name { $($field: words.next().unwrap_or_default(),)* }
            }
        }

        impl From<$name> for Vec<String> {
            fn from(w: $name) -> Vec<String> {
                vec![$(w.$field,)*]
            }
        }

        impl $name {
            /// The words in `lang`, from the interface tables (called on the server).
            pub fn new(lang: crate::model::Lang) -> Self {
                let t = crate::i18n::ui(lang);
                $name { $($field: t.$field.to_string(),)* }
            }

            /// The words for as long as the island lives. In the browser the prop is kept (an
            /// island lives as long as its page); on the server the words of each language are
            /// made once, so rendering never leaks.
            pub fn into_static(self, lang: crate::model::Lang) -> &'static Self {
                #[cfg(feature = "hydrate")]
                {
                    let _ = lang;
                    Box::leak(Box::new(self))
                }
                #[cfg(not(feature = "hydrate"))]
                {
                    drop(self);
                    static MADE: std::sync::OnceLock<Vec<$name>> = std::sync::OnceLock::new();
                    let all = MADE.get_or_init(|| crate::model::Lang::ALL.into_iter().map($name::new).collect());
                    let i = crate::model::Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
                    &all[i]
                }
            }
        }
    };
}
pub(crate) use island_words;
