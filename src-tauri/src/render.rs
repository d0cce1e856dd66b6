//! How WebKitGTK draws the window on Linux: on the CPU, without OpenGL in the app process.
//!
//! Accelerated compositing draws the page with OpenGL; without a GPU (as under Xvfb) that is
//! Mesa's software rasterizer, whose buffers cost about 100 MB of idle memory (issue 8). The
//! screens are forms and tables, which WebKit paints as well on the CPU into shared memory.
//! With compositing off, nothing in the app process draws with OpenGL, yet two things still
//! load Mesa there (its driver brings LLVM, about 40 MB of RSS and 20 MB of PSS): GTK probing
//! GLX when it opens the display, and WebKit opening an EGL display only to learn which GPU
//! render node to hand the web process for GPU buffers, of which it hands none. The web
//! process keeps its own EGL display, which WebKit requires.
//!
//! The switches are environment variables that WebKitGTK and GTK read once per process as GTK
//! and the webview start, so the environment is the only way to give them. Two of them are not
//! public interface: `GDK_GL` is GTK's debugging switch, and `WEBKIT_WEB_RENDER_DEVICE_FILE`
//! is read by WebKitGTK 2.50's `drmRenderNodeDevice()` ahead of asking EGL; check both again
//! when WebKitGTK is upgraded (the end-to-end test "draws without loading OpenGL in the app
//! process" fails if they stop working). Processes the app starts (GTK's print preview)
//! inherit them; none of those draws with OpenGL either.

use std::ffi::OsString;

/// The switch for compositing: WebKit composites with the GPU unless it is set to anything but
/// `0`.
const COMPOSITING_OFF: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// What the app sets, each unless the user has set it.
pub(crate) const DEFAULTS: [(&str, &str); 4] = [
    (COMPOSITING_OFF, "1"),
    // The GPU path that hands composited frames to the window.
    ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
    // GTK draws the window without OpenGL (the app has no GL widget).
    ("GDK_GL", "disable"),
    // No render node (this path is no DRM device): the web process gets no GPU buffers to
    // allocate on one.
    ("WEBKIT_WEB_RENDER_DEVICE_FILE", "/dev/null"),
];

/// The variables to set, given how the environment reads them: none when the user turned
/// compositing back on (`WEBKIT_DISABLE_COMPOSITING_MODE=0`), since the GPU path needs them
/// all; otherwise every default the user has not set. An empty value counts as not set and is
/// replaced (for an empty `WEBKIT_DISABLE_COMPOSITING_MODE` WebKit turns compositing off too).
pub(crate) fn to_set(var: impl Fn(&str) -> Option<OsString>) -> Vec<(&'static str, &'static str)> {
    let set = |name: &str| var(name).filter(|value| !value.is_empty());
    if set(COMPOSITING_OFF).is_some_and(|value| value == "0") {
        return Vec::new();
    }
    DEFAULTS
        .into_iter()
        .filter(|(name, _)| set(name).is_none())
        .collect()
}

/// Sets them. Only sound before the process starts a thread, so `main` calls it first.
pub(crate) fn apply() {
    for (name, value) in to_set(|name| std::env::var_os(name)) {
        std::env::set_var(name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn a_plain_environment_gets_every_default() {
        assert_eq!(to_set(env(&[])), DEFAULTS.to_vec());
    }

    #[test]
    fn a_value_the_user_set_wins() {
        let set = to_set(env(&[("GDK_GL", "gles"), (COMPOSITING_OFF, "1")]));
        assert_eq!(
            set,
            vec![
                ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
                ("WEBKIT_WEB_RENDER_DEVICE_FILE", "/dev/null")
            ]
        );
    }

    #[test]
    fn an_empty_value_counts_as_not_set() {
        assert_eq!(
            to_set(env(&[("GDK_GL", ""), (COMPOSITING_OFF, "")])),
            DEFAULTS.to_vec()
        );
    }

    #[test]
    fn compositing_turned_back_on_leaves_the_gpu_path_alone() {
        assert!(to_set(env(&[(COMPOSITING_OFF, "0")])).is_empty());
    }
}
