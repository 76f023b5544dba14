//! Who and when: the ids of tags, notes and corrections, the timestamps
//! they carry, the content hash a file is tied to, and the author's name.
//! Re-exported from [`crate::annotate`].

use std::hash::Hasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// XXH3-64 of the canonical text, as `xxh3:hex`. Every document loaded is
/// hashed, so the hash must run at memory speed (FNV-1a, a byte at a time,
/// cost more than parsing).
pub fn content_hash(text: &str) -> String {
    format!("xxh3:{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

/// The current time as RFC 3339 UTC with milliseconds.
pub fn now() -> String {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    format_time(d.as_secs(), d.subsec_millis())
}

/// Formats seconds since the epoch (UTC) as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn format_time(secs: u64, millis: u32) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// A new unique id: a prefix, the time in base 36 and a random part, so
/// ids made by different people do not collide.
pub fn new_id(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut hasher = std::hash::BuildHasher::build_hasher(&std::hash::RandomState::new());
    hasher.write_u64(n);
    hasher.write_u32(std::process::id());
    hasher.write_u128(d.as_nanos());
    let random = hasher.finish() % 36u64.pow(7);
    format!(
        "{prefix}-{}-{:0>7}{}",
        base36(d.as_millis() as u64),
        base36(random),
        base36(n % 1296)
    )
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    if n == 0 {
        return "0".into();
    }
    let mut out = Vec::new();
    while n > 0 {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
    }
    out.reverse();
    String::from_utf8(out).expect("ascii")
}

/// The name recorded as author: the configured name, else the login name
/// (`USER`, `LOGNAME`, `USERNAME`, else the passwd entry of the user running
/// floor), else "unknown".
pub fn author_name(configured: &str) -> String {
    if !configured.trim().is_empty() {
        return configured.trim().to_string();
    }
    for var in ["USER", "LOGNAME", "USERNAME"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            return v;
        }
    }
    passwd_login().unwrap_or_else(|| "unknown".into())
}

/// The login name of the real user id (from `/proc/self/status`) in
/// `/etc/passwd`; None where either cannot be read (no `/proc`, a directory
/// service without a passwd line).
fn passwd_login() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    login_of_uid(&std::fs::read_to_string("/etc/passwd").ok()?, uid)
}

/// The name on the line of `uid` in a passwd file (`name:x:uid:gid:...`).
fn login_of_uid(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let found: u32 = fields.nth(1)?.parse().ok()?;
        (found == uid && !name.is_empty()).then(|| name.to_string())
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn login_name_from_a_passwd_file() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\n# comment\n\nbroken\nana:x:1000:1000::/home/ana:/bin/sh\n";
        assert_eq!(super::login_of_uid(passwd, 1000).as_deref(), Some("ana"));
        assert_eq!(super::login_of_uid(passwd, 0).as_deref(), Some("root"));
        assert_eq!(super::login_of_uid(passwd, 7), None);
    }

    #[test]
    fn times_are_rfc3339() {
        assert_eq!(format_time(0, 0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_time(1_700_000_000, 5), "2023-11-14T22:13:20.005Z");
        assert_eq!(format_time(951_782_400, 0), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn ids_are_unique() {
        let ids: BTreeSet<String> = (0..1000).map(|_| new_id("t")).collect();
        assert_eq!(ids.len(), 1000);
    }
}
