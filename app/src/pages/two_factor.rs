//! Two-factor sign-in pages: the code step after the password, the setup with its QR code,
//! the recovery codes shown once, and the account page's section. Plain forms: they work
//! without JavaScript.

use leptos::prelude::*;

use crate::components::forms::{FormError, Hidden};
use crate::i18n::ui;
use crate::model::Lang;
use crate::pages::account::FormState;

/// The second step: a code from the app, or a recovery code.
#[component]
pub fn CodePage(lang: Lang, form: FormState) -> AnyView {
    let t = ui(lang);
    view! {
        <div class="form-page">
            <h1>{t.two_factor}</h1>
            <p>{t.code_title}</p>
            <FormError error=form.error.clone()/>
            <form method="post" action=format!("/{lang}/login/code") class="stack-form">
                <Hidden name="csrf" value=form.csrf.clone()/>
                <label for="code">{t.code_label}</label>
                <input id="code" name="code" required autocomplete="one-time-code" autocapitalize="off"
                    spellcheck="false" maxlength="24" autofocus/>
                <button type="submit">{t.sign_in}</button>
            </form>
            <p class="hint">{t.code_help}</p>
        </div>
    }
    .into_any()
}

/// What the setup page shows of the key.
#[derive(Clone, Debug, Default)]
pub struct SetupView {
    /// The QR code, an SVG drawn by the server from the key (no user input in it).
    pub qr_svg: String,
    /// The key in groups of four, for typing by hand.
    pub secret: String,
    /// Where the form posts.
    pub action: String,
    /// Staff must set it up; readers choose to.
    pub required: bool,
}

/// Setting up: scan the QR code (or type the key), then confirm with a code.
#[component]
pub fn SetupPage(lang: Lang, form: FormState, setup: SetupView) -> AnyView {
    let t = ui(lang);
    let intro = if setup.required { t.setup_intro } else { t.setup_intro_optional };
    view! {
        <div class="form-page">
            <h1>{t.setup_title}</h1>
            <p>{intro}</p>
            <figure class="qr-code" role="img" aria-label=t.qr_label inner_html=setup.qr_svg></figure>
            <p>{t.setup_manual}</p>
            <p><code class="secret-key" translate="no">{setup.secret}</code></p>
            <FormError error=form.error.clone()/>
            <form method="post" action=setup.action class="stack-form">
                <Hidden name="csrf" value=form.csrf.clone()/>
                <label for="code">{t.code_label}</label>
                <input id="code" name="code" required autocomplete="one-time-code" inputmode="numeric"
                    pattern="[0-9 ]*" maxlength="7"/>
                <button type="submit">{t.confirm_code}</button>
            </form>
        </div>
    }
    .into_any()
}

/// The ten recovery codes, shown once after setting up.
#[component]
pub fn RecoveryCodesPage(lang: Lang, codes: Vec<String>, next: String) -> AnyView {
    let t = ui(lang);
    let items = codes.into_iter().map(|c| view! { <li><code translate="no">{c}</code></li> }).collect_view();
    view! {
        <div class="form-page">
            <h1>{t.recovery_title}</h1>
            <p class="notice" role="status">{t.recovery_intro}</p>
            <ol class="recovery-codes">{items}</ol>
            <p><a class="button" href=next>{t.continue_on}</a></p>
        </div>
    }
    .into_any()
}

/// The account page's two-factor section.
#[component]
pub fn TwoFactorSection(lang: Lang, csrf: String, on: bool, recovery_left: i64, mandatory: bool) -> AnyView {
    let t = ui(lang);
    let body = if on {
        let off = (!mandatory).then(|| {
            view! {
                <form method="post" action=format!("/{lang}/account/two-factor/off") class="stack-form">
                    <Hidden name="csrf" value=csrf.clone()/>
                    <label for="off-code">{t.code_label}</label>
                    <input id="off-code" name="code" required autocomplete="one-time-code" maxlength="24"/>
                    <button type="submit">{t.turn_off_two_factor}</button>
                </form>
            }
        });
        view! {
            <p>{format!("{} {recovery_left}", t.two_factor_on)}</p>
            {off}
        }
        .into_any()
    } else {
        view! {
            <p>{t.two_factor_off}</p>
            <p><a class="button" href=format!("/{lang}/account/two-factor")>{t.set_up_two_factor}</a></p>
        }
        .into_any()
    };
    view! {
        <div class="form-page">
            <h2 id="two-factor">{t.two_factor}</h2>
            {body}
        </div>
    }
    .into_any()
}
