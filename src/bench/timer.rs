//! Sleeps that end on time, for the open loop's schedule. tokio's timer counts in whole
//! milliseconds, which at a few thousand calls per second would be most of what is
//! measured. On Linux a timerfd registered in the runtime's own event loop wakes it
//! within microseconds, with no thread of its own to hand calls over from (a second
//! wake-up per call); elsewhere tokio's timer serves.

use std::time::Instant;

/// A timer that one task sleeps on, one deadline at a time.
pub struct Timer {
    #[cfg(target_os = "linux")]
    precise: Option<tokio::io::unix::AsyncFd<std::os::fd::OwnedFd>>,
}

impl Timer {
    /// A precise timer where the system has one (else tokio's, which always works).
    pub fn new() -> Timer {
        Timer {
            #[cfg(target_os = "linux")]
            precise: linux::timerfd().ok(),
        }
    }

    /// Returns at `due` (at once if it has passed).
    pub async fn sleep_until(&self, due: Instant) {
        #[cfg(target_os = "linux")]
        if let Some(fd) = &self.precise
            && linux::sleep_until(fd, due).await.is_ok()
        {
            return;
        }
        tokio::time::sleep_until(due.into()).await;
    }
}

impl Default for Timer {
    fn default() -> Self {
        Timer::new()
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use std::io;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::time::Instant;

    use tokio::io::Interest;
    use tokio::io::unix::AsyncFd;

    pub fn timerfd() -> io::Result<AsyncFd<OwnedFd>> {
        // SAFETY: timerfd_create takes plain flags and returns a new descriptor or -1.
        let fd = unsafe {
            libc::timerfd_create(
                libc::CLOCK_MONOTONIC,
                libc::TFD_NONBLOCK | libc::TFD_CLOEXEC,
            )
        };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` was just created and nothing else owns it; an OwnedFd keeps it open
        // and the same for as long as the AsyncFd holds it.
        unsafe {
            let fd = OwnedFd::from_raw_fd(fd);
            AsyncFd::register_with_interest(fd, Interest::READABLE).map_err(io::Error::from)
        }
    }

    pub async fn sleep_until(fd: &AsyncFd<OwnedFd>, due: Instant) -> io::Result<()> {
        let Some(wait) = due.checked_duration_since(Instant::now()) else {
            return Ok(());
        };
        if wait.is_zero() {
            return Ok(());
        }
        let at = libc::itimerspec {
            it_interval: libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            },
            it_value: libc::timespec {
                tv_sec: wait.as_secs() as libc::time_t,
                tv_nsec: libc::c_long::from(wait.subsec_nanos() as i32),
            },
        };
        // SAFETY: `at` is a valid itimerspec and the old value is not asked for. Setting
        // the timer also clears any expiry not yet read.
        if unsafe { libc::timerfd_settime(fd.as_raw_fd(), 0, &at, std::ptr::null_mut()) } < 0 {
            return Err(io::Error::last_os_error());
        }
        loop {
            let mut ready = fd.readable().await?;
            let mut expiries = 0u64;
            // SAFETY: reads at most 8 bytes into a u64 the call owns.
            let read = unsafe {
                libc::read(
                    fd.as_raw_fd(),
                    (&mut expiries as *mut u64).cast::<libc::c_void>(),
                    8,
                )
            };
            if read == 8 {
                return Ok(());
            }
            let error = io::Error::last_os_error();
            if error.kind() != io::ErrorKind::WouldBlock {
                return Err(error);
            }
            ready.clear_ready();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn sleeps_end_at_their_deadline_not_before() {
        let timer = Timer::new();
        for micros in [0u64, 300, 2_000] {
            let due = Instant::now() + Duration::from_micros(micros);
            timer.sleep_until(due).await;
            assert!(Instant::now() >= due, "woke before {micros} µs");
        }
        // A deadline already past returns at once.
        let past = Instant::now().checked_sub(Duration::from_millis(5));
        timer.sleep_until(past.unwrap_or_else(Instant::now)).await;
    }
}
