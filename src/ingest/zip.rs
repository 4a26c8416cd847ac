//! A small, strict reader of zip archives (what a .docx is), written for hostile input: it reads
//! one named entry, caps the number of entries and the inflated size, checks the CRC, and never
//! trusts a size the archive declares. Only "stored" and "deflate" entries, as Word, WPS and
//! LibreOffice write them; no zip64 (a report is never 4 GB), no encryption.

/// Why an entry could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipError {
    /// No end-of-central-directory record: not a zip, or cut short.
    NotAZip,
    /// The central directory or a local header points outside the file: cut short or damaged.
    Damaged,
    /// More entries than any document has.
    TooManyEntries(usize),
    /// The entry is not in the archive.
    Missing,
    /// The entry is encrypted (a password-protected archive).
    Encrypted,
    /// A compression method other than stored or deflate.
    Method(u16),
    /// Inflating would exceed the cap (a zip bomb, or an absurdly large document).
    TooLarge(usize),
    /// The deflate data is broken or the CRC does not match.
    Corrupt,
}

/// At most this many entries: a .docx has a few dozen; a zip bomb of many small entries is refused.
pub const MAX_ENTRIES: usize = 5_000;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// One entry of the central directory.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    flags: u16,
    method: u16,
    crc: u32,
    compressed: usize,
    local_offset: usize,
}

/// The entries of the archive's central directory.
pub fn entries(bytes: &[u8]) -> Result<Vec<Entry>, ZipError> {
    // The end record is in the last 22 + 65 535 bytes (its comment is at most 64 KB).
    let min = bytes.len().saturating_sub(22 + 65_535);
    let eocd = (min..=bytes.len().saturating_sub(22)).rev().find(|&i| bytes[i..].starts_with(b"PK\x05\x06")).ok_or(ZipError::NotAZip)?;
    let count = u16_at(bytes, eocd + 10).ok_or(ZipError::Damaged)? as usize;
    let cd_offset = u32_at(bytes, eocd + 16).ok_or(ZipError::Damaged)? as usize;
    if count > MAX_ENTRIES {
        return Err(ZipError::TooManyEntries(count));
    }
    let mut out = Vec::with_capacity(count);
    let mut at = cd_offset;
    for _ in 0..count {
        if u32_at(bytes, at) != Some(0x0201_4b50) {
            return Err(ZipError::Damaged);
        }
        let field = |o: usize| u16_at(bytes, at + o).ok_or(ZipError::Damaged);
        let field32 = |o: usize| u32_at(bytes, at + o).ok_or(ZipError::Damaged);
        let (flags, method) = (field(8)?, field(10)?);
        let crc = field32(16)?;
        let compressed = field32(20)? as usize;
        let (name_len, extra_len, comment_len) = (field(28)? as usize, field(30)? as usize, field(32)? as usize);
        let local_offset = field32(42)? as usize;
        let name = bytes.get(at + 46..at + 46 + name_len).ok_or(ZipError::Damaged)?;
        out.push(Entry { name: String::from_utf8_lossy(name).into_owned(), flags, method, crc, compressed, local_offset });
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(out)
}

/// The bytes of the entry `name`, inflated to at most `cap` bytes.
pub fn read(bytes: &[u8], name: &str, cap: usize) -> Result<Vec<u8>, ZipError> {
    let list = entries(bytes)?;
    let e = list.iter().find(|e| e.name == name).ok_or(ZipError::Missing)?;
    if e.flags & 1 != 0 {
        return Err(ZipError::Encrypted);
    }
    let at = e.local_offset;
    if u32_at(bytes, at) != Some(0x0403_4b50) {
        return Err(ZipError::Damaged);
    }
    let name_len = u16_at(bytes, at + 26).ok_or(ZipError::Damaged)? as usize;
    let extra_len = u16_at(bytes, at + 28).ok_or(ZipError::Damaged)? as usize;
    let start = at + 30 + name_len + extra_len;
    let data = bytes.get(start..start.checked_add(e.compressed).ok_or(ZipError::Damaged)?).ok_or(ZipError::Damaged)?;
    let out = match e.method {
        0 => {
            if data.len() > cap {
                return Err(ZipError::TooLarge(cap));
            }
            data.to_vec()
        }
        8 => match miniz_oxide::inflate::decompress_to_vec_with_limit(data, cap) {
            Ok(v) => v,
            Err(err) if err.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput => return Err(ZipError::TooLarge(cap)),
            Err(_) => return Err(ZipError::Corrupt),
        },
        m => return Err(ZipError::Method(m)),
    };
    if crc32(&out) != e.crc {
        return Err(ZipError::Corrupt);
    }
    Ok(out)
}

/// CRC-32 (IEEE), as zip stores it.
pub fn crc32(data: &[u8]) -> u32 {
    const fn table() -> [u32; 256] {
        let mut t = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
                k += 1;
            }
            t[i] = c;
            i += 1;
        }
        t
    }
    static TABLE: [u32; 256] = table();
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c = TABLE[((c ^ b as u32) & 0xFF) as usize] ^ (c >> 8);
    }
    c ^ 0xFFFF_FFFF
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_of_a_known_string() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn garbage_is_not_a_zip() {
        assert_eq!(entries(b"not a zip at all").unwrap_err(), ZipError::NotAZip);
        assert_eq!(entries(b"").unwrap_err(), ZipError::NotAZip);
        // An end record pointing nowhere.
        let mut b = b"PK\x05\x06".to_vec();
        b.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0, 46, 0, 0, 0, 200, 0, 0, 0, 0, 0]);
        assert_eq!(entries(&b).unwrap_err(), ZipError::Damaged);
    }
}
