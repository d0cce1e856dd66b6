//! The Windows console speaks the system's legacy code page (949 on Korean Windows) unless told
//! otherwise. Rust writes to a console window as UTF-16, which shows Korean whatever the code
//! page; but when the output goes through the console's code page (PowerShell decoding a
//! native program's output, `more`, a batch file's `for /f`), UTF-8 read as CP949 is mojibake.
//! So the CLI switches the console to UTF-8 (65001) for as long as it runs, and puts the code
//! page back as it found it when it ends, so the shell that started it is left as it was.

/// Restores the console's code pages when dropped.
pub struct Utf8Console {
    #[cfg(windows)]
    before: Option<(u32, u32)>,
}

/// Switches the console's output and input code pages to UTF-8; a no-op where there is no
/// console (output redirected with no console attached) and on other systems.
pub fn use_utf8() -> Utf8Console {
    #[cfg(windows)]
    {
        use windows_sys::Win32::System::Console::{
            GetConsoleCP, GetConsoleOutputCP, SetConsoleCP, SetConsoleOutputCP,
        };
        const CP_UTF8: u32 = 65001;
        // SAFETY: these take and return plain integers; without a console they fail and
        // return 0, which is checked.
        let before = unsafe {
            let (output, input) = (GetConsoleOutputCP(), GetConsoleCP());
            (output != 0 && SetConsoleOutputCP(CP_UTF8) != 0).then(|| {
                SetConsoleCP(CP_UTF8);
                (output, input)
            })
        };
        Utf8Console { before }
    }
    #[cfg(not(windows))]
    Utf8Console {}
}

#[cfg(windows)]
impl Drop for Utf8Console {
    fn drop(&mut self) {
        use windows_sys::Win32::System::Console::{SetConsoleCP, SetConsoleOutputCP};
        if let Some((output, input)) = self.before {
            // SAFETY: plain integers, code pages the console had a moment ago.
            unsafe {
                SetConsoleOutputCP(output);
                SetConsoleCP(input);
            }
        }
    }
}
