//! The 32-bit FNV-1a hash behind the default `MsgRandom`
//! (<http://www.isthe.com/chongo/tech/comp/fnv/>).

const OFFSET_BASIS: u32 = 0x811c_9dc5;
const PRIME: u32 = 0x0100_0193;

/// The 32-bit FNV-1a hash of the concatenated `parts`.
pub fn fnv1a32(parts: &[&[u8]]) -> u32 {
    parts
        .iter()
        .flat_map(|part| part.iter())
        .fold(OFFSET_BASIS, |hash, byte| {
            (hash ^ u32::from(*byte)).wrapping_mul(PRIME)
        })
}

#[cfg(test)]
mod tests {
    use super::fnv1a32;

    #[test]
    fn matches_the_published_test_vectors() {
        assert_eq!(fnv1a32(&[]), 0x811c_9dc5);
        assert_eq!(fnv1a32(&[b"a"]), 0xe40c_292c);
        assert_eq!(fnv1a32(&[b"foobar"]), 0xbf9c_f968);
        assert_eq!(fnv1a32(&[b"foo", b"bar"]), 0xbf9c_f968);
    }
}
